package io.segmart.staging;

import io.segmart.common.SchemaCoders;
import io.segmart.config.PipelineConfig;
import io.segmart.model.CustomerTotals;
import io.segmart.model.Reject;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceRecord;
import io.segmart.model.SourceRecordCoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Cleans rows of per-customer totals ({@link CustomerTotalRules}) and keeps one row per customer: a
 * later row of a customer id (by input, then place, then content) is a {@link
 * RejectReason#DUPLICATE_CUSTOMER} reject, since two rows of totals cannot both be right. Outputs
 * the customers' totals ({@link #TOTALS}), the rejects, and, under {@link DropDuplicates}' tags,
 * the customers per last order day and kept per input that the run's facts count as kept lines.
 */
public class CleanCustomerTotals extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final TupleTag<CustomerTotals> TOTALS = new TupleTag<CustomerTotals>() {};
  public static final TupleTag<Reject> REJECTS = new TupleTag<Reject>() {};
  private static final TupleTag<KV<Integer, KV<String, SourceRecord>>> BY_BUCKET =
      new TupleTag<KV<Integer, KV<String, SourceRecord>>>() {};
  private static final TupleTag<Reject> DUPLICATES = new TupleTag<Reject>() {};

  private final PipelineConfig config;

  public CleanCustomerTotals(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> records) {
    PCollectionTuple cleaned =
        records.apply(
            "ApplyCustomerRules",
            ParDo.of(new RulesFn(config)).withOutputTags(BY_BUCKET, TupleTagList.of(REJECTS)));
    PCollectionTuple kept =
        cleaned
            .get(BY_BUCKET)
            .setCoder(
                KvCoder.of(
                    VarIntCoder.of(), KvCoder.of(StringUtf8Coder.of(), SourceRecordCoder.of())))
            .apply("GroupByCustomerBucket", GroupByKey.create())
            .apply(
                "KeepOneRowPerCustomer",
                ParDo.of(new FirstRowFn(config))
                    .withOutputTags(
                        TOTALS,
                        TupleTagList.of(DUPLICATES)
                            .and(DropDuplicates.LINES_PER_DAY)
                            .and(DropDuplicates.PER_SOURCE)));
    kept.get(TOTALS).setCoder(SchemaCoders.of(records.getPipeline(), CustomerTotals.class));
    kept.get(DropDuplicates.LINES_PER_DAY)
        .setCoder(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()));
    kept.get(DropDuplicates.PER_SOURCE)
        .setCoder(
            KvCoder.of(KvCoder.of(VarLongCoder.of(), StringUtf8Coder.of()), VarLongCoder.of()));
    return kept.and(
        REJECTS,
        PCollectionList.of(cleaned.get(REJECTS))
            .and(kept.get(DUPLICATES))
            .apply("CustomerRowRejects", Flatten.pCollections()));
  }

  /**
   * Each row that breaks no rule with its customer id, keyed by one of {@link
   * DropDuplicates#BUCKETS} buckets of customers (the DirectRunner makes a bundle of each key); the
   * others rejected.
   */
  static class RulesFn extends DoFn<SourceRecord, KV<Integer, KV<String, SourceRecord>>> {
    private final PipelineConfig config;
    private transient CustomerTotalRules rules;

    RulesFn(PipelineConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      rules = new CustomerTotalRules(config);
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
      CustomerTotalRules.Cleaned cleaned = rules.clean(record);
      if (cleaned.totals != null) {
        String id = cleaned.totals.customerId;
        out.get(BY_BUCKET)
            .output(KV.of(Math.floorMod(id.hashCode(), DropDuplicates.BUCKETS), KV.of(id, record)));
      } else {
        out.get(REJECTS).output(Reject.of(cleaned.reason, cleaned.detail, record));
      }
    }
  }

  /** The first row of each customer of a bucket as totals; the others rejected. */
  static class FirstRowFn
      extends DoFn<KV<Integer, Iterable<KV<String, SourceRecord>>>, CustomerTotals> {
    private static final Comparator<SourceRecord> READING_ORDER =
        Comparator.comparing((SourceRecord r) -> r.source)
            .thenComparingLong(r -> r.lineNumber)
            .thenComparing(r -> r.record);

    private final PipelineConfig config;
    private transient CustomerTotalRules rules;

    FirstRowFn(PipelineConfig config) {
      this.config = config;
    }

    @Setup
    public void setup() {
      rules = new CustomerTotalRules(config);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<String, SourceRecord>>> bucket, MultiOutputReceiver out) {
      Map<String, List<SourceRecord>> byCustomer = new HashMap<>();
      for (KV<String, SourceRecord> row : bucket.getValue()) {
        byCustomer.computeIfAbsent(row.getKey(), id -> new ArrayList<>()).add(row.getValue());
      }
      byCustomer.forEach((id, rows) -> keepFirst(id, rows, out));
    }

    private void keepFirst(String customerId, List<SourceRecord> rows, MultiOutputReceiver out) {
      rows.sort(READING_ORDER);
      SourceRecord first = rows.get(0);
      for (SourceRecord row : rows.subList(1, rows.size())) {
        out.get(DUPLICATES)
            .output(
                Reject.of(
                    RejectReason.DUPLICATE_CUSTOMER,
                    String.format(
                        "customer %s has a row already (%s line %d)",
                        customerId, first.source, first.lineNumber),
                    row));
      }
      // The rules are a pure function of the row: applied again, they give the totals kept.
      CustomerTotals totals = rules.clean(first).totals;
      out.get(TOTALS).output(totals);
      out.get(DropDuplicates.LINES_PER_DAY).output(KV.of(totals.lastOrderDay, 1L));
      out.get(DropDuplicates.PER_SOURCE)
          .output(KV.of(KV.of(totals.sourceId, DropDuplicates.KEPT), 1L));
    }
  }
}
