package io.segmart.intermediate;

import io.segmart.model.CustomerAttributes;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.CustomerTotals;
import java.time.ZoneId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Instant;

/**
 * Per-customer metrics as of the reference date from a source's per-customer totals: the same rules
 * as from orders ({@link OrderTotals#asOf}) where the totals hold what they need. Orders are dated
 * by day, so recency and lifespan count days between dates. Totals hold no items and no revenue by
 * date: items and revenue_365d are 0, and the marts leave those columns out.
 */
public class MetricsFromTotals
    extends PTransform<PCollection<CustomerTotals>, PCollection<CustomerMetrics>> {
  private final PCollectionView<Long> asOfDay;
  private final String timeZone;

  public MetricsFromTotals(PCollectionView<Long> asOfDay, String timeZone) {
    this.asOfDay = asOfDay;
    this.timeZone = timeZone;
  }

  @Override
  public PCollection<CustomerMetrics> expand(PCollection<CustomerTotals> totals) {
    return totals.apply(
        "MetricsAsOf", ParDo.of(new MetricsFn(asOfDay, timeZone)).withSideInputs(asOfDay));
  }

  static class MetricsFn extends DoFn<CustomerTotals, CustomerMetrics> {
    private final PCollectionView<Long> asOfDay;
    private final String timeZone;

    MetricsFn(PCollectionView<Long> asOfDay, String timeZone) {
      this.asOfDay = asOfDay;
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(
        @Element CustomerTotals t, OutputReceiver<CustomerMetrics> out, ProcessContext c) {
      ZoneId zone = ZoneId.of(timeZone);
      long asOf = c.sideInput(asOfDay);
      out.output(
          new CustomerMetrics(
              t.customerId,
              CustomerAttributes.asOf(t.attributes, asOf),
              new Instant(OrderTotals.startOf(t.firstOrderDay, zone)),
              new Instant(OrderTotals.startOf(t.lastOrderDay, zone)),
              asOf - t.lastOrderDay,
              t.orders,
              t.revenueCents,
              0,
              OrderTotals.averageCents(t.revenueCents, t.orders),
              t.lastOrderDay - t.firstOrderDay,
              t.country,
              0,
              asOf,
              null));
    }
  }
}
