package io.segmart.clv;

import io.segmart.config.ClvUnit;
import io.segmart.run.RunFailure;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customers' purchase histories counted per distinct (x, t_x, T) and per distinct (x, repeat
 * value): what both models are fitted on. Its size is set by the distinct histories, not by the
 * customers, so that the fit costs the same for any number of customers.
 */
public final class Histogram implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger("io.segmart.progress");

  private final Map<Cell, Long> cells = new HashMap<>();
  private final Map<SpendCell, Long> spend = new HashMap<>();

  void add(PurchaseHistory history) {
    cells.merge(history.cell(), 1L, Long::sum);
    spend.merge(history.spendCell(), 1L, Long::sum);
  }

  void addAll(Histogram other) {
    other.cells.forEach((cell, n) -> cells.merge(cell, n, Long::sum));
    other.spend.forEach((cell, n) -> spend.merge(cell, n, Long::sum));
  }

  /**
   * The cells with their counts, in a fixed order: the likelihood's sum then has the same rounding
   * whichever way the customers were combined, and reruns give the same estimates to the last bit.
   */
  List<Cell> cells() {
    List<Cell> counted = new ArrayList<>();
    cells.forEach((c, n) -> counted.add(new Cell(c.x(), c.tx(), c.age(), n)));
    counted.sort(
        Comparator.comparingInt(Cell::x).thenComparingInt(Cell::tx).thenComparingInt(Cell::age));
    return counted;
  }

  List<SpendCell> spendCells() {
    List<SpendCell> counted = new ArrayList<>();
    spend.forEach((c, n) -> counted.add(new SpendCell(c.x(), c.repeatCents(), n)));
    counted.sort(Comparator.comparingInt(SpendCell::x).thenComparingLong(SpendCell::repeatCents));
    return counted;
  }

  /**
   * Combines the customers' histories into one histogram and fits both models on it, once; a fit
   * that fails stops the run with its message.
   */
  public static final class FitFn
      extends Combine.CombineFn<PurchaseHistory, Histogram, FittedClv.Fits> {
    private final ClvUnit unit;

    public FitFn(ClvUnit unit) {
      this.unit = unit;
    }

    @Override
    public Histogram createAccumulator() {
      return new Histogram();
    }

    @Override
    public Histogram addInput(Histogram histogram, PurchaseHistory history) {
      histogram.add(history);
      return histogram;
    }

    @Override
    public Histogram mergeAccumulators(Iterable<Histogram> histograms) {
      Histogram merged = new Histogram();
      histograms.forEach(merged::addAll);
      return merged;
    }

    @Override
    public FittedClv.Fits extractOutput(Histogram histogram) {
      LOG.info(
          "segmart progress: fitting the CLV models on {} customers in {} distinct histories"
              + " ({} of repeat spend)",
          histogram.cells.values().stream().mapToLong(Long::longValue).sum(),
          histogram.cells.size(),
          histogram.spend.size());
      try {
        return new FittedClv.Fits(
            BgNbd.fit(histogram.cells(), unit.days),
            GammaGamma.fit(histogram.spendCells()),
            histogram.cells.size(),
            histogram.spend.size());
      } catch (ClvFitException e) {
        // Every fit's message ends with the way out that does not depend on the data.
        throw new RunFailure(
            "CLV: " + e.getMessage() + " (or set clv.enabled: false to run without CLV)");
      }
    }

    @Override
    public Coder<Histogram> getAccumulatorCoder(
        CoderRegistry registry, Coder<PurchaseHistory> input) {
      // One histogram per bundle crosses the shuffle: Java serialization is cheap enough there.
      return SerializableCoder.of(Histogram.class);
    }
  }
}
