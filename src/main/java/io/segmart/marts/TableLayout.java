package io.segmart.marts;

import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a mart is laid out as a BigQuery table: day partitions on a DATE column, or one partition per
 * reference date (a snapshot, where a run replaces only its own partition), and up to four
 * clustering columns. A mart that is {@link #filesOnly()} is written as files even when the run
 * writes to BigQuery.
 */
public final class TableLayout implements Serializable {
  private final boolean inBigQuery;
  private final @Nullable String partitionBy;
  private final boolean snapshot;
  private final List<String> clusterBy;

  private TableLayout(
      boolean inBigQuery, @Nullable String partitionBy, boolean snapshot, List<String> clusterBy) {
    this.inBigQuery = inBigQuery;
    this.partitionBy = partitionBy;
    this.snapshot = snapshot;
    this.clusterBy = clusterBy;
  }

  /** An unpartitioned, unclustered table that each run replaces. */
  public static TableLayout table() {
    return new TableLayout(true, null, false, List.of());
  }

  /** Not a BigQuery table: the mart stays files under the output folder. */
  public static TableLayout filesOnly() {
    return new TableLayout(false, null, false, List.of());
  }

  /** Day partitions on the DATE column. */
  public TableLayout partitionedBy(String dateColumn) {
    return new TableLayout(inBigQuery, dateColumn, false, clusterBy);
  }

  /** One partition per reference date in the DATE column; a run replaces only its own partition. */
  public TableLayout snapshotsBy(String dateColumn) {
    return new TableLayout(inBigQuery, dateColumn, true, clusterBy);
  }

  public TableLayout clusteredBy(String... columns) {
    return new TableLayout(inBigQuery, partitionBy, snapshot, List.of(columns));
  }

  public boolean inBigQuery() {
    return inBigQuery;
  }

  public @Nullable String partitionBy() {
    return partitionBy;
  }

  public boolean isSnapshot() {
    return snapshot;
  }

  public List<String> clusterBy() {
    return clusterBy;
  }
}
