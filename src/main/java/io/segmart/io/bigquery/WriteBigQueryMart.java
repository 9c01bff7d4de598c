package io.segmart.io.bigquery;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import io.segmart.marts.Mart;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryUtils;
import org.apache.beam.sdk.io.gcp.bigquery.TableDestination;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.ValueInSingleWindow;

/**
 * Writes one mart to its BigQuery table with the real {@link BigQueryIO}: an explicit schema with
 * column descriptions, day partitioning and clustering. A snapshot mart written with load jobs goes
 * to the partition of its reference date ({@code table$YYYYMMDD}), so WRITE_TRUNCATE replaces that
 * partition only and a weekly rerun is idempotent; other marts replace the whole table.
 */
public class WriteBigQueryMart extends PTransform<PCollection<Row>, WriteResult> {
  private final String table;
  private final String description;
  private final TableSchema schema;
  private final TimePartitioning partitioning;
  private final Clustering clustering;
  private final String snapshotColumn;
  private final BigQueryIO.Write.Method method;
  private final BigQueryIO.Write.WriteDisposition disposition;
  private final BigQueryServices services;

  /**
   * {@code sink}: where and how tables are written ({@code RunChecks} refuses a truncating Storage
   * Write API).
   */
  public WriteBigQueryMart(Mart mart, MartTables tables, BigQuerySink sink) {
    this.table = sink.dataset + "." + mart.name();
    this.description = tables.description(mart);
    this.schema = tables.schema(mart);
    this.partitioning = MartTables.partitioning(mart);
    this.clustering = MartTables.clustering(mart);
    this.snapshotColumn = mart.table().isSnapshot() ? mart.table().partitionBy() : null;
    this.method = sink.method;
    this.disposition = sink.disposition;
    this.services = sink.services;
  }

  @Override
  public WriteResult expand(PCollection<Row> rows) {
    BigQueryIO.Write<Row> write =
        BigQueryIO.<Row>write()
            .withSchema(schema)
            .withFormatFunction(BigQueryUtils.toTableRow())
            .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(disposition)
            .withMethod(method)
            .withTestServices(services);
    // Partition decorators are a load-job feature; the Storage Write API appends to the table.
    if (snapshotColumn != null && method == BigQueryIO.Write.Method.FILE_LOADS) {
      write =
          write.to(
              new SnapshotPartition(
                  table,
                  description,
                  snapshotColumn,
                  BigQueryHelpers.toJsonString(partitioning),
                  clustering == null ? null : BigQueryHelpers.toJsonString(clustering)));
      if (clustering != null) {
        write = write.withClustering();
      }
    } else {
      write = write.to(table).withTableDescription(description);
      if (partitioning != null) {
        write = write.withTimePartitioning(partitioning);
      }
      if (clustering != null) {
        write = write.withClustering(clustering);
      }
    }
    return rows.apply("WriteTable", write);
  }

  /** The partition of a row's reference date: {@code table$YYYYMMDD}. */
  static class SnapshotPartition
      implements SerializableFunction<ValueInSingleWindow<Row>, TableDestination> {
    private static final DateTimeFormatter DECORATOR = DateTimeFormatter.BASIC_ISO_DATE;
    private final String table;
    private final String description;
    private final String column;
    private final String partitioningJson;
    private final String clusteringJson;

    SnapshotPartition(
        String table,
        String description,
        String column,
        String partitioningJson,
        String clusteringJson) {
      this.table = table;
      this.description = description;
      this.column = column;
      this.partitioningJson = partitioningJson;
      this.clusteringJson = clusteringJson;
    }

    @Override
    public TableDestination apply(ValueInSingleWindow<Row> row) {
      LocalDate day = row.getValue().getLogicalTypeValue(column, LocalDate.class);
      return new TableDestination(
          table + "$" + DECORATOR.format(day), description, partitioningJson, clusteringJson);
    }
  }
}
