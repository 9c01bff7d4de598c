package io.segmart.clv;

import io.segmart.config.ClvUnit;
import java.io.Serializable;
import java.time.LocalDate;

/** The CLV models of a run: both fits, the calibration end they saw, and their time unit. */
public record FittedClv(LocalDate calibrationEnd, ClvUnit unit, Fits fits) implements Serializable {

  /** Both models fitted on one histogram, and the histogram's size. */
  public record Fits(ModelFit bgNbd, ModelFit gammaGamma, int histogramCells, int spendCells)
      implements Serializable {}
}
