package io.segmart.options;

import io.segmart.config.PipelineConfig;
import io.segmart.config.Snapshots;
import io.segmart.config.SourceFormat;
import io.segmart.config.SourceShape;
import io.segmart.io.state.IncrementalState;
import io.segmart.run.IncrementalRuns;
import io.segmart.run.OutputFolder;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;

/**
 * Every check of a run's options against each other and against the configuration, in one place,
 * before the graph is built: a failure is an {@link IllegalArgumentException} whose message says
 * what to pass instead, and nothing has been read or written yet. (The configuration file itself is
 * checked by {@code ConfigLoader}; a BigQuery source's columns, which need BigQuery, when the
 * source is read.)
 */
public final class RunChecks {
  private RunChecks() {}

  /** {@code options} with the input and output already resolved to absolute paths. */
  public static void check(SegmentationOptions options, PipelineConfig config) {
    checkPatterns(options);
    requireWritableOutput(options.getOutput());
    date("--asOf", options.getAsOf());
    LocalDate snapshotsFrom = date("--snapshotsFrom", options.getSnapshotsFrom());
    LocalDate snapshotsTo = date("--snapshotsTo", options.getSnapshotsTo());
    if (snapshotsFrom != null && snapshotsTo != null && snapshotsFrom.isAfter(snapshotsTo)) {
      throw new IllegalArgumentException(
          "--snapshotsFrom ("
              + snapshotsFrom
              + ") must not be after --snapshotsTo ("
              + snapshotsTo
              + ")");
    }
    if (options.getIncremental()) {
      if (options.getAsOf() == null) {
        throw new IllegalArgumentException(
            "--incremental needs --asOf: the date of this week's snapshot (the day after the"
                + " newest line of the delivery, for example)");
      }
      if (options.getSnapshotsFrom() != null || options.getSnapshotsTo() != null) {
        throw new IllegalArgumentException(
            "an incremental run adds the one snapshot of --asOf: leave out --snapshotsFrom and"
                + " --snapshotsTo, or run the whole history without --incremental");
      }
      if (config.cleaning.countsReturns()) {
        throw new IllegalArgumentException(
            "pipeline "
                + config.name
                + " counts returns (cleaning.returnedStatuses), and an incremental run's state"
                + " keeps no item statuses: run it without --incremental");
      }
      if (config.source.shape == SourceShape.CUSTOMERS) {
        throw new IllegalArgumentException(
            "pipeline "
                + config.name
                + " reads one row of totals per customer (source.shape customers), which already"
                + " holds every order: run it without --incremental");
      }
      if (options.getStateFrom() != null) {
        requireEarlierState(options.getStateFrom(), LocalDate.parse(options.getAsOf()));
      }
    } else if (options.getStateFrom() != null) {
      throw new IllegalArgumentException(
          "--stateFrom is where an incremental run continues from: add --incremental");
    }
    if (options.getClusterSampleSize() < 1) {
      throw new IllegalArgumentException(
          "--clusterSampleSize must be at least 1 (customers the clusters are fitted on)");
    }
    if (Snapshots.period(config.history.every) == null) {
      throw new IllegalArgumentException(
          "--snapshotEvery="
              + config.history.every
              + " is not a period of at least one day: use P7D, P1D or P1M");
    }
    LocalDate since = date("--since", options.getSince());
    LocalDate until = date("--until", options.getUntil());
    if (config.source.format.readsFiles()) {
      if (since != null || until != null) {
        throw new IllegalArgumentException(
            "--since and --until filter BigQuery sources; choose files with --input");
      }
      requireInputFiles(options.getInput());
    } else if (config.source.format == SourceFormat.JDBC) {
      if (since != null
          || until != null
          || options.getInputTable() != null
          || options.getInputQuery() != null) {
        throw new IllegalArgumentException(
            "--since, --until, --inputTable and --inputQuery are for BigQuery sources; a database"
                + " source reads source.table or source.query of its configuration");
      }
    } else {
      if (options.getInputTable() != null && options.getInputQuery() != null) {
        throw new IllegalArgumentException("give --inputTable or --inputQuery, not both");
      }
      if (since != null && until != null && !since.isBefore(until)) {
        throw new IllegalArgumentException(
            "--since (" + since + ") must be before --until (" + until + ")");
      }
    }
    if (options.getOutputDataset() != null
        && options.getWriteMethod() == SegmentationOptions.WriteMethod.STORAGE_WRITE_API
        && options.getWriteDisposition() == BigQueryIO.Write.WriteDisposition.WRITE_TRUNCATE) {
      throw new IllegalArgumentException(
          "--writeMethod=STORAGE_WRITE_API cannot replace tables or partitions: use"
              + " --writeDisposition=WRITE_APPEND (or WRITE_EMPTY), or --writeMethod=FILE_LOADS for idempotent reruns");
    }
    boolean usesBigQuery =
        config.source.format == SourceFormat.BIGQUERY || options.getOutputDataset() != null;
    if (usesBigQuery && options.as(GcpOptions.class).getGcpCredential() == null) {
      // Without credentials every BigQuery call retries for minutes before it fails.
      throw new IllegalArgumentException(
          "BigQuery needs Google Cloud credentials and none were found: run"
              + " `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a key file");
    }
  }

