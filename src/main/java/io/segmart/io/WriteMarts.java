package io.segmart.io;

import io.segmart.config.PipelineConfig;
import io.segmart.io.bigquery.BigQuerySink;
import io.segmart.io.bigquery.MartTables;
import io.segmart.io.bigquery.WriteBigQueryMart;
import io.segmart.io.csv.WriteCsvMart;
import io.segmart.marts.Mart;
import io.segmart.marts.MartCatalog;
import io.segmart.quality.DataTests;
import io.segmart.run.SummaryKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The WriteMarts stage: writes each mart once every data test passed ({@link DataTests#RESULTS} in
 * the input), to its BigQuery table when the run writes to BigQuery and the mart is a table, else
 * as CSV files under the output folder. Its output is the rows written per mart, as run-summary
 * facts.
 */
public class WriteMarts extends PTransform<PCollectionTuple, PCollection<KV<String, Long>>> {
  private final List<Mart> marts;
  private final PipelineConfig config;
  private final String output;
  private final @Nullable BigQuerySink bigQuery;
  private final boolean spreadsheetSafe;

  /**
   * {@code bigQuery}: null when every mart goes to files; {@code spreadsheetSafe}: every CSV mart
   * neutralised for spreadsheets, not only those that declare it.
   */
  public WriteMarts(
      List<Mart> marts,
      PipelineConfig config,
      String output,
      @Nullable BigQuerySink bigQuery,
      boolean spreadsheetSafe) {
    this.marts = marts;
    this.config = config;
    this.output = output;
    this.bigQuery = bigQuery;
    this.spreadsheetSafe = spreadsheetSafe;
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollectionTuple input) {
    PCollection<KV<String, Long>> testResults = input.get(DataTests.RESULTS);
    // Column descriptions are read only when tables are written.
    MartTables tables = bigQuery == null ? null : new MartTables(MartCatalog.load(), config);
    List<PCollection<KV<String, Long>>> rowsWritten = new ArrayList<>();
    for (Mart mart : marts) {
      String name = mart.name();
      PCollection<Row> rows = input.get(Mart.tag(name));
      rowsWritten.add(
          rows.apply("Count_" + name, Count.globally())
              .apply(
                  "Rows_" + name,
                  MapElements.into(
                          TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                      .via(n -> KV.of(SummaryKeys.rows(name), n))));
      PCollection<Row> tested =
          rows.apply("AfterDataTests_" + name, Wait.on(testResults)).setRowSchema(rows.getSchema());
      if (bigQuery != null && mart.table().inBigQuery()) {
        tested.apply("Write_" + name, new WriteBigQueryMart(mart, tables, bigQuery));
      } else {
        tested.apply("Write_" + name, new WriteCsvMart(output, mart, spreadsheetSafe));
      }
    }
    return PCollectionList.of(rowsWritten).apply("RowsWritten", Flatten.pCollections());
  }
}
