package io.segmart.io;

import io.segmart.config.PipelineConfig;
import io.segmart.config.SourceFormat;
import io.segmart.io.bigquery.BigQuerySource;
import io.segmart.io.bigquery.ReadBigQueryInvoices;
import io.segmart.io.files.ReadInvoiceFiles;
import io.segmart.model.Reject;
import io.segmart.model.SourceRecord;
import io.segmart.options.SegmentationOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads the configured source (CSV or JSON Lines files, or BigQuery) into {@link SourceRecord}s, so
 * that cleaning, rejects and reconciliation are the same whatever the source. Records that cannot
 * be read go to {@link #REJECTS}; facts about what was read (records read, kept or not; files,
 * empty files) go to {@link #FACTS}.
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

  @Override
  public PCollectionTuple expand(PBegin begin) {
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
