package io.segmart.model;

import io.segmart.common.Exact;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.joda.time.Instant;

/** One order (invoice) of one customer: its kept lines summed. */
@DefaultSchema(JavaFieldSchema.class)
public final class Order {
  public final String invoiceId;
  public final String customerId;

  /** The earliest line time of the invoice. */
  public final Instant orderTs;

  public final long revenueCents;
  public final long items;
  public final String country;
  public final Map<String, String> attributes;

  @SchemaCreate
  public Order(
      String invoiceId,
      String customerId,
      Instant orderTs,
      long revenueCents,
      long items,
      String country,
      Map<String, String> attributes) {
    this.invoiceId = invoiceId;
    this.customerId = customerId;
    this.orderTs = orderTs;
    this.revenueCents = revenueCents;
    this.items = items;
    this.country = country;
    this.attributes = attributes;
  }

  public static Order of(InvoiceLine line) {
    return new Order(
        line.invoiceId,
        line.customerId,
        line.invoiceTs,
        line.lineTotalCents,
        line.quantity,
        line.country,
        line.attributes);
  }

  /** Both parts of one invoice, summed; the result does not depend on the order of merging. */
  public Order plus(Order other) {
    Instant ts = orderTs.isBefore(other.orderTs) ? orderTs : other.orderTs;
    String c = country.compareTo(other.country) <= 0 ? country : other.country;
    return new Order(
        invoiceId,
        customerId,
        ts,
        Exact.add(revenueCents, other.revenueCents),
        Exact.add(items, other.items),
        c,
        CustomerAttributes.merge(attributes, other.attributes));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Order)) {
      return false;
    }
    Order that = (Order) o;
    return invoiceId.equals(that.invoiceId)
        && customerId.equals(that.customerId)
        && orderTs.equals(that.orderTs)
        && revenueCents == that.revenueCents
        && items == that.items
        && country.equals(that.country)
        && attributes.equals(that.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(invoiceId, customerId);
  }
}
