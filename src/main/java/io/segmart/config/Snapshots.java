package io.segmart.config;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dates of a segment history's snapshots: every {@code every} back from the last date, down to
 * the first, so that the last snapshot is the run's own reference date. A snapshot dated D sees the
 * lines before D, as a run with that reference date does.
 */
public final class Snapshots {
  /** More snapshots than this is a mistake (P1D over decades), not a history anyone reads. */
  public static final int MAX_SNAPSHOTS = 10_000;

  private Snapshots() {}

  /** {@code text} as a period of at least one day, or null when it is not one. */
  public static Period period(String text) {
    if (text == null) {
      return null;
    }
    try {
      Period period = Period.parse(text);
      LocalDate day = LocalDate.ofEpochDay(0);
      return period.isNegative() || !day.plus(period).isAfter(day) ? null : period;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The snapshot dates, as epoch days ascending: {@code last}, {@code last - every}, ... while not
   * before {@code first}; none when {@code first} is after {@code last}.
   */
  public static List<Long> dates(Period every, long first, long last) {
    List<Long> dates = new ArrayList<>();
    LocalDate end = LocalDate.ofEpochDay(last);
    for (int k = 0; ; k++) {
      long day = end.minus(every.multipliedBy(k)).toEpochDay();
      if (day < first) {
        break;
      }
      if (dates.size() == MAX_SNAPSHOTS) {
        throw new IllegalArgumentException(
            "more than "
                + MAX_SNAPSHOTS
                + " snapshots every "
                + every
                + " from "
                + LocalDate.ofEpochDay(first)
                + " to "
                + end
                + ": choose a longer --snapshotEvery or a later --snapshotsFrom");
      }
      dates.add(day);
    }
    Collections.reverse(dates);
    return dates;
  }
}
