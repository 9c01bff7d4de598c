package io.segmart.staging;

import io.segmart.common.SchemaCoders;
import io.segmart.config.PipelineConfig;
import io.segmart.model.InvoiceLine;
import io.segmart.model.InvoiceLineCoder;
import io.segmart.model.OrderStatus;
import io.segmart.model.Reject;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Applies the configured cleaning rules to source records. A record that passes every rule becomes
 * an {@link InvoiceLine} stamped with its invoice time as event time; any other goes to {@link
 * #REJECTS} with the first rule it broke.
 */
public class CleanInvoiceLines extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final TupleTag<InvoiceLine> KEPT = new TupleTag<InvoiceLine>() {};
  public static final TupleTag<Reject> REJECTS = new TupleTag<Reject>() {};

  /**
   * The items of every order as the return rate counts them, when the configuration counts returns
   * (see {@link LineRules#clean}); empty otherwise.
   */
  public static final TupleTag<OrderStatus> ITEM_STATUSES = new TupleTag<OrderStatus>() {};

  private final PipelineConfig config;

  public CleanInvoiceLines(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> records) {
    PCollectionTuple cleaned =
        records.apply(
            "ApplyCleaningRules",
            ParDo.of(new CleanFn(config))
                .withOutputTags(KEPT, TupleTagList.of(REJECTS).and(ITEM_STATUSES)));
    cleaned.get(KEPT).setCoder(InvoiceLineCoder.of());
    cleaned.get(ITEM_STATUSES).setCoder(SchemaCoders.of(records.getPipeline(), OrderStatus.class));
    return cleaned;
  }

  static class CleanFn extends DoFn<SourceRecord, InvoiceLine> {
    private final PipelineConfig config;
    private final Map<RejectReason, Counter> rejected = new HashMap<>();
    private final Counter kept = Metrics.counter("clean", "kept_before_dedup");
    private transient LineRules rules;

    CleanFn(PipelineConfig config) {
      this.config = config;
      for (RejectReason reason : RejectReason.values()) {
        rejected.put(reason, Metrics.counter("rejected", reason.code()));
      }
    }

    @Setup
    public void setup() {
      rules = new LineRules(config);
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
      LineRules.Cleaned cleaned = rules.clean(record);
      if (cleaned.line != null) {
        kept.inc();
        out.get(KEPT).outputWithTimestamp(cleaned.line, cleaned.line.invoiceTs);
      } else {
        rejected.get(cleaned.reason).inc();
        out.get(REJECTS).output(Reject.of(cleaned.reason, cleaned.detail, record));
      }
      if (cleaned.status != null) {
        out.get(ITEM_STATUSES).output(cleaned.status);
      }
    }
  }
}
