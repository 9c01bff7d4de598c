package io.segmart.clv;

import io.segmart.config.ClvUnit;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The CLV models fitted on the purchases up to {@code calibrationEnd} (inclusive): both fits and
 * their time unit.
 */
public record FittedClv(LocalDate calibrationEnd, ClvUnit unit, Fits fits) implements Serializable {

  /**
   * Both models fitted on one histogram, and the histogram's size: the purchases' model (BG/NBD, or
   * the NBD where the data show no dropout) and the spend's (Gamma-Gamma).
   */
  public record Fits(ModelFit purchases, ModelFit spend, int histogramCells, int spendCells)
      implements Serializable {}

  /** Of a run's fits, the one on every purchase: the customers' scores come from it. */
  public static FittedClv latest(List<FittedClv> fits) {
    return fits.stream().max(Comparator.comparing(FittedClv::calibrationEnd)).orElseThrow();
  }

  /** Of a run's fits, the one that leaves a holdout after it; null when there is only one fit. */
  public static @Nullable FittedClv withHoldout(List<FittedClv> fits) {
    return fits.size() < 2
        ? null
        : fits.stream().min(Comparator.comparing(FittedClv::calibrationEnd)).orElseThrow();
  }
}
