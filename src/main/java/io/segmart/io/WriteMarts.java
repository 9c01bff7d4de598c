package io.segmart.io;

import io.segmart.config.PipelineConfig;
import io.segmart.io.bigquery.BigQuerySink;
import io.segmart.io.bigquery.MartTables;
import io.segmart.io.bigquery.WriteBigQueryMart;
import io.segmart.io.csv.WriteCsvMarts;
import io.segmart.marts.Mart;
import io.segmart.marts.MartCatalog;
import io.segmart.quality.DataTests;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The WriteMarts stage: writes each mart once every data test passed ({@link DataTests#RESULTS} in
 * the input), to its BigQuery table when the run writes to BigQuery and the mart is a table, else
 * as CSV files under the output folder. The rows per mart are counted by {@link DataTests}.
 */
public class WriteMarts extends PTransform<PCollectionTuple, PDone> {
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
  public PDone expand(PCollectionTuple input) {
    // One view of the test results gates every write: a step reading it as a side input starts
    // only once every test has been judged, and the judging fails the run when a test fails.
    PCollectionView<Iterable<KV<String, Long>>> testsJudged =
        input.get(DataTests.RESULTS).apply("TestsJudged", View.asIterable());
    // Column descriptions are read only when tables are written.
    MartTables tables = bigQuery == null ? null : new MartTables(MartCatalog.load(), config);
    List<Mart> files = new ArrayList<>();
    for (Mart mart : marts) {
      if (bigQuery != null && mart.table().inBigQuery()) {
        String name = mart.name();
        PCollection<Row> rows = input.get(Mart.tag(name));
        rows.apply(
                "AfterDataTests_" + name,
                ParDo.of(new AfterFn<Row>(testsJudged)).withSideInputs(testsJudged))
            .setRowSchema(rows.getSchema())
            .apply("Write_" + name, new WriteBigQueryMart(mart, tables, bigQuery));
      } else {
        files.add(mart);
      }
    }
    if (!files.isEmpty()) {
      input.apply("WriteCsvMarts", new WriteCsvMarts(output, files, spreadsheetSafe, testsJudged));
    }
    return PDone.in(input.getPipeline());
  }

  /** Passes its input on once {@code signal} is ready. */
  static class AfterFn<T> extends DoFn<T, T> {
    private final PCollectionView<?> signal;

    AfterFn(PCollectionView<?> signal) {
      this.signal = signal;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      context.sideInput(signal);
      context.output(context.element());
    }
  }
}
