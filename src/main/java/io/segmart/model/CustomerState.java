package io.segmart.model;

import java.util.List;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * What an incremental run keeps of a customer for the next one, instead of the customer's lines:
 * the orders (each invoice's kept lines summed, with its earliest time and country), from which
 * every metric as of any later date follows, and a fingerprint of each kept line ({@link
 * InvoiceLine#fingerprint}), so that a line delivered again is dropped as a duplicate.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class CustomerState {
  public final String customerId;

  /** Sorted by invoice id. */
  public final List<Order> orders;

  /** Sorted ascending. */
  public final List<Long> lineFingerprints;

  @SchemaCreate
  public CustomerState(String customerId, List<Order> orders, List<Long> lineFingerprints) {
    this.customerId = customerId;
    this.orders = orders;
    this.lineFingerprints = lineFingerprints;
  }
}
