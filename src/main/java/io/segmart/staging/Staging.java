package io.segmart.staging;

import io.segmart.config.PipelineConfig;
import io.segmart.config.SourceShape;
import io.segmart.io.ReadInvoices;
import io.segmart.model.Reject;
import io.segmart.options.SegmentationOptions;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The Staging stage: reads the configured source, cleans the lines by the configured rules and
 * drops duplicates. Its output holds the kept lines ({@link DropDuplicates#UNIQUE}), each
 * customer's lines ({@link DropDuplicates#BY_CUSTOMER}), the lines per day and the duplicates
 * counted, every reject ({@link #REJECTS}), and what was read ({@link ReadInvoices#RECORDS}, {@link
 * ReadInvoices#REJECTS}, {@link ReadInvoices#FACTS}, {@link ReadInvoices#LINES}) for the run's
 * facts.
 */
public class Staging extends PTransform<PBegin, PCollectionTuple> {
  /** Every record not kept: unreadable, or dropped by a cleaning rule. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<Reject>("all_rejects") {};

  private final PipelineConfig config;
  private final SegmentationOptions options;
  private final BigQueryServices bigQuery;

  public Staging(PipelineConfig config, SegmentationOptions options, BigQueryServices bigQuery) {
    this.config = config;
    this.options = options;
    this.bigQuery = bigQuery;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple read =
        begin.apply("ReadInvoices", new ReadInvoices(config.source, options, bigQuery));
    if (config.source.customers != null) {
      read =
          read.apply(
              "JoinCustomers",
              new JoinLookupTable(
                  "customers",
                  "customer_id",
                  config.source.customers,
                  ReadInvoices.lookupTable(
                      "customers", config.source.customers, options, bigQuery)));
    }
    if (config.source.products != null) {
      read =
          read.apply(
              "JoinProducts",
              new JoinLookupTable(
                  "products",
                  "product_id",
                  config.source.products,
                  ReadInvoices.lookupTable("products", config.source.products, options, bigQuery)));
    }
    if (config.source.shape == SourceShape.CUSTOMERS) {
      return customerTotals(read);
    }
    PCollectionTuple cleaned =
        read.get(ReadInvoices.RECORDS).apply("CleanInvoiceLines", new CleanInvoiceLines(config));
    PCollectionTuple deduplicated =
        cleaned
            .get(CleanInvoiceLines.KEPT)
            .apply("DropDuplicates", new DropDuplicates(config.source.timeZone));
    return withWhatWasRead(
        deduplicated.and(
            CleanInvoiceLines.ITEM_STATUSES, cleaned.get(CleanInvoiceLines.ITEM_STATUSES)),
        read,
        cleaned.get(CleanInvoiceLines.REJECTS));
  }

  /**
   * {@code staged} with every reject (unreadable, or dropped by {@code cleaningRejects}' rules) and
   * what was read, for the run's facts.
   */
  private static PCollectionTuple withWhatWasRead(
      PCollectionTuple staged, PCollectionTuple read, PCollection<Reject> cleaningRejects) {
    return staged
        .and(
            REJECTS,
            PCollectionList.of(read.get(ReadInvoices.REJECTS))
                .and(cleaningRejects)
                .apply("AllRejects", Flatten.pCollections()))
        .and(ReadInvoices.RECORDS, read.get(ReadInvoices.RECORDS))
        .and(ReadInvoices.REJECTS, read.get(ReadInvoices.REJECTS))
        .and(ReadInvoices.FACTS, read.get(ReadInvoices.FACTS))
        .and(ReadInvoices.LINES, read.get(ReadInvoices.LINES));
  }

  /**
   * For a source of per-customer totals: each customer's totals ({@link
   * CleanCustomerTotals#TOTALS}) in place of lines; the kept customers count as kept records, by
   * their last order day, and none is a duplicate line.
   */
  private PCollectionTuple customerTotals(PCollectionTuple read) {
    PCollectionTuple cleaned =
        read.get(ReadInvoices.RECORDS)
            .apply("CleanCustomerTotals", new CleanCustomerTotals(config));
    return withWhatWasRead(
        PCollectionTuple.of(CleanCustomerTotals.TOTALS, cleaned.get(CleanCustomerTotals.TOTALS))
            .and(DropDuplicates.LINES_PER_DAY, cleaned.get(DropDuplicates.LINES_PER_DAY))
            .and(DropDuplicates.PER_SOURCE, cleaned.get(DropDuplicates.PER_SOURCE))
            .and(
                DropDuplicates.DUPLICATES,
                read.getPipeline().apply("NoDuplicateLines", Create.empty(VarLongCoder.of()))),
        read,
        cleaned.get(CleanCustomerTotals.REJECTS));
  }
}
