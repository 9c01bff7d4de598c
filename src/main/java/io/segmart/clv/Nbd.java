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
    return new Likelihood() {
      @Override
      public double value(double[] params) {
        double sum = 0;
        for (Cell c : cells) {
          double r = params[0];
          double alpha = params[1];
          double age = c.age() / stepsPerUnit;
          sum +=
              c.customers()
                  * (logGamma(r + c.x())
                      - logGamma(r)
                      + r * Math.log(alpha)
                      - (r + c.x()) * Math.log(alpha + age));
        }
        return sum;
      }

      @Override
      public double[] gradient(double[] params) {
        double[] sum = new double[2];
        for (Cell c : cells) {
          double r = params[0];
          double alpha = params[1];
          double age = c.age() / stepsPerUnit;
          sum[0] +=
              c.customers()
                  * (digamma(r + c.x()) - digamma(r) + Math.log(alpha) - Math.log(alpha + age));
          sum[1] += c.customers() * (r / alpha - (r + c.x()) / (alpha + age));
        }
        return sum;
      }
    };
  }

  /** The expected purchases in the next {@code t} units of a customer with x purchases in age. */
  static double expectedPurchases(ModelFit fit, int x, double age, double t) {
    return (fit.estimate("r") + x) * t / (fit.estimate("alpha") + age);
  }
}
