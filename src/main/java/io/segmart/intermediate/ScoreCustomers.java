package io.segmart.intermediate;

import io.segmart.common.GatherAll;
import io.segmart.config.Ranking;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.ScoredCustomer;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.ApproximateQuantiles.ApproximateQuantilesCombineFn;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * R, F and M scores by NTILE and PERCENT_RANK, 5 = best. Ranking needs every customer's place in a
 * global order; only the cut points ({@link MetricCuts}) are global, computed either exactly (all
 * keys sorted on one worker: memory about 60 bytes a customer) or from mergeable quantile sketches
 * (any number of customers, rank error bounded by the configured fraction). Scoring itself is a
 * parallel lookup against the cut points.
 */
public class ScoreCustomers
    extends PTransform<PCollection<CustomerMetrics>, PCollection<ScoredCustomer>> {
  private final Ranking ranking;
  private final double rankError;

  public ScoreCustomers(Ranking ranking, double rankError) {
    this.ranking = ranking;
    this.rankError = rankError;
  }

  @Override
  public PCollection<ScoredCustomer> expand(PCollection<CustomerMetrics> customers) {
    PCollectionView<MetricCuts> recency = cuts(customers, "Recency", m -> m.recencyDays, true);
    PCollectionView<MetricCuts> frequency = cuts(customers, "Frequency", m -> m.orders, false);
    PCollectionView<MetricCuts> monetary = cuts(customers, "Monetary", m -> m.revenueCents, false);
    return customers.apply(
        "ScoreRfm",
        ParDo.of(new ScoreFn(recency, frequency, monetary))
            .withSideInputs(recency, frequency, monetary));
  }

  private PCollectionView<MetricCuts> cuts(
      PCollection<CustomerMetrics> customers,
      String name,
      SerializableFunction<CustomerMetrics, Long> metric,
      boolean lowerIsBetter) {
    PCollection<RankKey> keys =
        customers.apply(
            name + "Keys",
            MapElements.into(TypeDescriptor.of(RankKey.class))
                .via(m -> new RankKey(metric.apply(m), m.customerId)));
    if (ranking == Ranking.EXACT) {
      return keys.apply(name + "AllKeys", GatherAll.of())
          .apply(name + "ExactCuts", ParDo.of(new ExactCutsFn(lowerIsBetter)))
          .apply(
              name + "CutsView", View.<MetricCuts>asSingleton().withDefaultValue(MetricCuts.NONE));
    }
    PCollectionView<Long> count =
        keys.apply(name + "Count", Count.globally()).apply(name + "CountView", View.asSingleton());
    int quantiles = (int) Math.ceil(1 / rankError) + 1;
    return keys.apply(
            name + "Sketch",
            Combine.globally(
                ApproximateQuantilesCombineFn.create(
                    quantiles,
                    RankKey.ORDER,
                    ApproximateQuantilesCombineFn.DEFAULT_MAX_NUM_ELEMENTS,
                    rankError)))
        .apply(
            name + "ApproximateCuts",
            ParDo.of(new SketchCutsFn(count, lowerIsBetter)).withSideInputs(count))
        .apply(name + "CutsView", View.asSingleton());
  }

  /** Sorts every key and derives exact cut points. */
  static class ExactCutsFn extends DoFn<Iterable<RankKey>, MetricCuts> {
    private final boolean lowerIsBetter;

    ExactCutsFn(boolean lowerIsBetter) {
      this.lowerIsBetter = lowerIsBetter;
    }

    @ProcessElement
    public void process(@Element Iterable<RankKey> all, OutputReceiver<MetricCuts> out) {
      List<RankKey> keys = new ArrayList<>();
      all.forEach(keys::add);
      keys.sort(RankKey.ORDER);
      long[] ranks = new long[keys.size()];
      for (int i = 0; i < ranks.length; i++) {
        ranks[i] = i;
      }
      out.output(MetricCuts.from(keys, ranks, keys.size(), lowerIsBetter));
    }
  }

  /**
   * Turns evenly spaced quantiles (first = minimum, last = maximum) into cut points with estimated
   * ranks.
   */
  static class SketchCutsFn extends DoFn<List<RankKey>, MetricCuts> {
    private final PCollectionView<Long> count;
    private final boolean lowerIsBetter;

    SketchCutsFn(PCollectionView<Long> count, boolean lowerIsBetter) {
      this.count = count;
      this.lowerIsBetter = lowerIsBetter;
    }

    @ProcessElement
    public void process(
        @Element List<RankKey> quantiles, OutputReceiver<MetricCuts> out, ProcessContext c) {
      long n = c.sideInput(count);
      long[] ranks = new long[quantiles.size()];
      for (int j = 0; j < ranks.length; j++) {
        ranks[j] = ranks.length == 1 ? 0 : Math.round((double) j * (n - 1) / (ranks.length - 1));
      }
      out.output(MetricCuts.from(quantiles, ranks, n, lowerIsBetter));
    }
  }

  static class ScoreFn extends DoFn<CustomerMetrics, ScoredCustomer> {
    private final PCollectionView<MetricCuts> recency;
    private final PCollectionView<MetricCuts> frequency;
    private final PCollectionView<MetricCuts> monetary;

    ScoreFn(
        PCollectionView<MetricCuts> recency,
        PCollectionView<MetricCuts> frequency,
        PCollectionView<MetricCuts> monetary) {
      this.recency = recency;
      this.frequency = frequency;
      this.monetary = monetary;
    }

    @ProcessElement
    public void process(
        @Element CustomerMetrics m, OutputReceiver<ScoredCustomer> out, ProcessContext c) {
      MetricCuts r = c.sideInput(recency);
      MetricCuts f = c.sideInput(frequency);
      MetricCuts mo = c.sideInput(monetary);
      out.output(
          new ScoredCustomer(
              m,
              r.ntileScore(m.recencyDays, m.customerId),
              f.ntileScore(m.orders, m.customerId),
              mo.ntileScore(m.revenueCents, m.customerId),
              r.percentRankScore(m.recencyDays),
              f.percentRankScore(m.orders),
              mo.percentRankScore(m.revenueCents)));
    }
  }
}
