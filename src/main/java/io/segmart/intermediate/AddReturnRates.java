package io.segmart.intermediate;

import io.segmart.common.Money;
import io.segmart.common.SchemaCoders;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.OrderStatus;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Sets each customer's return rate of the 365 days before the metrics' reference date: the orders
 * of that window with a returned item, over the orders of that window. An order counts whatever the
 * status of its items (returned and cancelled items are not sales, but their orders were placed),
 * at the time of its earliest item; a customer without orders in the window has no rate. Works for
 * one reference date (dim_customers) as for many (segment_history): each metrics row gets the rate
 * of its own date.
 */
public class AddReturnRates
    extends PTransform<PCollection<CustomerMetrics>, PCollection<CustomerMetrics>> {
  private final PCollection<OrderStatus> items;
  private final String timeZone;

  /** {@code items}: every item of every order as {@link OrderStatus}, kept or not. */
  public AddReturnRates(PCollection<OrderStatus> items, String timeZone) {
    this.items = items;
    this.timeZone = timeZone;
  }

  @Override
  public PCollection<CustomerMetrics> expand(PCollection<CustomerMetrics> metrics) {
    TupleTag<CustomerMetrics> metricsTag = new TupleTag<>();
    TupleTag<OrderStatus> itemsTag = new TupleTag<>();
    PCollection<KV<String, CustomerMetrics>> keyedMetrics =
        metrics
            .apply(
                "KeyMetrics",
                WithKeys.of((CustomerMetrics m) -> m.customerId)
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), metrics.getCoder()));
    PCollection<KV<String, OrderStatus>> keyedItems =
        items
            .apply(
                "KeyItems",
                WithKeys.of((OrderStatus s) -> s.customerId).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), items.getCoder()));
    return KeyedPCollectionTuple.of(metricsTag, keyedMetrics)
        .and(itemsTag, keyedItems)
        .apply("GroupByCustomer", CoGroupByKey.create())
        .apply("ReturnRate", ParDo.of(new RateFn(metricsTag, itemsTag, timeZone)))
        .setCoder(SchemaCoders.of(metrics.getPipeline(), CustomerMetrics.class));
  }

  /** An order's time (its earliest item's) and whether any of its items was returned. */
  private static final class PlacedOrder {
    long placedAt;
    boolean returned;

    PlacedOrder(OrderStatus item) {
      placedAt = item.invoiceTs.getMillis();
      returned = item.returned;
    }

    PlacedOrder add(PlacedOrder item) {
      placedAt = Math.min(placedAt, item.placedAt);
      returned |= item.returned;
      return this;
    }
  }

  static class RateFn extends DoFn<KV<String, CoGbkResult>, CustomerMetrics> {
    private final TupleTag<CustomerMetrics> metricsTag;
    private final TupleTag<OrderStatus> itemsTag;
    private final String timeZone;

    RateFn(TupleTag<CustomerMetrics> metricsTag, TupleTag<OrderStatus> itemsTag, String timeZone) {
      this.metricsTag = metricsTag;
      this.itemsTag = itemsTag;
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> customer, OutputReceiver<CustomerMetrics> out) {
      Map<String, PlacedOrder> orders = new HashMap<>();
      for (OrderStatus item : customer.getValue().getAll(itemsTag)) {
        orders.merge(item.invoiceId, new PlacedOrder(item), PlacedOrder::add);
      }
      ZoneId zone = ZoneId.of(timeZone);
      for (CustomerMetrics m : customer.getValue().getAll(metricsTag)) {
        long start = OrderTotals.startOf(m.asOfDay - ComputeCustomerMetrics.TRAILING_DAYS, zone);
        long end = OrderTotals.startOf(m.asOfDay, zone);
        long placed = 0;
        long returned = 0;
        for (PlacedOrder order : orders.values()) {
          if (order.placedAt >= start && order.placedAt < end) {
            placed++;
            returned += order.returned ? 1 : 0;
          }
        }
        out.output(m.withReturnRate(placed == 0 ? null : Money.share(returned, placed)));
      }
    }
  }
}
