package io.segmart.intermediate;

import io.segmart.model.CustomerMetrics;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Each customer's metrics as of every snapshot date after their first order, from the lines before
 * that date, by the rules of dim_customers ({@link OrderTotals}). One pass over each customer's
 * lines: they are summed per invoice and per interval between two snapshot dates, and the running
 * totals are carried from one snapshot to the next, so the cost grows with customers × snapshots
 * plus lines, not with lines × snapshots.
 */
public class SnapshotMetrics
    extends PTransform<PCollection<KV<String, List<InvoiceLine>>>, PCollection<CustomerMetrics>> {
  private final PCollectionView<List<Long>> snapshotDays;
  private final String timeZone;

  public SnapshotMetrics(PCollectionView<List<Long>> snapshotDays, String timeZone) {
    this.snapshotDays = snapshotDays;
    this.timeZone = timeZone;
  }

  @Override
  public PCollection<CustomerMetrics> expand(PCollection<KV<String, List<InvoiceLine>>> lines) {
    return lines.apply(
        "MetricsPerSnapshot",
        ParDo.of(new SnapshotsFn(snapshotDays, timeZone)).withSideInputs(snapshotDays));
  }

  /** An order as counted so far, and whether it has left the 365-day window. */
  private static final class Counted {
    Order order;
    boolean expired;

    Counted(Order order) {
      this.order = order;
    }
  }

  static class SnapshotsFn extends DoFn<KV<String, List<InvoiceLine>>, CustomerMetrics> {
    private static final Comparator<Order> BY_TIME =
        Comparator.comparing((Order o) -> o.orderTs).thenComparing(o -> o.invoiceId);

    private final PCollectionView<List<Long>> snapshotDays;
    private final String timeZone;

    SnapshotsFn(PCollectionView<List<Long>> snapshotDays, String timeZone) {
      this.snapshotDays = snapshotDays;
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(
        @Element KV<String, List<InvoiceLine>> customer,
        OutputReceiver<CustomerMetrics> out,
        ProcessContext context) {
      ZoneId zone = ZoneId.of(timeZone);
      List<Long> days = context.sideInput(snapshotDays);
      long[] starts = new long[days.size()];
      for (int i = 0; i < starts.length; i++) {
        starts[i] = OrderTotals.startOf(days.get(i), zone);
      }
      // The parts of each invoice per interval: interval i holds the lines that snapshot i is the
      // first to see. Lines on or after the last snapshot date are in no snapshot.
      Map<Integer, Map<String, Order>> parts = new TreeMap<>();
      for (InvoiceLine line : customer.getValue()) {
        int interval = firstSnapshotSeeing(starts, line.invoiceTs.getMillis());
        if (interval < starts.length) {
          parts
              .computeIfAbsent(interval, i -> new HashMap<>())
              .merge(line.invoiceId, Order.of(line), Order::plus);
        }
      }
      if (parts.isEmpty()) {
        return;
      }
      OrderTotals totals = new OrderTotals(customer.getKey());
      Map<String, Counted> counted = new HashMap<>();
      // Orders in time order: those before the trailing window's start leave it from the front.
      List<Counted> byTime = new ArrayList<>();
      int expiredUpTo = 0;
      long expiredRevenue = 0;
      for (int i = parts.keySet().iterator().next(); i < starts.length; i++) {
        List<Order> arriving = new ArrayList<>(parts.getOrDefault(i, Map.of()).values());
        arriving.sort(BY_TIME);
        for (Order part : arriving) {
          Counted known = counted.get(part.invoiceId);
          if (known == null) {
            totals.add(part);
            Counted added = new Counted(part);
            counted.put(part.invoiceId, added);
            byTime.add(added);
          } else {
            known.order = totals.grow(known.order, part);
            if (known.expired) {
              expiredRevenue += part.revenueCents;
            }
          }
        }
        long windowStart =
            OrderTotals.startOf(days.get(i) - ComputeCustomerMetrics.TRAILING_DAYS, zone);
        while (expiredUpTo < byTime.size()
            && byTime.get(expiredUpTo).order.orderTs.getMillis() < windowStart) {
          Counted leaving = byTime.get(expiredUpTo++);
          leaving.expired = true;
          expiredRevenue += leaving.order.revenueCents;
        }
        out.output(totals.asOf(days.get(i), totals.revenueCents() - expiredRevenue, zone));
      }
    }

    /** The index of the first snapshot whose date starts after {@code ts}: the first to see it. */
    private static int firstSnapshotSeeing(long[] starts, long ts) {
      int at = Arrays.binarySearch(starts, ts);
      // A line at the very start of a snapshot date belongs to the next one.
      return at >= 0 ? at + 1 : -at - 1;
    }
  }
}
