package io.segmart.clv;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.NavigableMap;

/**
 * A customer's purchases up to a calibration end as the CLV models read them (the convention of the
 * {@code lifetimes} package): purchases are counted on distinct days, so several orders on one day
 * are one purchase of their total value. {@code x} is the number of purchase days after the first,
 * {@code txDays} the days from the first to the last, {@code ageDays} the days from the first to
 * the calibration end, and {@code repeatCents} the value of the repeat purchases together.
 */
public record PurchaseHistory(int x, int txDays, int ageDays, long repeatCents)
    implements Serializable {

  /**
   * The history of a customer's value per purchase day, counting the days up to and including
   * {@code calibrationEnd}; null when the customer bought nothing by then.
   */
  public static PurchaseHistory of(
      NavigableMap<LocalDate, Long> centsPerDay, LocalDate calibrationEnd) {
    NavigableMap<LocalDate, Long> days = centsPerDay.headMap(calibrationEnd, true);
    if (days.isEmpty()) {
      return null;
    }
    LocalDate first = days.firstKey();
    int x = days.size() - 1;
    long repeatCents = days.values().stream().mapToLong(Long::longValue).sum() - days.get(first);
    return new PurchaseHistory(
        x,
        (int) ChronoUnit.DAYS.between(first, days.lastKey()),
        (int) ChronoUnit.DAYS.between(first, calibrationEnd),
        repeatCents);
  }

  public Cell cell() {
    return new Cell(x, txDays, ageDays, 1);
  }

  public SpendCell spendCell() {
    return new SpendCell(x, repeatCents, 1);
  }
}
