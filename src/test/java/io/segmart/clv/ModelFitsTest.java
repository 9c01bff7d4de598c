package io.segmart.clv;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.Test;

/**
 * The fits recover the parameters of data simulated from the models, their gradients are the
 * derivatives of their likelihoods, and inputs they cannot be fitted on stop with a message.
 */
public class ModelFitsTest {
  private static final int CUSTOMERS = 10_000;

  /**
   * Customers simulated from BG/NBD in days, each observed for 180 to 365 days, in a histogram of
   * hours: in whole days, customers buying several times a day would merge purchases. With {@code
   * a} 0, nobody drops out (the NBD).
   */
  private static List<Cell> simulateBgNbd(BgNbd.Params p, long seed) {
    RandomGenerator random = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(random, p.r(), 1 / p.alpha());
    BetaDistribution dropouts = p.a() == 0 ? null : new BetaDistribution(random, p.a(), p.b());
    Map<Cell, Long> cells = new HashMap<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      double rate = rates.sample();
      double dropout = dropouts == null ? 0 : dropouts.sample();
      int age = 24 * (180 + random.nextInt(186));
      ExponentialDistribution gaps = new ExponentialDistribution(random, 1 / rate);
      int x = 0;
      int lastHour = 0;
      double t = 0;
      // After the first purchase (day 0) purchases come at exponential gaps, and the customer may
      // drop out after each repeat purchase.
      while (true) {
        t += gaps.sample();
        if (24 * t > age) {
          break;
        }
        int hour = (int) (24 * t);
        if (hour > lastHour) {
          x++;
          lastHour = hour;
        }
        if (random.nextDouble() < dropout) {
          break;
        }
      }
      cells.merge(new Cell(x, lastHour, age, 1), 1L, Long::sum);
    }
    List<Cell> counted = new ArrayList<>();
    cells.forEach((c, n) -> counted.add(new Cell(c.x(), c.tx(), c.age(), n)));
    return counted;
  }

  private static void assertRecovers(BgNbd.Params truth, long seed) {
    ModelFit fit = BgNbd.fit(simulateBgNbd(truth, seed), 24);
    double[] expected = {truth.r(), truth.alpha(), truth.a(), truth.b()};
    assertWithinTwoStandardErrors(fit, expected);
  }

  private static void assertWithinTwoStandardErrors(ModelFit fit, double[] expected) {
    for (int i = 0; i < expected.length; i++) {
      String what =
          fit.names().get(i)
              + " = "
              + fit.estimates()[i]
              + " (standard error "
              + fit.standardErrors()[i]
              + "), simulated from "
              + expected[i];
      assertTrue(what, Math.abs(fit.estimates()[i] - expected[i]) <= 2 * fit.standardErrors()[i]);
    }
  }

  @Test
  public void bgNbdRecoversTheParametersItWasSimulatedFrom() {
    assertRecovers(new BgNbd.Params(0.25, 10, 0.8, 2.4), 1);
    assertRecovers(new BgNbd.Params(1.5, 40, 0.3, 0.3), 2);
    assertRecovers(new BgNbd.Params(0.6, 20, 4, 4), 3);
  }

  @Test
  public void withoutDropoutTheNbdIsFittedInstead() {
    ModelFit fit = BgNbd.fit(simulateBgNbd(new BgNbd.Params(0.8, 15, 0, 1), 6), 24);
    assertEquals(Nbd.MODEL, fit.model());
    assertWithinTwoStandardErrors(fit, new double[] {0.8, 15});
    assertEquals(1, BgNbd.probabilityAlive(fit, 3, 10, 40), 0);
  }

  @Test
  public void gammaGammaRecoversTheParametersItWasSimulatedFrom() {
    double p = 6;
    double q = 4;
    double v = 15;
    RandomGenerator random = new Well19937c(4);
    GammaDistribution scales = new GammaDistribution(random, q, 1 / v);
    Map<List<Long>, Long> cells = new HashMap<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      GammaDistribution values = new GammaDistribution(random, p, 1 / scales.sample());
      int x = 1 + random.nextInt(8);
      long cents = 0;
      for (int j = 0; j < x; j++) {
        cents += Math.round(values.sample() * 100);
      }
      cells.merge(List.of((long) x, cents), 1L, Long::sum);
    }
    List<SpendCell> counted = new ArrayList<>();
    cells.forEach((k, n) -> counted.add(new SpendCell(k.get(0).intValue(), k.get(1), n)));
    assertWithinTwoStandardErrors(GammaGamma.fit(counted), new double[] {p, q, v});
  }

  @Test
  public void theGradientsAreTheLikelihoodsDerivatives() {
    List<Cell> cells = simulateBgNbd(new BgNbd.Params(0.25, 10, 0.8, 2.4), 5);
    assertGradient(BgNbd.likelihood(cells, 24 * 7), new double[] {0.3, 3, 0.9, 2});
    assertGradient(BgNbd.likelihood(cells, 24), new double[] {2, 50, 0.4, 6});
    assertGradient(Nbd.likelihood(cells, 24), new double[] {0.3, 12});
    List<SpendCell> spend =
        List.of(
            new SpendCell(1, 2_500, 3), new SpendCell(2, 9_913, 1), new SpendCell(5, 60_000, 2));
    assertGradient(GammaGamma.likelihood(spend), new double[] {6, 3.7, 15});
    assertGradient(GammaGamma.likelihood(spend), new double[] {0.5, 9, 200});
  }

  private static void assertGradient(Likelihood likelihood, double[] at) {
    double[] analytic = likelihood.gradient(at);
    for (int i = 0; i < at.length; i++) {
      double step = 1e-6 * at[i];
      double[] up = at.clone();
      double[] down = at.clone();
      up[i] += step;
      down[i] -= step;
      double numeric = (likelihood.value(up) - likelihood.value(down)) / (2 * step);
      assertEquals("derivative " + i, numeric, analytic[i], 1e-5 * Math.max(1, Math.abs(numeric)));
    }
  }

  @Test
  public void dataTheModelsCannotBeFittedOnStopsWithAMessage() {
    ClvFitException oneTimers =
        assertThrows(
            ClvFitException.class,
            () -> BgNbd.fit(List.of(new Cell(0, 0, 100, 50), new Cell(0, 0, 30, 7)), 7));
    assertTrue(oneTimers.getMessage(), oneTimers.getMessage().contains("every one of the 57"));

    ClvFitException oneCustomer =
        assertThrows(ClvFitException.class, () -> BgNbd.fit(List.of(new Cell(3, 40, 90, 1)), 7));
    assertTrue(oneCustomer.getMessage(), oneCustomer.getMessage().startsWith("BG/NBD"));

    ClvFitException noRepeatSpend =
        assertThrows(
            ClvFitException.class,
            () -> GammaGamma.fit(List.of(new SpendCell(0, 0, 40), new SpendCell(2, 0, 3))));
    assertTrue(noRepeatSpend.getMessage(), noRepeatSpend.getMessage().contains("none has any"));

    ClvFitException sameSpend =
        assertThrows(
            ClvFitException.class, () -> GammaGamma.fit(List.of(new SpendCell(2, 5_000, 30))));
    assertTrue(sameSpend.getMessage(), sameSpend.getMessage().contains("all 30 have the same"));
  }
}
