package io.segmart.run;

import io.segmart.io.state.IncrementalState;
import io.segmart.options.SegmentationOptions;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where incremental runs keep their work: each run under its own dated folder of the output, {@code
 * <output>/as_of=YYYY-MM-DD/}, with its marts, its {@code _SUCCESS} marker and the state for the
 * next run ({@link IncrementalState}). A run continues from the newest complete run dated before
 * its own, so running a week again replaces that week's folder with the same result and leaves
 * every other week as it was.
 */
public final class IncrementalRuns {
  private static final Pattern DATED = Pattern.compile("as_of=(\\d{4}-\\d{2}-\\d{2})(/|$)");

  private IncrementalRuns() {}

  /** The folder of the run dated {@code asOf} under {@code output}. */
  public static String folder(String output, String asOf) {
    return output.replaceAll("/+$", "") + "/as_of=" + asOf;
  }

  /**
   * Points an incremental run's options at its dated folder and, unless {@code --stateFrom} is
   * given, at the state of the newest complete earlier run (none: the first run).
   */
  public static void resolve(SegmentationOptions options, String successMarker) {
    String output = options.getOutput();
    if (options.getStateFrom() == null) {
      options.setStateFrom(
          previousState(output, LocalDate.parse(options.getAsOf()), successMarker));
    }
    options.setOutput(folder(output, options.getAsOf()));
  }

  /**
   * The state folder of the newest run under {@code output} dated before {@code asOf} that
   * completed (has {@code successMarker}), or null when there is none.
   */
  public static @Nullable String previousState(
      String output, LocalDate asOf, String successMarker) {
    String pattern = folder(output, "*") + "/" + successMarker;
    LocalDate newest = null;
    String newestFolder = null;
    for (String marker : match(pattern)) {
      String dated = marker.substring(0, marker.length() - successMarker.length() - 1);
      LocalDate day = dateOf(dated);
      if (day == null) {
        continue;
      }
      if (day.isBefore(asOf) && (newest == null || day.isAfter(newest))) {
        newest = day;
        newestFolder = dated;
      }
    }
    return newestFolder == null ? null : IncrementalState.folder(newestFolder);
  }

  /** The date of a run's folder, or of a folder under it ({@code .../as_of=D/state}); or null. */
  public static @Nullable LocalDate dateOf(String path) {
    Matcher date = DATED.matcher(path);
    if (!date.find()) {
      return null;
    }
    try {
      return LocalDate.parse(date.group(1));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static List<String> match(String pattern) {
    try {
      MatchResult result = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (result.status() != MatchResult.Status.OK) {
        return List.of();
      }
      return result.metadata().stream().map(m -> m.resourceId().toString()).toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot list the earlier runs under " + pattern + ": " + e.getMessage(), e);
    }
  }
}