  /**
   * Values of options with a {@link ParameterPattern} must match it, as the Flex Template metadata
   * says.
   */
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
        throw new IllegalArgumentException(
            String.format(
                "--%s=%s does not have the expected form %s",
                FlexTemplateMetadata.optionName(getter), value, pattern.value()));
      }
    }
  }

  private static LocalDate date(String option, String value) {
    try {
      return value == null || value.isEmpty() ? null : LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option
              + "="
              + value
              + " is not a date; give it as YYYY-MM-DD, e.g. "
              + option
              + "=2011-12-10");
    }
  }

  /**
   * A local output must be a folder, or a path that can become one; checked before any data is read
   * rather than when the first mart is written. Object stores are checked by the runner.
   */
  private static void requireWritableOutput(String output) {
    if (output == null || !OutputFolder.isLocal(output)) {
      return;
    }
    Path folder = Path.of(output);
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "--output=" + output + " is a file; give a folder (it holds a folder per mart)");
    }
    Path existing = folder.toAbsolutePath();
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw new IllegalArgumentException(
          "--output=" + output + " cannot be written: " + existing + " is not a writable folder");
    }
  }

  /** The input pattern must match at least one file, and local files must be readable. */
  /** The state of an earlier incremental run: its files exist, and it is dated before asOf. */
  private static void requireEarlierState(String folder, LocalDate asOf) {
    String pattern = IncrementalState.customerFiles(folder);
    try {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new IllegalArgumentException(
            "--stateFrom="
                + folder
                + " holds no state ("
                + pattern
                + "): name the state folder of an earlier incremental run,"
                + " <output>/as_of=<date>/state");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --stateFrom=" + folder + ": " + e.getMessage(), e);
    }
    LocalDate dated = IncrementalRuns.dateOf(folder);
    if (dated != null && !dated.isBefore(asOf)) {
      throw new IllegalArgumentException(
          "--stateFrom="
              + folder
              + " is the state of "
              + dated
              + ": an incremental run continues from a week before its --asOf ("
              + asOf
              + ")");
    }
  }

  private static void requireInputFiles(String pattern) {
    try {
      MatchResult match = FileSystems.match(pattern);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new IllegalArgumentException(
            "no input file matches "
                + pattern
                + "; check --input or source.input of the configuration");
      }
      for (MatchResult.Metadata file : match.metadata()) {
        String path = file.resourceId().toString();
        if (!path.contains("://") && !Files.isReadable(Path.of(path))) {
          throw new IllegalArgumentException("input file " + path + " cannot be read");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot list input files " + pattern + ": " + e.getMessage(), e);
    }
  }
}
