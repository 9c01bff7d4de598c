package io.segmart.clv;

import static org.apache.commons.math3.special.Gamma.digamma;
import static org.apache.commons.math3.special.Gamma.logGamma;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie and Lee 2005, "RFM and CLV"): a
 * customer's purchase values are Gamma(p, nu), and nu is Gamma(q, v) across customers. Fitted on
 * the customers with repeat purchases, by their number {@code x} and mean value; independent of the
 * purchase counts of {@link BgNbd}.
 */
public final class GammaGamma {
  public static final List<String> PARAMETERS = List.of("p", "q", "v");

  /** The model's parameters. */
  public record Params(double p, double q, double v) {
    static Params of(double[] values) {
      return new Params(values[0], values[1], values[2]);
    }

    public static Params of(ModelFit fit) {
      return of(fit.estimates());
    }
  }

  private GammaGamma() {}

  /** Maximum-likelihood fit on the customers with repeat purchases of a positive value. */
  public static ModelFit fit(List<SpendCell> cells) {
    List<SpendCell> repeat = cells.stream().filter(c -> c.x() > 0 && c.repeatCents() > 0).toList();
    long customers = repeat.stream().mapToLong(SpendCell::customers).sum();
    if (repeat.size() < 2) {
      throw new ClvFitException(
          "Gamma-Gamma needs customers with repeat purchases of different values, and "
              + (customers == 0 ? "none has any" : "all " + customers + " have the same")
              + " before the calibration end: choose a later calibration end");
    }
    return MaximumLikelihood.fit(
        "Gamma-Gamma", PARAMETERS, likelihood(repeat), customers, new double[] {1, 1, 1});
  }

  static Likelihood likelihood(List<SpendCell> cells) {
    return Likelihood.overCells(
        cells,
        SpendCell::customers,
        (params, c) -> logLikelihood(Params.of(params), c.x(), c.mean()),
        (params, c) -> gradientOf(Params.of(params), c.x(), c.mean()));
  }

  /** One customer's log-likelihood of a mean value {@code m} over {@code x} purchases. */
  static double logLikelihood(Params p, int x, double m) {
    double px = p.p * x;
    return logGamma(px + p.q)
        - logGamma(px)
        - logGamma(p.q)
        + p.q * Math.log(p.v)
        + (px - 1) * Math.log(m)
        + px * Math.log(x)
        - (px + p.q) * Math.log(x * m + p.v);
  }

  /** The derivatives of {@link #logLikelihood} in p, q and v. */
  static double[] gradientOf(Params p, int x, double m) {
    double px = p.p * x;
    double total = Math.log(x * m + p.v);
    return new double[] {
      x * (digamma(px + p.q) - digamma(px) + Math.log(m) + Math.log(x) - total),
      digamma(px + p.q) - digamma(p.q) + Math.log(p.v) - total,
      p.q / p.v - (px + p.q) / (x * m + p.v)
    };
  }

  /**
   * The expected value of a customer's purchases given {@code x} repeat purchases of mean value
   * {@code mean}: a weighted average of the population mean and the customer's own. Null where the
   * model gives no finite value (a population mean needs q > 1).
   */
  public static @Nullable Double expectedMean(Params p, int x, double mean) {
    double denominator = p.p * x + p.q - 1;
    return denominator > 0 ? p.p * (p.v + x * mean) / denominator : null;
  }
}
