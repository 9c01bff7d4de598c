package io.segmart.clv;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.NavigableMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One customer's purchases as the CLV steps read them: the history up to the calibration end (null
 * for a customer who first bought after it), the purchase days after it up to the last day of the
 * run (the holdout), and the history up to that last day, which the customer's scores are computed
 * from.
 */
public record ClvHistories(
    @Nullable PurchaseHistory calibration, int holdoutPurchases, PurchaseHistory whole)
    implements Serializable {

  /**
   * The histories of a customer's value per purchase day; null when the customer bought nothing by
   * {@code lastDay}.
   */
  public static @Nullable ClvHistories of(
      NavigableMap<LocalDate, Long> centsPerDay, LocalDate calibrationEnd, LocalDate lastDay) {
    PurchaseHistory whole = PurchaseHistory.of(centsPerDay, lastDay);
    if (whole == null) {
      return null;
    }
    int holdout =
        calibrationEnd.isBefore(lastDay)
            ? centsPerDay.subMap(calibrationEnd, false, lastDay, true).size()
            : 0;
    return new ClvHistories(PurchaseHistory.of(centsPerDay, calibrationEnd), holdout, whole);
  }
}
