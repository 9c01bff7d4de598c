package io.segmart.marts;

import java.io.Serializable;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a mart is written as CSV files: one file or one file per partition (named {@code
 * mart-PARTITION.csv}), rows in the order of a sort key, and whether text is made safe to open in a
 * spreadsheet.
 */
public final class FileLayout implements Serializable {
  private final @Nullable SerializableFunction<Row, String> partition;
  private final SerializableFunction<Row, String> sortKey;
  private final boolean spreadsheetSafe;

  private FileLayout(
      @Nullable SerializableFunction<Row, String> partition,
      SerializableFunction<Row, String> sortKey,
      boolean spreadsheetSafe) {
    this.partition = partition;
    this.sortKey = sortKey;
    this.spreadsheetSafe = spreadsheetSafe;
  }

  /**
   * One file, {@code mart.csv}, sorted by {@code sortKey}; written header-only when there is no
   * row.
   */
  public static FileLayout oneFile(SerializableFunction<Row, String> sortKey) {
    return new FileLayout(null, sortKey, false);
  }

  /** One file per value of {@code partition}, each sorted by {@code sortKey}. */
  public static FileLayout partitioned(
      SerializableFunction<Row, String> partition, SerializableFunction<Row, String> sortKey) {
    return new FileLayout(partition, sortKey, false);
  }

  /** The same layout, with text that a spreadsheet would run as a formula written as text. */
  public FileLayout spreadsheetSafe() {
    return new FileLayout(partition, sortKey, true);
  }

  public @Nullable SerializableFunction<Row, String> partition() {
    return partition;
  }

  public SerializableFunction<Row, String> sortKey() {
    return sortKey;
  }

  public boolean isSpreadsheetSafe() {
    return spreadsheetSafe;
  }
}
