package io.segmart.model;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A customer's metrics as of a reference date: the run's (dim_customers) or a snapshot's
 * (segment_history). Money in cents.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class CustomerMetrics {
  public final String customerId;

  /** Customer attributes the source maps, as text (see {@link CustomerAttributes}). */
  public final Map<String, String> attributes;

  public final Instant firstOrderAt;
  public final Instant lastOrderAt;
  public final long recencyDays;
  public final long orders;
  public final long revenueCents;
  public final long items;

  /** revenue / orders, rounded half up to the cent. */
  public final long aovCents;

  public final long lifespanDays;

  /** The country of most orders; ties go to the first alphabetically. */
  public final String primaryCountry;

  /** Revenue of orders in [as-of - 365 days, as-of). */
  public final long revenue365dCents;

  /** The reference date, as an epoch day: scores rank customers of the same date only. */
  public final long asOfDay;

  /**
   * Orders of [as-of - 365 days, as-of) with a returned item over those orders, whatever their
   * items' statuses; null when the source gives no statuses or the window holds no order.
   */
  public final @Nullable BigDecimal returnRate365d;

  @SchemaCreate
  public CustomerMetrics(
      String customerId,
      Map<String, String> attributes,
      Instant firstOrderAt,
      Instant lastOrderAt,
      long recencyDays,
      long orders,
      long revenueCents,
      long items,
      long aovCents,
      long lifespanDays,
      String primaryCountry,
      long revenue365dCents,
      long asOfDay,
      @Nullable BigDecimal returnRate365d) {
    this.customerId = customerId;
    this.attributes = attributes;
    this.firstOrderAt = firstOrderAt;
    this.lastOrderAt = lastOrderAt;
    this.recencyDays = recencyDays;
    this.orders = orders;
    this.revenueCents = revenueCents;
    this.items = items;
    this.aovCents = aovCents;
    this.lifespanDays = lifespanDays;
    this.primaryCountry = primaryCountry;
    this.revenue365dCents = revenue365dCents;
    this.asOfDay = asOfDay;
    this.returnRate365d = returnRate365d;
  }

  /** These metrics with the return rate set. */
  public CustomerMetrics withReturnRate(@Nullable BigDecimal rate) {
    return new CustomerMetrics(
        customerId,
        attributes,
        firstOrderAt,
        lastOrderAt,
        recencyDays,
        orders,
        revenueCents,
        items,
        aovCents,
        lifespanDays,
        primaryCountry,
        revenue365dCents,
        asOfDay,
        rate);
  }

  /**
   * A metric by the name used in configurations (bands), in display units (money in currency
   * units); null only for an age that the customer does not have.
   */
  public @Nullable BigDecimal metric(String name) {
    switch (name) {
      case CustomerAttributes.AGE:
        Object age = CustomerAttributes.value(name, attributes.get(name));
        return age == null ? null : BigDecimal.valueOf((Long) age);
      case "recency_days":
        return BigDecimal.valueOf(recencyDays);
      case "orders":
        return BigDecimal.valueOf(orders);
      case "revenue":
        return BigDecimal.valueOf(revenueCents, 2);
      case "aov":
        return BigDecimal.valueOf(aovCents, 2);
      case "items":
        return BigDecimal.valueOf(items);
      case "lifespan_days":
        return BigDecimal.valueOf(lifespanDays);
      case "revenue_365d":
        return BigDecimal.valueOf(revenue365dCents, 2);
      default:
        throw new IllegalArgumentException("unknown customer metric " + name);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CustomerMetrics && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return customerId.hashCode();
  }

  @Override
  public String toString() {
    return String.format(
        "%s first=%s last=%s recency=%d orders=%d revenue=%d items=%d aov=%d lifespan=%d country=%s"
            + " revenue365d=%d attributes=%s asOf=%d returnRate365d=%s",
        customerId,
        firstOrderAt,
        lastOrderAt,
        recencyDays,
        orders,
        revenueCents,
        items,
        aovCents,
        lifespanDays,
        primaryCountry,
        revenue365dCents,
        attributes,
        asOfDay,
        returnRate365d);
  }
}
