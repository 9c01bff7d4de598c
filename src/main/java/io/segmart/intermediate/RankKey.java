package io.segmart.intermediate;

import java.io.Serializable;
import java.util.Comparator;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * A customer's place in a ranking: the metric, then the customer id to break ties (as SQL's NTILE
 * over ORDER BY metric, id does).
 */
@DefaultSchema(JavaFieldSchema.class)
public final class RankKey implements Serializable {
  /** Metric ascending, then customer id ascending (numerically when both ids are whole numbers). */
  public static final Order ORDER = new Order();

  public final long value;
  public final String customerId;

  @SchemaCreate
  public RankKey(long value, String customerId) {
    this.value = value;
    this.customerId = customerId;
  }

  /** Compares customer ids as numbers when both are whole numbers, else as text. */
  public static int compareIds(String a, String b) {
    if (isDigits(a) && isDigits(b) && a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RankKey
        && ((RankKey) o).value == value
        && ((RankKey) o).customerId.equals(customerId);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value) * 31 + customerId.hashCode();
  }

  @Override
  public String toString() {
    return value + "/" + customerId;
  }

  /** The ranking order; a named class because quantile sketches need a serializable comparator. */
  public static final class Order implements Comparator<RankKey>, Serializable {
    @Override
    public int compare(RankKey a, RankKey b) {
      int byValue = Long.compare(a.value, b.value);
      return byValue != 0 ? byValue : compareIds(a.customerId, b.customerId);
    }
  }
}
