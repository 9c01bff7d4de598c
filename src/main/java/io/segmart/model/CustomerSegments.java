package io.segmart.model;

import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * A customer's segments in one snapshot: what an incremental run keeps for the next one to count
 * the moves between its snapshot and this one (segment_migration).
 */
@DefaultSchema(JavaFieldSchema.class)
public final class CustomerSegments {
  public final String customerId;

  /** The snapshot's date, as an epoch day. */
  public final long asOfDay;

  public final String rfmSegment;
  public final String rfSegment;

  @SchemaCreate
  public CustomerSegments(String customerId, long asOfDay, String rfmSegment, String rfSegment) {
    this.customerId = customerId;
    this.asOfDay = asOfDay;
    this.rfmSegment = rfmSegment;
    this.rfSegment = rfSegment;
  }

  public static CustomerSegments of(SegmentedCustomer customer) {
    return new CustomerSegments(
        customer.metrics.customerId,
        customer.metrics.asOfDay,
        customer.rfmSegment,
        customer.rfSegment);
  }
}
