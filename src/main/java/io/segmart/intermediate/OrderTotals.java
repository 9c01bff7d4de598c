package io.segmart.intermediate;

import io.segmart.common.Exact;
import io.segmart.model.CustomerAttributes;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.Order;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals of one customer's orders, and the customer's metrics from them as of a date: the
 * one place where the metric rules are written, for dim_customers (each order added once) and for
 * segment_history (orders added as the snapshots pass them; a later part of an invoice already
 * counted, when its lines fall on both sides of a snapshot date, grows that order).
 */
final class OrderTotals {
  private final String customerId;
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;
  private long orders;
  private long revenue;
  private long items;
  private Map<String, String> attributes = Map.of();

  /** Orders per country; an order's country is the alphabetically first of its lines'. */
  private final Map<String, Integer> ordersByCountry = new TreeMap<>();

  OrderTotals(String customerId) {
    this.customerId = customerId;
  }

  /** Adds an order not counted before. */
  void add(Order order) {
    long ts = order.orderTs.getMillis();
    first = Math.min(first, ts);
    last = Math.max(last, ts);
    orders++;
    ordersByCountry.merge(order.country, 1, Integer::sum);
    addAmounts(order);
  }

  /**
   * Adds {@code part}, later lines of the order counted so far as {@code before}, and returns the
   * whole order. Its time stays the earliest line's, which {@code before} already holds.
   */
  Order grow(Order before, Order part) {
    Order whole = before.plus(part);
    if (!whole.country.equals(before.country)) {
      ordersByCountry.computeIfPresent(before.country, (c, n) -> n == 1 ? null : n - 1);
      ordersByCountry.merge(whole.country, 1, Integer::sum);
    }
    addAmounts(part);
    return whole;
  }

  private void addAmounts(Order order) {
    revenue = Exact.add(revenue, order.revenueCents);
    items = Exact.add(items, order.items);
    attributes = CustomerAttributes.merge(attributes, order.attributes);
  }

  long revenueCents() {
    return revenue;
  }

  /**
   * The metrics as of {@code asOfDay}, given the revenue of the orders of the 365 days before it
   * (the caller knows which orders those are).
   */
  CustomerMetrics asOf(long asOfDay, long revenue365dCents, ZoneId zone) {
    String primaryCountry = null;
    int most = 0;
    for (Map.Entry<String, Integer> e : ordersByCountry.entrySet()) {
      // Strictly more: ties keep the alphabetically first (TreeMap order).
      if (e.getValue() > most) {
        primaryCountry = e.getKey();
        most = e.getValue();
      }
    }
    LocalDate firstDay = Instant.ofEpochMilli(first).atZone(zone).toLocalDate();
    LocalDate lastDay = Instant.ofEpochMilli(last).atZone(zone).toLocalDate();
    return new CustomerMetrics(
        customerId,
        CustomerAttributes.asOf(attributes, asOfDay),
        new org.joda.time.Instant(first),
        new org.joda.time.Instant(last),
        asOfDay - lastDay.toEpochDay(),
        orders,
        revenue,
        items,
        averageCents(revenue, orders),
        lastDay.toEpochDay() - firstDay.toEpochDay(),
        primaryCountry,
        revenue365dCents,
        asOfDay,
        null);
  }

  /** Revenue over orders, rounded half up to the cent. */
  static long averageCents(long revenueCents, long orders) {
    return Math.floorDiv(2 * revenueCents + orders, 2 * orders);
  }

  /** Start of {@code day} in {@code zone}, in epoch milliseconds. */
  static long startOf(long day, ZoneId zone) {
    return LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
