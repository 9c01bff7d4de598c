package io.segmart.clv;

import static org.apache.commons.math3.special.Gamma.digamma;
import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BG/NBD model of repeat purchases (Fader, Hardie and Lee 2005, "Counting your customers the
 * easy way"): while alive, a customer buys at a Poisson rate that is Gamma(r, alpha) across
 * customers; after each purchase the customer drops out with a probability that is Beta(a, b)
 * across customers. Times are in a unit of {@code stepsPerUnit} of the histogram's steps (with
 * steps of a day: 1 for days, 7 for weeks).
 */
public final class BgNbd {
  public static final String MODEL = "BG/NBD";
  public static final List<String> PARAMETERS = List.of("r", "alpha", "a", "b");
  private static final Logger LOG = LoggerFactory.getLogger("io.segmart.progress");

  /**
   * The mean dropout probability a / (a + b) below which a fit that did not converge is taken to be
   * heading for no dropout at all.
   */
  private static final double NO_DROPOUT = 1e-3;

  /** The model's parameters. */
  public record Params(double r, double alpha, double a, double b) {
    static Params of(double[] values) {
      return new Params(values[0], values[1], values[2], values[3]);
    }

    public static Params of(ModelFit fit) {
      return of(fit.estimates());
    }
  }

  private BgNbd() {}

  /**
   * Maximum-likelihood fit on the histogram of customers; the {@link Nbd} fit where BG/NBD does not
   * converge because its likelihood keeps rising toward no dropout (a at 0 or b without bound).
   */
  public static ModelFit fit(List<Cell> cells, double stepsPerUnit) {
    long customers = cells.stream().mapToLong(Cell::customers).sum();
    if (cells.stream().noneMatch(c -> c.x() > 0)) {
      throw new ClvFitException(
          "BG/NBD needs customers with repeat purchases, and every one of the "
              + customers
              + " customers bought on one day only before the calibration end: choose a later"
              + " calibration end");
    }
    try {
      return MaximumLikelihood.fit(
          MODEL, PARAMETERS, likelihood(cells, stepsPerUnit), customers, new double[] {1, 1, 1, 1});
    } catch (ClvFitException e) {
      double[] last = e.lastEstimate();
      if (last == null || last[2] / (last[2] + last[3]) > NO_DROPOUT) {
        throw e;
      }
      ModelFit nbd;
      try {
        nbd = Nbd.fit(cells, stepsPerUnit);
      } catch (ClvFitException nbdFailed) {
        throw e;
      }
      LOG.info(
          "segmart progress: BG/NBD's mean dropout probability went to {} (a = {}, b = {}) without"
              + " converging: the data show no dropout, so the NBD, which has none, is fitted"
              + " instead",
          last[2] / (last[2] + last[3]),
          last[2],
          last[3]);
      return nbd;
    }
  }

  /**
   * The expected purchases in the next {@code t} units after the fit's last day, of a customer with
   * this history, under either count model.
   */
  public static double expectedPurchases(ModelFit fit, int x, double tx, double age, double t) {
    return fit.model().equals(Nbd.MODEL)
        ? Nbd.expectedPurchases(fit, x, age, t)
        : expectedPurchases(Params.of(fit), x, tx, age, t);
  }

  /** The probability that a customer with this history is alive: always 1 under the NBD. */
  public static double probabilityAlive(ModelFit fit, int x, double tx, double age) {
    return fit.model().equals(Nbd.MODEL) ? 1 : probabilityAlive(Params.of(fit), x, tx, age);
  }

  static Likelihood likelihood(List<Cell> cells, double stepsPerUnit) {
    return Likelihood.overCells(
        cells,
        Cell::customers,
        (params, c) ->
            logLikelihood(Params.of(params), c.x(), c.tx() / stepsPerUnit, c.age() / stepsPerUnit),
        (params, c) ->
            gradientOf(Params.of(params), c.x(), c.tx() / stepsPerUnit, c.age() / stepsPerUnit));
  }

  /** One customer's log-likelihood (the paper's equation 6, on the log scale). */
  static double logLikelihood(Params p, int x, double tx, double age) {
    double a1 = logGamma(p.r + x) - logGamma(p.r) + p.r * Math.log(p.alpha);
    double a2 = logGamma(p.a + p.b) + logGamma(p.b + x) - logGamma(p.b) - logGamma(p.a + p.b + x);
    double a3 = -(p.r + x) * Math.log(p.alpha + age);
    if (x == 0) {
      return a1 + a2 + a3;
    }
    double a4 = Math.log(p.a) - Math.log(p.b + x - 1) - (p.r + x) * Math.log(p.alpha + tx);
    return a1 + a2 + logSumExp(a3, a4);
  }

  /** The derivatives of {@link #logLikelihood} in r, alpha, a and b. */
  static double[] gradientOf(Params p, int x, double tx, double age) {
    double[] g = new double[4];
    g[0] = digamma(p.r + x) - digamma(p.r) + Math.log(p.alpha);
    g[1] = p.r / p.alpha;
    g[2] = digamma(p.a + p.b) - digamma(p.a + p.b + x);
    g[3] = digamma(p.a + p.b) + digamma(p.b + x) - digamma(p.b) - digamma(p.a + p.b + x);
    double a3 = -(p.r + x) * Math.log(p.alpha + age);
    double[] d3 = {-Math.log(p.alpha + age), -(p.r + x) / (p.alpha + age), 0, 0};
    if (x == 0) {
      for (int i = 0; i < 4; i++) {
        g[i] += d3[i];
      }
      return g;
    }
    double a4 = Math.log(p.a) - Math.log(p.b + x - 1) - (p.r + x) * Math.log(p.alpha + tx);
    double[] d4 = {
      -Math.log(p.alpha + tx), -(p.r + x) / (p.alpha + tx), 1 / p.a, -1 / (p.b + x - 1)
    };
    double total = logSumExp(a3, a4);
    double w3 = Math.exp(a3 - total);
    double w4 = Math.exp(a4 - total);
    for (int i = 0; i < 4; i++) {
      g[i] += w3 * d3[i] + w4 * d4[i];
    }
    return g;
  }

  /**
   * The expected number of purchases in the next {@code t} units after the calibration end, for a
   * customer with this history (the paper's equation 10).
   */
  public static double expectedPurchases(Params p, int x, double tx, double age, double t) {
    double z = t / (p.alpha + age + t);
    double hyper = Hypergeometric.f21(p.r + x, p.b + x, p.a + p.b + x - 1, z);
    double shrink = Math.exp((p.r + x) * Math.log((p.alpha + age) / (p.alpha + age + t)));
    double whileAlive = (p.a + p.b + x - 1) / (p.a - 1) * (1 - shrink * hyper);
    return x == 0 ? whileAlive : whileAlive / (1 + Math.exp(logOddsDead(p, x, tx, age)));
  }

  /**
   * The probability that a customer with this history is still alive at the calibration end: 1 for
   * a customer without repeat purchases, who cannot have dropped out.
   */
  public static double probabilityAlive(Params p, int x, double tx, double age) {
    return x == 0 ? 1 : 1 / (1 + Math.exp(logOddsDead(p, x, tx, age)));
  }

  private static double logOddsDead(Params p, int x, double tx, double age) {
    return Math.log(p.a / (p.b + x - 1)) + (p.r + x) * Math.log((p.alpha + age) / (p.alpha + tx));
  }

  private static double logSumExp(double u, double v) {
    double max = Math.max(u, v);
    return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
  }
}
