package io.segmart.marts;

import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import io.segmart.model.Reject;
import io.segmart.model.SegmentedCustomer;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The typed collections every mart is built from: the kept lines, the customers' orders, the
 * segmented customers, the rejects, and the reference date as a side input.
 */
public final class MartInputs implements PInput {
  public final PCollection<InvoiceLine> lines;

  /**
   * The same lines, each customer's together: totals that need no other customer's lines are taken
   * from these, with no shuffle of their own.
   */
  public final PCollection<KV<String, List<InvoiceLine>>> linesByCustomer;

  public final PCollection<Order> orders;
  public final PCollection<SegmentedCustomer> customers;
  public final PCollection<Reject> rejects;

  /** The reference date as an epoch day. */
  public final PCollectionView<Long> asOfDay;

  public MartInputs(
      PCollection<InvoiceLine> lines,
      PCollection<KV<String, List<InvoiceLine>>> linesByCustomer,
      PCollection<Order> orders,
      PCollection<SegmentedCustomer> customers,
      PCollection<Reject> rejects,
      PCollectionView<Long> asOfDay) {
    this.lines = lines;
    this.linesByCustomer = linesByCustomer;
    this.orders = orders;
    this.customers = customers;
    this.rejects = rejects;
    this.asOfDay = asOfDay;
  }

  public <T extends POutput> T apply(String name, PTransform<? super MartInputs, T> transform) {
    return Pipeline.applyTransform(name, this, transform);
  }

  @Override
  public Pipeline getPipeline() {
    return lines.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(
        new TupleTag<InvoiceLine>("lines"), lines,
        new TupleTag<KV<String, List<InvoiceLine>>>("lines_by_customer"), linesByCustomer,
        new TupleTag<Order>("orders"), orders,
        new TupleTag<SegmentedCustomer>("customers"), customers,
        new TupleTag<Reject>("rejects"), rejects);
  }
}
