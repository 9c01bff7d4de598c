package io.segmart.marts;

import io.segmart.clv.ClvHistories;
import io.segmart.clv.FittedClv;
import io.segmart.model.ClusterModel;
import io.segmart.model.CustomerSegments;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import io.segmart.model.Reject;
import io.segmart.model.SegmentedCustomer;
import java.util.LinkedHashMap;
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
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The typed collections every mart is built from: the kept lines, the customers' orders, the
 * segmented customers, the rejects, and the reference date as a side input. A source of
 * per-customer totals gives no lines and no orders: those are null, and the marts built from them
 * ({@link Mart#fromLines}) are not built.
 */
public final class MartInputs implements PInput {
  public final @Nullable PCollection<InvoiceLine> lines;

  /**
   * The same lines, each customer's together: totals that need no other customer's lines are taken
   * from these, with no shuffle of their own.
   */
  public final @Nullable PCollection<KV<String, List<InvoiceLine>>> linesByCustomer;

  public final @Nullable PCollection<Order> orders;

  /**
   * The same orders, each customer's together; each carries the earliest time of its customer's
   * lines, so an order may be stamped with its own time.
   */
  public final @Nullable PCollection<KV<String, List<Order>>> ordersByCustomer;

  public final PCollection<SegmentedCustomer> customers;
  public final PCollection<Reject> rejects;

  /** The reference date as an epoch day. */
  public final PCollectionView<Long> asOfDay;

  /** Every customer as of each snapshot date; null when the configuration keeps no history. */
  public final @Nullable PCollection<SegmentedCustomer> history;

  /** The snapshot dates as epoch days, ascending; null when there is no history. */
  public final @Nullable PCollectionView<List<Long>> snapshotDays;

  /**
   * In an incremental run, the segments of the previous run's snapshot (the first of {@link
   * #snapshotDays}), which {@link #history} does not hold; null otherwise.
   */
  public final @Nullable PCollection<CustomerSegments> previousSegments;

  /**
   * The K-means model of the customers of each reference date (the run's, and each snapshot's);
   * null when the configuration asks for no clusters.
   */
  public final @Nullable PCollectionView<Map<Long, ClusterModel>> clusterModel;

  /**
   * The fitted CLV models: the calibration end's and, when that is before the run's last day, the
   * last day's; null when the configuration asks for no CLV.
   */
  public final @Nullable PCollection<FittedClv> clvModels;

  /** Each customer's purchase histories for the CLV models, by id; null without CLV. */
  public final @Nullable PCollection<KV<String, ClvHistories>> clvHistories;

  public MartInputs(
      @Nullable PCollection<InvoiceLine> lines,
      @Nullable PCollection<KV<String, List<InvoiceLine>>> linesByCustomer,
      @Nullable PCollection<Order> orders,
      @Nullable PCollection<KV<String, List<Order>>> ordersByCustomer,
      PCollection<SegmentedCustomer> customers,
      PCollection<Reject> rejects,
      PCollectionView<Long> asOfDay,
      @Nullable PCollection<SegmentedCustomer> history,
      @Nullable PCollectionView<List<Long>> snapshotDays,
      @Nullable PCollection<CustomerSegments> previousSegments,
      @Nullable PCollectionView<Map<Long, ClusterModel>> clusterModel,
      @Nullable PCollection<FittedClv> clvModels,
      @Nullable PCollection<KV<String, ClvHistories>> clvHistories) {
    this.lines = lines;
    this.linesByCustomer = linesByCustomer;
    this.orders = orders;
    this.ordersByCustomer = ordersByCustomer;
    this.customers = customers;
    this.rejects = rejects;
    this.asOfDay = asOfDay;
    this.history = history;
    this.snapshotDays = snapshotDays;
    this.previousSegments = previousSegments;
    this.clusterModel = clusterModel;
    this.clvModels = clvModels;
    this.clvHistories = clvHistories;
  }

  public <T extends POutput> T apply(String name, PTransform<? super MartInputs, T> transform) {
    return Pipeline.applyTransform(name, this, transform);
  }

  @Override
  public Pipeline getPipeline() {
    return customers.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> all = new LinkedHashMap<>();
    if (lines != null) {
      all.put(new TupleTag<InvoiceLine>("lines"), lines);
      all.put(new TupleTag<KV<String, List<InvoiceLine>>>("lines_by_customer"), linesByCustomer);
      all.put(new TupleTag<Order>("orders"), orders);
      all.put(new TupleTag<KV<String, List<Order>>>("orders_by_customer"), ordersByCustomer);
    }
    all.put(new TupleTag<SegmentedCustomer>("customers"), customers);
    all.put(new TupleTag<Reject>("rejects"), rejects);
    if (history != null) {
      all.put(new TupleTag<SegmentedCustomer>("history"), history);
    }
    if (previousSegments != null) {
      all.put(new TupleTag<CustomerSegments>("previous_segments"), previousSegments);
    }
    if (clvModels != null) {
      all.put(new TupleTag<FittedClv>("clv_models"), clvModels);
      all.put(new TupleTag<KV<String, ClvHistories>>("clv_histories"), clvHistories);
    }
    return all;
  }
}
