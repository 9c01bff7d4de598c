package io.segmart.intermediate;

import io.segmart.config.PipelineConfig;
import io.segmart.model.Order;
import io.segmart.model.SegmentedCustomer;
import io.segmart.options.SegmentationOptions;
import io.segmart.staging.DropDuplicates;
import java.util.List;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The Intermediate stage: from the staged lines of each customer, the customer's orders ({@link
 * #ORDERS}), metrics as of the reference date, R/F/M scores and segments ({@link #CUSTOMERS}).
 */
public class Intermediate extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<Order> ORDERS = new TupleTag<Order>("orders") {};
  public static final TupleTag<SegmentedCustomer> CUSTOMERS =
      new TupleTag<SegmentedCustomer>("customers") {};

  private final PipelineConfig config;
  private final SegmentationOptions options;
  private final PCollectionView<Long> asOfDay;

  /** {@code asOfDay}: the reference date as an epoch day ({@link ReferenceDate}). */
  public Intermediate(
      PipelineConfig config, SegmentationOptions options, PCollectionView<Long> asOfDay) {
    this.config = config;
    this.options = options;
    this.asOfDay = asOfDay;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple staged) {
    PCollection<KV<String, List<Order>>> ordersByCustomer =
        staged.get(DropDuplicates.BY_CUSTOMER).apply("CollectOrders", new CollectOrders());
    PCollection<Order> orders =
        ordersByCustomer.apply("OrderLists", Values.create()).apply("Orders", Flatten.iterables());
    PCollection<SegmentedCustomer> customers =
        ordersByCustomer
            .apply(
                "ComputeCustomerMetrics",
                new ComputeCustomerMetrics(asOfDay, config.source.timeZone))
            .apply(
                "ScoreCustomers",
                new ScoreCustomers(options.getRanking(), options.getApproximateRankingError()))
            .apply("SegmentCustomers", new SegmentCustomers(config, asOfDay));
    return PCollectionTuple.of(ORDERS, orders).and(CUSTOMERS, customers);
  }
}
