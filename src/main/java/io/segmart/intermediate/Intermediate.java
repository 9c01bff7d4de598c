package io.segmart.intermediate;

import io.segmart.config.PipelineConfig;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.CustomerState;
import io.segmart.model.Order;
import io.segmart.model.SegmentedCustomer;
import io.segmart.options.SegmentationOptions;
import io.segmart.staging.CleanCustomerTotals;
import io.segmart.staging.CleanInvoiceLines;
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
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Intermediate stage: from the staged lines of each customer, the customer's orders ({@link
 * #ORDERS}), metrics as of the reference date, R/F/M scores and segments ({@link #CUSTOMERS}); from
 * a source's per-customer totals, the customers alone.
 */
public class Intermediate extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<Order> ORDERS = new TupleTag<Order>("orders") {};

  /** Each customer's orders, sorted by invoice id. */
  public static final TupleTag<KV<String, List<Order>>> ORDERS_BY_CUSTOMER =
      new TupleTag<KV<String, List<Order>>>("orders_by_customer") {};

  public static final TupleTag<SegmentedCustomer> CUSTOMERS =
      new TupleTag<SegmentedCustomer>("customers") {};

  /**
   * In the input of an incremental run: the state the previous run kept. The run then adds the
   * delivery's lines to it ({@link AddDelivery}) instead of collecting every customer's orders from
   * lines, and its one snapshot is the reference date.
   */
  public static final TupleTag<CustomerState> PREVIOUS_STATE = AddDelivery.PREVIOUS;

  /** The state an incremental run keeps for the next one. */
  public static final TupleTag<CustomerState> STATE = AddDelivery.STATE;

  /** An incremental run's copies of lines of earlier deliveries, per customer with any. */
  public static final TupleTag<Long> EARLIER_COPIES = AddDelivery.EARLIER_COPIES;

  /** Every customer as of each snapshot date, when the configuration keeps a segment history. */
  public static final TupleTag<SegmentedCustomer> HISTORY =
      new TupleTag<SegmentedCustomer>("history") {};

  private final PipelineConfig config;
  private final SegmentationOptions options;
  private final PCollectionView<Long> asOfDay;
  private final @Nullable PCollectionView<List<Long>> snapshotDays;

  /**
   * {@code asOfDay}: the reference date as an epoch day ({@link ReferenceDate}); {@code
   * snapshotDays}: the segment history's dates ({@link SnapshotDates}), or null for no history.
   */
  public Intermediate(
      PipelineConfig config,
      SegmentationOptions options,
      PCollectionView<Long> asOfDay,
      @Nullable PCollectionView<List<Long>> snapshotDays) {
    this.config = config;
    this.options = options;
    this.asOfDay = asOfDay;
    this.snapshotDays = snapshotDays;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple staged) {
    if (staged.has(CleanCustomerTotals.TOTALS)) {
      // Totals per customer: the customers alone, with no orders to output.
      return PCollectionTuple.of(
          CUSTOMERS,
          staged
              .get(CleanCustomerTotals.TOTALS)
              .apply("MetricsFromTotals", new MetricsFromTotals(asOfDay, config.source.timeZone))
              .apply("ScoreCustomers", scores())
              .apply("SegmentCustomers", new SegmentCustomers(config)));
    }
    boolean incremental = staged.has(PREVIOUS_STATE);
    PCollectionTuple delivery =
        incremental
            ? PCollectionTuple.of(AddDelivery.LINES, staged.get(DropDuplicates.BY_CUSTOMER))
                .and(AddDelivery.PREVIOUS, staged.get(PREVIOUS_STATE))
                .apply("AddDelivery", new AddDelivery())
            : null;
    PCollection<KV<String, List<Order>>> ordersByCustomer =
        incremental
            ? delivery.get(AddDelivery.ORDERS_BY_CUSTOMER)
            : staged.get(DropDuplicates.BY_CUSTOMER).apply("CollectOrders", new CollectOrders());
    PCollection<Order> orders =
        ordersByCustomer.apply("OrderLists", Values.create()).apply("Orders", Flatten.iterables());
    PCollection<SegmentedCustomer> customers =
        withReturnRates(
                ordersByCustomer.apply(
                    "ComputeCustomerMetrics",
                    new ComputeCustomerMetrics(asOfDay, config.source.timeZone)),
                staged,
                "AddReturnRates")
            .apply("ScoreCustomers", scores())
            .apply("SegmentCustomers", new SegmentCustomers(config));
    PCollectionTuple result =
        PCollectionTuple.of(ORDERS, orders)
            .and(ORDERS_BY_CUSTOMER, ordersByCustomer)
            .and(CUSTOMERS, customers);
    if (snapshotDays == null) {
      return result;
    }
    if (incremental) {
      return result
          .and(HISTORY, customers)
          .and(STATE, delivery.get(STATE))
          .and(EARLIER_COPIES, delivery.get(EARLIER_COPIES));
    }
    PCollection<SegmentedCustomer> history =
        withReturnRates(
                staged
                    .get(DropDuplicates.BY_CUSTOMER)
                    .apply(
                        "SnapshotMetrics",
                        new SnapshotMetrics(snapshotDays, config.source.timeZone)),
                staged,
                "AddSnapshotReturnRates")
            .apply("ScoreSnapshots", scores())
            .apply("SegmentSnapshots", new SegmentCustomers(config));
    return result.and(HISTORY, history);
  }

  /** The metrics with their return rates, where the configuration counts returns. */
  private PCollection<CustomerMetrics> withReturnRates(
      PCollection<CustomerMetrics> metrics, PCollectionTuple staged, String step) {
    if (!config.cleaning.countsReturns()) {
      return metrics;
    }
    return metrics.apply(
        step,
        new AddReturnRates(staged.get(CleanInvoiceLines.ITEM_STATUSES), config.source.timeZone));
  }

  private ScoreCustomers scores() {
    return new ScoreCustomers(options.getRanking(), options.getApproximateRankingError());
  }
}
