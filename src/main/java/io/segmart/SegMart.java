package io.segmart;

import io.segmart.config.ConfigLoader;
import io.segmart.config.InvalidConfigException;
import io.segmart.config.PipelineConfig;
import io.segmart.intermediate.ReferenceDate;
import io.segmart.marts.DataTests;
import io.segmart.marts.RunSummary;
import io.segmart.options.FlexTemplateMetadata;
import io.segmart.options.ParameterPattern;
import io.segmart.options.SegmentationOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Command line of SegMart: parses options and the pipeline configuration, runs, prints the run summary. */
public final class SegMart {
  private static final String SUCCESS_MARKER = "_SUCCESS";

  private SegMart() {}

  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--help")) {
      printHelp();
      return;
    }
    try {
      System.exit(run(args));
    } catch (InvalidConfigException | IllegalArgumentException e) {
      System.err.println("segmart: " + e.getMessage());
      System.exit(2);
    }
  }

  static int run(String[] args) {
    PipelineOptionsFactory.register(SegmentationOptions.class);
    SegmentationOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(SegmentationOptions.class);
    checkPatterns(options);
    options.setPipeline(configurationFile(options.getPipeline()).toString());
    PipelineConfig config = ConfigLoader.load(Path.of(options.getPipeline()));
    if (options.getAsOf() != null) {
      ReferenceDate.parse(options.getAsOf());
    }
    options.setOutput(absolute(options.getOutput() != null ? options.getOutput() : "out/" + config.name));
    FileSystems.setDefaultPipelineOptions(options);
    if (config.source.format.equals("csv")) {
      Path configFolder = Path.of(options.getPipeline()).toAbsolutePath().getParent();
      options.setInput(options.getInput() != null ? absolute(options.getInput()) : relativeTo(configFolder, config.source.input));
      requireInputFiles(options.getInput());
      if (options.getSince() != null || options.getUntil() != null) {
        throw new IllegalArgumentException("--since and --until filter BigQuery sources; choose files with --input");
      }
    }
    boolean usesBigQuery = config.source.format.equals("bigquery") || options.getOutputDataset() != null;
    if (usesBigQuery && options.as(GcpOptions.class).getGcpCredential() == null) {
      // Without credentials every BigQuery call retries for minutes before it fails.
      throw new IllegalArgumentException("BigQuery needs Google Cloud credentials and none were found: run"
          + " `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a key file");
    }
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, config, options);
    clearPreviousRun(options.getOutput());
    System.out.printf("segmart: pipeline %s, reading %s, writing %s%n", config.name,
        SegmentationPipeline.describeInput(config, options),
        options.getOutputDataset() == null ? options.getOutput()
            : "BigQuery dataset " + options.getOutputDataset() + " (cx_export to " + options.getOutput() + ")");
    if (options.getRunner().getSimpleName().equals("DataflowRunner")) {
      // A Flex Template launcher must return once the job is submitted; the job writes its own summary.
      PipelineResult result = pipeline.run();
      System.out.printf("segmart: submitted to Dataflow (state %s); the run summary will be %s/%s%n",
          result.getState(), options.getOutput(), RunSummary.FILE);
      return 0;
    }
    try {
      PipelineResult.State state = pipeline.run().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        System.err.println("segmart: the run ended in state " + state + "; the marts are incomplete");
        return 1;
      }
    } catch (RuntimeException e) {
      System.err.println("segmart: the run failed: " + describe(e));
      return 1;
    }
    String summary = readSummary(options.getOutput());
    markSuccess(options.getOutput());
    System.out.println(summary);
    System.out.printf("segmart: marts written under %s (one folder per mart: %s)%n", options.getOutput(),
        String.join(", ", SegmentationPipeline.MARTS));
    return 0;
  }

  private static void printHelp() {
    System.out.println("SegMart: customer-segmentation marts from invoice lines.\n\n"
        + "Usage: scripts/run-local.sh [--pipeline=pipelines/NAME.yaml] [--input=GLOB] [--output=DIR] [--asOf=YYYY-MM-DD]\n"
        + "                           [--runner=FlinkRunner|DirectRunner] [any Beam or runner option]\n"
        + "BigQuery: --pipeline=pipelines/online-retail-bigquery.yaml --project=P --tempLocation=gs://B/tmp\n"
        + "          [--inputTable=|--inputQuery=] [--since= --until=] [--outputDataset=P:D] (see README, BigQuery)\n\n"
        + "Runner options: --help=org.apache.beam.runners.flink.FlinkPipelineOptions (Flink),\n"
        + "--help=org.apache.beam.runners.direct.DirectOptions (DirectRunner),\n"
        + "--help=org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions (project, temp dataset).\n");
    PipelineOptionsFactory.printHelp(System.out, SegmentationOptions.class);
  }

  /**
   * The configuration file: as given, or when a relative path does not exist here, under
   * $SEGMART_HOME (the Flex Template image sets it to where pipelines/ is).
   */
  private static Path configurationFile(String pipeline) {
    Path file = Path.of(pipeline);
    String home = System.getenv("SEGMART_HOME");
    if (!file.isAbsolute() && !Files.exists(file) && home != null) {
      return Path.of(home).resolve(file);
    }
    return file;
  }

  /** Values of options with a {@link ParameterPattern} must match it, as the Flex Template metadata says. */
  private static void checkPatterns(SegmentationOptions options) {
    for (Method getter : SegmentationOptions.class.getDeclaredMethods()) {
      ParameterPattern pattern = getter.getAnnotation(ParameterPattern.class);
      if (pattern == null) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(options);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read option " + getter.getName(), e);
      }
      if (value != null && !value.toString().matches(pattern.value())) {
        throw new IllegalArgumentException(String.format("--%s=%s does not have the expected form %s",
            FlexTemplateMetadata.optionName(getter), value, pattern.value()));
      }
    }
  }

  /** Local paths become absolute so the run does not depend on a runner's working directory. */
  private static String absolute(String path) {
    return path.contains("://") ? path : Path.of(path).toAbsolutePath().normalize().toString();
  }

  /** A configuration's relative input is relative to the configuration file, wherever the run starts. */
  private static String relativeTo(Path folder, String path) {
    return path.contains("://") || Path.of(path).isAbsolute() ? path : folder.resolve(path).normalize().toString();
  }

  /** Fails before the run, without a stack trace, when the input pattern matches nothing. */
  private static void requireInputFiles(String pattern) {
    try {
      MatchResult match = FileSystems.match(pattern);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new IllegalArgumentException("no input file matches " + pattern
            + "; check --input or source.input of the configuration");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list input files " + pattern + ": " + e.getMessage(), e);
    }
  }

  /** Removes what an earlier run wrote, so no stale file (e.g. a day no longer in the input) survives. */
  private static void clearPreviousRun(String output) {
    List<ResourceId> stale = new ArrayList<>();
    List<String> patterns = new ArrayList<>();
    for (String mart : SegmentationPipeline.MARTS) {
      patterns.add(output + "/" + mart + "/*.csv");
    }
    patterns.add(output + "/" + RunSummary.FILE);
    patterns.add(output + "/" + SUCCESS_MARKER);
    try {
      for (MatchResult match : FileSystems.match(patterns)) {
        if (match.status() == MatchResult.Status.OK) {
          match.metadata().forEach(m -> stale.add(m.resourceId()));
        }
      }
      FileSystems.delete(stale, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot clear the previous run under " + output + ": " + e.getMessage(), e);
    }
  }

  private static String readSummary(String output) {
    ResourceId file = FileSystems.matchNewResource(output + "/" + RunSummary.FILE, false);
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no run summary: " + e.getMessage() + ")";
    }
  }

  /** An empty _SUCCESS file tells readers that every mart of this run is complete. */
  private static void markSuccess(String output) {
    ResourceId marker = FileSystems.matchNewResource(output + "/" + SUCCESS_MARKER, false);
    try {
      FileSystems.create(marker, "text/plain").close();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + marker + ": " + e.getMessage(), e);
    }
  }

  /** The data-test message when a data test failed, else the innermost cause. */
  static String describe(Throwable error) {
    Throwable root = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof DataTests.DataTestFailure) {
        return t.getMessage();
      }
      String message = String.valueOf(t.getMessage());
      int at = message.indexOf(DataTests.DataTestFailure.class.getSimpleName() + ": ");
      if (at >= 0) {
        return message.substring(at + DataTests.DataTestFailure.class.getSimpleName().length() + 2).split("\n")[0];
      }
      root = t;
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
