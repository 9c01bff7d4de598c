package io.segmart.model;

import java.util.Map;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * One customer's totals as a source of per-customer totals gives them (a shop database's customer
 * table): what the metrics need, where lines would give them order by order. Money in cents.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class CustomerTotals {
  public final String customerId;

  /** Customer attributes the source maps, as text (see {@link CustomerAttributes}). */
  public final Map<String, String> attributes;

  public final String country;
  public final long orders;
  public final long revenueCents;

  /** The first and last order dates, as epoch days. */
  public final long firstOrderDay;

  public final long lastOrderDay;

  /** The {@link SourceId} of the input that held the row, for its line accounting. */
  public final long sourceId;

  @SchemaCreate
  public CustomerTotals(
      String customerId,
      Map<String, String> attributes,
      String country,
      long orders,
      long revenueCents,
      long firstOrderDay,
      long lastOrderDay,
      long sourceId) {
    this.customerId = customerId;
    this.attributes = attributes;
    this.country = country;
    this.orders = orders;
    this.revenueCents = revenueCents;
    this.firstOrderDay = firstOrderDay;
    this.lastOrderDay = lastOrderDay;
    this.sourceId = sourceId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CustomerTotals && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return customerId.hashCode();
  }

  @Override
  public String toString() {
    return String.format(
        "%s orders=%d revenue=%d first=%d last=%d country=%s attributes=%s source=%d",
        customerId,
        orders,
        revenueCents,
        firstOrderDay,
        lastOrderDay,
        country,
        attributes,
        sourceId);
  }
}
