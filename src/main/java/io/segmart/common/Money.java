package io.segmart.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Conversions for mart values: money is carried in cents and shown with two decimals. */
public final class Money {
  private Money() {}

  public static BigDecimal of(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  public static long cents(BigDecimal money) {
    return money.movePointRight(2).longValueExact();
  }

  /** part / whole with four decimals, half up; 0 when whole is 0. */
  public static BigDecimal share(long part, long whole) {
    return whole == 0
        ? BigDecimal.ZERO.setScale(4)
        : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
  }

  /** total / count in cents, rounded half up to the cent; 0 when count is 0. */
  public static BigDecimal average(long totalCents, long count) {
    return count == 0
        ? of(0)
        : BigDecimal.valueOf(totalCents, 2)
            .divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
  }

  /** A sort key that orders larger amounts first. */
  public static String descending(long value) {
    return String.format("%019d", Long.MAX_VALUE - value);
  }

  public static String ascending(long value) {
    return String.format("%019d", value);
  }

  /** A measured value (a centroid, an estimate) shown with {@code scale} decimals, half up. */
  public static BigDecimal rounded(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
  }
}
