package io.segmart.run;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress line at a steady interval for a person watching a long run, from one worker's step:
 * "segmart progress: reading, 4 files and 250,000 records so far (20 s)". Each worker reports what
 * it did itself; the figures at the end are in the run summary.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger("io.segmart.progress");
  private static final long INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

  private final String stage;
  private final long started = System.nanoTime();
  private long lastReport = started;
  private long files;
  private long records;

  public Progress(String stage) {
    this.stage = stage;
  }

  public void file() {
    files++;
    report();
  }

  public void record() {
    // The clock is read once every few thousand records, not per record.
    if ((++records & 0xFFF) == 0) {
      report();
    }
  }

  private void report() {
    long now = System.nanoTime();
    if (now - lastReport >= INTERVAL_NANOS) {
      lastReport = now;
      LOG.info(
          String.format(
              "segmart progress: %s, %,d files and %,d records so far (%d s)",
              stage, files, records, Duration.ofNanos(now - started).toSeconds()));
    }
  }
}
