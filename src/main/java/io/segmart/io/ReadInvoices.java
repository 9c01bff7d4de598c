package io.segmart.io;

import io.segmart.common.BundleTally;
import io.segmart.common.SchemaCoders;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SourceFormat;
import io.segmart.io.bigquery.BigQuerySource;
import io.segmart.io.bigquery.ReadBigQueryInvoices;
import io.segmart.io.files.ReadInvoiceFiles;
import io.segmart.io.jdbc.JdbcSource;
import io.segmart.io.jdbc.ReadJdbcInvoices;
import io.segmart.model.Reject;
import io.segmart.model.SourceRecord;
import io.segmart.options.SegmentationOptions;
import io.segmart.run.SummaryKeys;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Reads the configured source (CSV or JSON Lines files, BigQuery, or a database) into {@link
 * SourceRecord}s, so that cleaning, rejects and reconciliation are the same whatever the source.
 * Records that cannot be read go to {@link #REJECTS}; facts about what was read (records read, kept
 * or not; files, empty files) go to {@link #FACTS}.
 */
public class ReadInvoices extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<SourceRecord> RECORDS = new TupleTag<SourceRecord>() {};
  public static final TupleTag<Reject> REJECTS = new TupleTag<Reject>() {};
  public static final TupleTag<KV<String, Long>> FACTS = new TupleTag<KV<String, Long>>() {};

  /**
   * Per input (a file relative to the input pattern, or a table), its physical lines and those that
   * are not records: (input, term) to a count, with the terms below.
   */
  public static final TupleTag<KV<KV<String, String>, Long>> LINES =
      new TupleTag<KV<KV<String, String>, Long>>() {};

  /** Physical lines (rows of a table). */
  public static final String LINES_READ = "lines";

  /** Lines of a header that was used. */
  public static final String HEADER = "header";

  /** Empty lines, skipped. */
  public static final String BLANK = "blank";

  /** Second and later lines of records with a quoted line break. */
  public static final String CONTINUATION = "continuation";

  private final PipelineConfig.Source source;
  private final SegmentationOptions options;
  private final BigQueryServices bigQuery;

  /** The name of the lookup table read (customers, products); null for the lines. */
  private final String lookupTable;

  /** Reads the run's lines. */
  public ReadInvoices(
      PipelineConfig.Source source, SegmentationOptions options, BigQueryServices bigQuery) {
    this(source, options, bigQuery, null);
  }

  private ReadInvoices(
      PipelineConfig.Source source,
      SegmentationOptions options,
      BigQueryServices bigQuery,
      String lookupTable) {
    this.source = source;
    this.options = options;
    this.bigQuery = bigQuery;
    this.lookupTable = lookupTable;
  }

  /**
   * Reads a lookup table of the lines ({@code source.customers}, named {@code name}): from its own
   * files or BigQuery table, whole.
   */
  public static ReadInvoices lookupTable(
      String name,
      PipelineConfig.Source table,
      SegmentationOptions options,
      BigQueryServices bigQuery) {
    return new ReadInvoices(table, options, bigQuery, name);
  }

  /**
   * What reading a table (BigQuery, a database) outputs: its rows as records, one physical line per
   * row for the line accounting of input {@code name}, no unreadable rows, and the rows read.
   */
  public static PCollectionTuple tableRows(
      PBegin begin, PCollection<SourceRecord> rows, String name) {
    return PCollectionTuple.of(RECORDS, rows)
        .and(
            LINES,
            rows.apply(
                    "RowsAsLines",
                    MapElements.into(
                            TypeDescriptors.kvs(
                                TypeDescriptors.kvs(
                                    TypeDescriptors.strings(), TypeDescriptors.strings()),
                                TypeDescriptors.longs()))
                        .via(row -> KV.of(KV.of(name, LINES_READ), 1L)))
                .setCoder(
                    KvCoder.of(
                        KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), VarLongCoder.of())))
        .and(
            REJECTS,
            begin.apply(
                "NoUnreadableRows",
                Create.empty(SchemaCoders.of(begin.getPipeline(), Reject.class))))
        .and(
            FACTS,
            rows.apply(
                    "CountRowsRead",
                    ParDo.of(BundleTally.counting((SourceRecord r) -> SummaryKeys.READ)))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    if (source.format == SourceFormat.JDBC) {
      return begin.apply(
          "ReadDatabase",
          new ReadJdbcInvoices(JdbcSource.of(source, options, System.getenv()), source));
    }
    if (source.format == SourceFormat.BIGQUERY) {
      BigQuerySource table =
          lookupTable == null
              ? BigQuerySource.of(source, options)
              : BigQuerySource.ofLookupTable(source, lookupTable, options);
      return begin.apply("ReadBigQuery", new ReadBigQueryInvoices(table, source, bigQuery));
    }
    String input = lookupTable == null ? options.getInput() : source.input;
    return begin.apply(
        "ReadFiles", new ReadInvoiceFiles(input, source, options.getOnDamagedFile()));
  }
}
