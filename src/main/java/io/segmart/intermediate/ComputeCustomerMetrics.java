package io.segmart.intermediate;

import io.segmart.common.Exact;
import io.segmart.model.CustomerAttributes;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.Order;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
      LocalDate asOf = LocalDate.ofEpochDay(c.sideInput(asOfDay));
      long windowStart =
          asOf.minusDays(TRAILING_DAYS).atStartOfDay(zone).toInstant().toEpochMilli();
      long windowEnd = asOf.atStartOfDay(zone).toInstant().toEpochMilli();
      List<Order> orders = customer.getValue();
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      long revenue = 0;
      long items = 0;
      long revenue365d = 0;
      Map<String, String> attributes = Map.of();
      Map<String, Integer> ordersByCountry = new TreeMap<>();
      for (Order order : orders) {
        long ts = order.orderTs.getMillis();
        first = Math.min(first, ts);
        last = Math.max(last, ts);
        revenue = Exact.add(revenue, order.revenueCents);
        items = Exact.add(items, order.items);
        if (ts >= windowStart && ts < windowEnd) {
          revenue365d = Exact.add(revenue365d, order.revenueCents);
        }
        attributes = CustomerAttributes.merge(attributes, order.attributes);
        ordersByCountry.merge(order.country, 1, Integer::sum);
      }
      String primaryCountry = null;
      int most = 0;
      for (Map.Entry<String, Integer> e : ordersByCountry.entrySet()) {
        if (e.getValue()
            > most) { // strictly more: ties keep the alphabetically first (TreeMap order)
          primaryCountry = e.getKey();
          most = e.getValue();
        }
      }
      LocalDate firstDay = Instant.ofEpochMilli(first).atZone(zone).toLocalDate();
      LocalDate lastDay = Instant.ofEpochMilli(last).atZone(zone).toLocalDate();
      long count = orders.size();
      out.output(
          new CustomerMetrics(
              customer.getKey(),
              attributes,
              new org.joda.time.Instant(first),
              new org.joda.time.Instant(last),
              asOf.toEpochDay() - lastDay.toEpochDay(),
              count,
              revenue,
              items,
              Math.floorDiv(2 * revenue + count, 2 * count),
              lastDay.toEpochDay() - firstDay.toEpochDay(),
              primaryCountry,
              revenue365d));
    }
  }
}
