package io.segmart.clv;

import static org.apache.commons.math3.special.Gamma.digamma;
import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.List;

/**
 * The NBD model of repeat purchases (Ehrenberg): BG/NBD without dropout, its limit as the dropout
 * probability goes to 0. Customers buy at a Poisson rate that is Gamma(r, alpha) across customers,
 * for ever. It is fitted when BG/NBD does not converge because the data show no dropout; every
 * customer is then alive.
 */
public final class Nbd {
  public static final String MODEL = "NBD";
  public static final List<String> PARAMETERS = List.of("r", "alpha");

  private Nbd() {}

  static ModelFit fit(List<Cell> cells, double stepsPerUnit) {
    long customers = cells.stream().mapToLong(Cell::customers).sum();
    return MaximumLikelihood.fit(
        MODEL, PARAMETERS, likelihood(cells, stepsPerUnit), customers, new double[] {1, 1});
  }

  static Likelihood likelihood(List<Cell> cells, double stepsPerUnit) {
    return Likelihood.overCells(
        cells,
        Cell::customers,
        (params, c) -> logLikelihood(params[0], params[1], c.x(), c.age() / stepsPerUnit),
        (params, c) -> gradientOf(params[0], params[1], c.x(), c.age() / stepsPerUnit));
  }

  /** One customer's log-likelihood: x purchases in an age, at a Gamma(r, alpha) rate. */
  static double logLikelihood(double r, double alpha, int x, double age) {
    return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) - (r + x) * Math.log(alpha + age);
  }

  /** The derivatives of {@link #logLikelihood} in r and alpha. */
  static double[] gradientOf(double r, double alpha, int x, double age) {
    return new double[] {
      digamma(r + x) - digamma(r) + Math.log(alpha) - Math.log(alpha + age),
      r / alpha - (r + x) / (alpha + age)
    };
  }

  /** The expected purchases in the next {@code t} units of a customer with x purchases in age. */
  static double expectedPurchases(ModelFit fit, int x, double age, double t) {
    return (fit.estimate("r") + x) * t / (fit.estimate("alpha") + age);
  }
}
