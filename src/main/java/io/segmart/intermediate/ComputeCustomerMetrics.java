package io.segmart.intermediate;

import io.segmart.common.Exact;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.Order;
import java.time.ZoneId;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/** Per-customer metrics as of the reference date, from the customer's orders. */
public class ComputeCustomerMetrics
    extends PTransform<PCollection<KV<String, List<Order>>>, PCollection<CustomerMetrics>> {
  static final int TRAILING_DAYS = 365;

  private final PCollectionView<Long> asOfDay;
  private final String timeZone;

  public ComputeCustomerMetrics(PCollectionView<Long> asOfDay, String timeZone) {
    this.asOfDay = asOfDay;
    this.timeZone = timeZone;
  }

  @Override
  public PCollection<CustomerMetrics> expand(
      PCollection<KV<String, List<Order>>> ordersByCustomer) {
    return ordersByCustomer.apply(
        "MetricsAsOf", ParDo.of(new MetricsFn(asOfDay, timeZone)).withSideInputs(asOfDay));
  }

  static class MetricsFn extends DoFn<KV<String, List<Order>>, CustomerMetrics> {
    private final PCollectionView<Long> asOfDay;
    private final String timeZone;

    MetricsFn(PCollectionView<Long> asOfDay, String timeZone) {
      this.asOfDay = asOfDay;
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(
        @Element KV<String, List<Order>> customer,
        OutputReceiver<CustomerMetrics> out,
        ProcessContext c) {
      ZoneId zone = ZoneId.of(timeZone);
      long asOf = c.sideInput(asOfDay);
      long windowStart = OrderTotals.startOf(asOf - TRAILING_DAYS, zone);
      long windowEnd = OrderTotals.startOf(asOf, zone);
      OrderTotals totals = new OrderTotals(customer.getKey());
      long revenue365d = 0;
      for (Order order : customer.getValue()) {
        totals.add(order);
        long ts = order.orderTs.getMillis();
        if (ts >= windowStart && ts < windowEnd) {
          revenue365d = Exact.add(revenue365d, order.revenueCents);
        }
      }
      out.output(totals.asOf(asOf, revenue365d, zone));
    }
  }
}
