package io.segmart;

import io.segmart.config.ConfigLoader;
import io.segmart.config.InvalidConfigException;
import io.segmart.config.PipelineConfig;
import io.segmart.io.csv.WriteCsvMarts;
import io.segmart.io.state.IncrementalState;
import io.segmart.marts.Mart;
import io.segmart.marts.Marts;
import io.segmart.options.RunChecks;
import io.segmart.options.SegmentationOptions;
import io.segmart.quality.DataTests;
import io.segmart.report.RunReport;
import io.segmart.run.ConsoleSummary;
import io.segmart.run.IncrementalRuns;
import io.segmart.run.OutputFolder;
import io.segmart.run.PhaseTimes;
import io.segmart.run.RunFailure;
import io.segmart.run.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Command line of SegMart: parses options and the pipeline configuration, runs, prints the run
 * summary.
 */
public final class SegMart {
  private static final String SUCCESS_MARKER = "_SUCCESS";

  private SegMart() {}

  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--help")) {
      printHelp();
      return;
    }
    System.exit(exitCode(args));
  }

  /**
   * Runs and returns the exit code: 0 when every mart was written, 1 when the run failed (a data
   * test, bad data, the runner), 2 when an option or the configuration is wrong and nothing was
   * run.
   */
  static int exitCode(String[] args) {
    try {
      return run(args);
    } catch (RunFailure e) { // before the job: a source that cannot be read
      System.err.println("segmart: the run failed: " + e.getMessage());
      return 1;
    } catch (InvalidConfigException | IllegalArgumentException e) {
      System.err.println("segmart: " + e.getMessage());
      return 2;
    }
  }

  static int run(String[] args) {
    PhaseTimes times = new PhaseTimes();
    try {
      return run(args, times);
    } finally {
      times.log();
    }
  }

  private static int run(String[] args, PhaseTimes times) {
    SegmentationOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(SegmentationOptions.class);
    options.setPipeline(configurationFile(options.getPipeline()).toString());
    PipelineConfig config = ConfigLoader.load(Path.of(options.getPipeline()));
    options.setOutput(
        absolute(options.getOutput() != null ? options.getOutput() : "out/" + config.name));
    FileSystems.setDefaultPipelineOptions(options);
    if (config.source.format.readsFiles()) {
      Path configFolder = Path.of(options.getPipeline()).toAbsolutePath().getParent();
      options.setInput(
          options.getInput() != null
              ? absolute(options.getInput())
              : relativeTo(configFolder, config.source.input));
    }
    if (options.getHistory() != null) {
      config.history.enabled = options.getHistory();
    }
    if (options.getSnapshotEvery() != null) {
      config.history.every = options.getSnapshotEvery();
    }
    RunChecks.check(options, config);
    if (options.getIncremental()) {
      IncrementalRuns.resolve(options, SUCCESS_MARKER);
    }
    List<Mart> declared = Marts.forRun(config, options.getIncremental());
    List<String> marts = Marts.names(declared);
    String filesOnly =
        String.join(
            ", ", Marts.names(declared.stream().filter(m -> !m.table().inBigQuery()).toList()));
    String output = options.getOutput();
    OutputFolder folder = OutputFolder.isLocal(output) ? new OutputFolder(output) : null;
    if (folder != null) {
      options.setOutput(prepare(folder));
      // The run completes into the staging folder and its tests are read back below, so that a
      // failed run still leaves its summary and rejects to look at.
      options.setFailOnDataTests(false);
    } else {
      clearPreviousRun(output, marts);
    }
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, config, options);
    times.mark("graph");
    System.out.printf(
        "segmart: pipeline %s, reading %s, writing %s%n",
        config.name,
        SegmentationPipeline.describeInput(config, options),
        options.getOutputDataset() == null
            ? output
            : "BigQuery dataset "
                + options.getOutputDataset()
                + " ("
                + filesOnly
                + " to "
                + output
                + ")");
    if (options.getRunner().getSimpleName().equals("DataflowRunner")) {
      // A Flex Template launcher must return once the job is submitted; the job writes its own
      // summary.
      PipelineResult result = pipeline.run();
      System.out.printf(
          "segmart: submitted to Dataflow (state %s); the run summary will be %s/%s%n",
          result.getState(), options.getOutput(), RunSummary.FILE);
      return 0;
    }
    try {
      PipelineResult.State state = pipeline.run().waitUntilFinish();
      times.mark("run");
      if (state != PipelineResult.State.DONE) {
        System.err.println(
            "segmart: the run ended in state "
                + state
                + "; the marts are incomplete"
                + unchanged(output, folder));
        return 1;
      }
    } catch (RuntimeException e) {
      System.err.println("segmart: the run failed: " + describe(e) + unchanged(output, folder));
      return 1;
    }
    if (folder != null) {
      String failedTests = failedTests(folder.staging());
      if (failedTests != null) {
        System.err.println(
            "segmart: the run failed: "
                + failedTests
                + "; "
                + previousRun(output)
                + ", and this run's run_summary.json, rejects and unpublished marts are in "
                + keepAsDiagnostics(folder));
        return 1;
      }
    }
    // Written with the marts into the folder that is then published as the output.
    String report = null;
    if (folder != null
        && options.getReport()
        && options.getOutputDataset() == null
        && writeReport(config, Path.of(options.getOutput()))) {
      report = output + "/" + RunReport.FILE;
    }
    markSuccess(options.getOutput());
    if (folder != null) {
      try {
        folder.publish();
      } catch (IOException e) {
        System.err.println(
            "segmart: the marts are complete under "
                + folder.staging()
                + " but could not replace "
                + output
                + ": "
                + e.getMessage());
        return 1;
      }
    }
    System.out.print(summary(output, report));
    times.mark("publish");
    return 0;
  }

  /** The failing data tests of the run summary in {@code folder}, or null when all passed. */
  private static String failedTests(String folder) {
    try {
      return RunSummary.failedTests(
          Files.readString(Path.of(folder, RunSummary.FILE), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return "its run summary could not be read (" + e.getMessage() + ")";
    }
  }

  private static String keepAsDiagnostics(OutputFolder folder) {
    try {
      return folder.keepAsDiagnostics();
    } catch (IOException e) {
      return folder.staging() + " (it could not be renamed: " + e.getMessage() + ")";
    }
  }

  /** What a failed run left in the output folder. */
  private static String previousRun(String output) {
    return Files.exists(Path.of(output))
        ? output + " still holds the previous complete run"
        : "nothing was written to " + output;
  }

  /** What a failed run left where, for its error message. */
  private static String unchanged(String output, OutputFolder folder) {
    return folder == null
        ? ""
        : "; "
            + previousRun(output)
            + ", and this run's partial output is under "
            + folder.staging();
  }

  private static String prepare(OutputFolder folder) {
    try {
      return folder.prepare();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot prepare " + folder.staging() + ": " + e.getMessage(), e);
    }
  }

  private static void printHelp() {
    System.out.println(
        "SegMart: customer-segmentation marts from invoice lines.\n\n"
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

  /** Local paths become absolute so the run does not depend on a runner's working directory. */
  private static String absolute(String path) {
    return path.contains("://") ? path : Path.of(path).toAbsolutePath().normalize().toString();
  }

  /**
   * A configuration's relative input is relative to the configuration file, wherever the run
   * starts.
   */
  private static String relativeTo(Path folder, String path) {
    return path.contains("://") || Path.of(path).isAbsolute()
        ? path
        : folder.resolve(path).normalize().toString();
  }

  /**
   * Removes what an earlier run wrote, so no stale file (e.g. a day no longer in the input)
   * survives.
   */
  private static void clearPreviousRun(String output, List<String> marts) {
    List<ResourceId> stale = new ArrayList<>();
    List<String> patterns = new ArrayList<>();
    for (String mart : marts) {
      patterns.add(output + "/" + mart + "/*.csv");
      patterns.add(output + "/" + WriteCsvMarts.PENDING + "/" + mart + "/*.csv");
    }
    patterns.add(IncrementalState.folder(output) + "/*.avro");
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
      throw new IllegalArgumentException(
          "cannot clear the previous run under " + output + ": " + e.getMessage(), e);
    }
  }

  /**
   * The run's table for the console, from the run_summary.json under {@code output}, with the
   * report's file when one was written.
   */
  private static String summary(String output, @Nullable String report) {
    ResourceId file = FileSystems.matchNewResource(output + "/" + RunSummary.FILE, false);
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return ConsoleSummary.render(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), output, report);
    } catch (IOException e) {
      return "segmart: marts written under "
          + output
          + " (no run summary: "
          + e.getMessage()
          + ")\n";
    }
  }

  /**
   * The run's HTML report beside its marts. The marts are complete whether or not it can be
   * written, so a report that fails is said and the run goes on. Returns whether it was written.
   */
  private static boolean writeReport(PipelineConfig config, Path output) {
    try {
      RunReport.write(config, output);
      return true;
    } catch (RuntimeException e) {
      System.err.println(
          "segmart: the report could not be written (" + describe(e) + "); the marts are complete");
      return false;
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
  public static String describe(Throwable error) {
    Throwable root = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RunFailure) {
        return t.getMessage();
      }
      // Runners that ship failures between processes keep only their text.
      String message = String.valueOf(t.getMessage());
      for (Class<?> failure : List.of(RunFailure.class, DataTests.DataTestFailure.class)) {
        String marker = failure.getSimpleName() + ": ";
        int at = message.indexOf(marker);
        if (at >= 0) {
          return message.substring(at + marker.length()).split("\n")[0];
        }
      }
      root = t;
    }
    // The message is followed by what the run left where: its own closing period would stand
    // mid-sentence.
    String message = String.valueOf(root.getMessage());
    return root.getClass().getSimpleName()
        + ": "
        + (message.endsWith(".") ? message.substring(0, message.length() - 1) : message);
  }
}
