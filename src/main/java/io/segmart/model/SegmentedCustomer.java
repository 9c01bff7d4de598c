package io.segmart.model;

import java.util.Map;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * A customer as of a reference date (that of its metrics): metrics, the scores each segment scheme
 * uses, the segments (RFM with value group and action, RF grid) and the configured bands. The
 * customer marts (dim_customers, customer_insights, cx_export) are built from it.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class SegmentedCustomer {
  public final CustomerMetrics metrics;

  /** R, F and M scores (1-5, 5 = best) by the RFM scheme's scoring. */
  public final int rScore;

  public final int fScore;
  public final int mScore;
  public final String rfmSegment;
  public final String rfmValueGroup;
  public final String rfmAction;

  /** R and F scores by the RF grid's scoring. */
  public final int rfRScore;

  public final int rfFScore;
  public final String rfSegment;

  /** Band column (profit_level, ...) to the customer's band label. */
  public final Map<String, String> bands;

  @SchemaCreate
  public SegmentedCustomer(
      CustomerMetrics metrics,
      int rScore,
      int fScore,
      int mScore,
      String rfmSegment,
      String rfmValueGroup,
      String rfmAction,
      int rfRScore,
      int rfFScore,
      String rfSegment,
      Map<String, String> bands) {
    this.metrics = metrics;
    this.rScore = rScore;
    this.fScore = fScore;
    this.mScore = mScore;
    this.rfmSegment = rfmSegment;
    this.rfmValueGroup = rfmValueGroup;
    this.rfmAction = rfmAction;
    this.rfRScore = rfRScore;
    this.rfFScore = rfFScore;
    this.rfSegment = rfSegment;
    this.bands = bands;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentedCustomer && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return metrics.customerId.hashCode();
  }

  @Override
  public String toString() {
    return metrics
        + " rfm "
        + rScore
        + fScore
        + mScore
        + " "
        + rfmSegment
        + "/"
        + rfmValueGroup
        + "/"
        + rfmAction
        + " rf "
        + rfRScore
        + rfFScore
        + " "
        + rfSegment
        + " bands "
        + bands;
  }
}
