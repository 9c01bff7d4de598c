package io.segmart.model;

import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.joda.time.Instant;

/**
 * One item of an order as the return rate counts it: a kept line, or a line that only its status
 * (returned, cancelled) kept out of sales. Whether the item was returned is all it carries besides
 * its order.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class OrderStatus {
  public final String customerId;
  public final String invoiceId;
  public final Instant invoiceTs;
  public final boolean returned;

  @SchemaCreate
  public OrderStatus(String customerId, String invoiceId, Instant invoiceTs, boolean returned) {
    this.customerId = customerId;
    this.invoiceId = invoiceId;
    this.invoiceTs = invoiceTs;
    this.returned = returned;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrderStatus && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return invoiceId.hashCode();
  }

  @Override
  public String toString() {
    return customerId + " " + invoiceId + " " + invoiceTs + (returned ? " returned" : "");
  }
}
