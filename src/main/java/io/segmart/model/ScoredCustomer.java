package io.segmart.model;

import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/** A customer's metrics with R, F and M scores (1-5, 5 = best) by both scoring methods. */
@DefaultSchema(JavaFieldSchema.class)
public final class ScoredCustomer {
  public final CustomerMetrics metrics;
  public final int rNtile;
  public final int fNtile;
  public final int mNtile;
  public final int rPercentRank;
  public final int fPercentRank;
  public final int mPercentRank;

  @SchemaCreate
  public ScoredCustomer(
      CustomerMetrics metrics,
      int rNtile,
      int fNtile,
      int mNtile,
      int rPercentRank,
      int fPercentRank,
      int mPercentRank) {
    this.metrics = metrics;
    this.rNtile = rNtile;
    this.fNtile = fNtile;
    this.mNtile = mNtile;
    this.rPercentRank = rPercentRank;
    this.fPercentRank = fPercentRank;
    this.mPercentRank = mPercentRank;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoredCustomer && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return metrics.customerId.hashCode();
  }

  @Override
  public String toString() {
    return metrics.customerId
        + " ntile "
        + rNtile
        + fNtile
        + mNtile
        + " percent_rank "
        + rPercentRank
        + fPercentRank
        + mPercentRank;
  }
}
