package io.segmart.intermediate;

import io.segmart.config.Ranking;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.ScoredCustomer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.ApproximateQuantiles.ApproximateQuantilesCombineFn;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * R, F and M scores by NTILE and PERCENT_RANK, 5 = best, among the customers of the same reference
 * date: the run's one date for dim_customers, each snapshot's date for segment_history. Ranking
 * needs every customer's place in an order per date; only the cut points ({@link MetricCuts}) are
 * global, computed either exactly (a date's keys sorted on one worker: memory about 60 bytes a
 * customer) or from mergeable quantile sketches (any number of customers, rank error bounded by the
 * configured fraction). Scoring itself is a parallel lookup against the cut points of the
 * customer's date.
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
    PCollectionView<Map<Long, MetricCuts>> recency =
        cuts(customers, "Recency", m -> m.recencyDays, true);
    PCollectionView<Map<Long, MetricCuts>> frequency =
        cuts(customers, "Frequency", m -> m.orders, false);
    PCollectionView<Map<Long, MetricCuts>> monetary =
        cuts(customers, "Monetary", m -> m.revenueCents, false);
    return customers.apply(
        "ScoreRfm",
        ParDo.of(new ScoreFn(recency, frequency, monetary))
            .withSideInputs(recency, frequency, monetary));
  }

  /** The cut points of one metric per reference date. */
  private PCollectionView<Map<Long, MetricCuts>> cuts(
      PCollection<CustomerMetrics> customers,
      String name,
      SerializableFunction<CustomerMetrics, Long> metric,
      boolean lowerIsBetter) {
    PCollection<KV<Long, MetricCuts>> cuts;
    if (ranking == Ranking.EXACT) {
      cuts =
          customers
              .apply(name + "KeysPerBundle", ParDo.of(new KeysPerBundleFn(metric)))
              .setCoder(KvCoder.of(VarLongCoder.of(), ListCoder.of(RankKeyCoder.of())))
              .apply(name + "KeysPerDate", GroupByKey.create())
              .apply(name + "ExactCuts", ParDo.of(new ExactCutsFn(lowerIsBetter)));
    } else {
      PCollection<KV<Long, RankKey>> keys =
          customers
              .apply(
                  name + "Keys",
                  MapElements.into(
                          TypeDescriptors.kvs(
                              TypeDescriptors.longs(), TypeDescriptor.of(RankKey.class)))
                      .via(m -> KV.of(m.asOfDay, new RankKey(metric.apply(m), m.customerId))))
              .setCoder(KvCoder.of(VarLongCoder.of(), RankKeyCoder.of()));
      PCollectionView<Map<Long, Long>> counts =
          keys.apply(name + "Count", Count.perKey()).apply(name + "CountView", View.asMap());
      int quantiles = (int) Math.ceil(1 / rankError) + 1;
      cuts =
          keys.apply(
                  name + "Sketch",
                  Combine.perKey(
                      ApproximateQuantilesCombineFn.create(
                          quantiles,
                          RankKey.ORDER,
                          ApproximateQuantilesCombineFn.DEFAULT_MAX_NUM_ELEMENTS,
                          rankError)))
              .apply(
                  name + "ApproximateCuts",
                  ParDo.of(new SketchCutsFn(counts, lowerIsBetter)).withSideInputs(counts));
    }
    return cuts.apply(name + "CutsView", View.asMap());
  }

  /**
   * Each bundle's rank keys, one list per reference date: a grouping then gathers a few lists per
   * date instead of one element per customer (the DirectRunner copies a key's whole group each time
   * a bundle adds to it).
   */
  static class KeysPerBundleFn extends DoFn<CustomerMetrics, KV<Long, List<RankKey>>> {
    private final SerializableFunction<CustomerMetrics, Long> metric;
    private transient Map<Long, List<RankKey>> keys;

    KeysPerBundleFn(SerializableFunction<CustomerMetrics, Long> metric) {
      this.metric = metric;
    }

    @StartBundle
    public void startBundle() {
      keys = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element CustomerMetrics m) {
      keys.computeIfAbsent(m.asOfDay, d -> new ArrayList<>())
          .add(new RankKey(metric.apply(m), m.customerId));
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      keys.forEach(
          (date, list) ->
              context.output(
                  KV.of(date, list), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      keys = null;
    }
  }

  /** Sorts every key of one date and derives exact cut points. */
  static class ExactCutsFn extends DoFn<KV<Long, Iterable<List<RankKey>>>, KV<Long, MetricCuts>> {
    private final boolean lowerIsBetter;

    ExactCutsFn(boolean lowerIsBetter) {
      this.lowerIsBetter = lowerIsBetter;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, Iterable<List<RankKey>>> date, OutputReceiver<KV<Long, MetricCuts>> out) {
      List<RankKey> keys = new ArrayList<>();
      date.getValue().forEach(keys::addAll);
      keys.sort(RankKey.ORDER);
      long[] ranks = new long[keys.size()];
      for (int i = 0; i < ranks.length; i++) {
        ranks[i] = i;
      }
      out.output(KV.of(date.getKey(), MetricCuts.from(keys, ranks, keys.size(), lowerIsBetter)));
    }
  }

  /**
   * Turns one date's evenly spaced quantiles (first = minimum, last = maximum) into cut points with
   * estimated ranks.
   */
  static class SketchCutsFn extends DoFn<KV<Long, List<RankKey>>, KV<Long, MetricCuts>> {
    private final PCollectionView<Map<Long, Long>> counts;
    private final boolean lowerIsBetter;

    SketchCutsFn(PCollectionView<Map<Long, Long>> counts, boolean lowerIsBetter) {
      this.counts = counts;
      this.lowerIsBetter = lowerIsBetter;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, List<RankKey>> date,
        OutputReceiver<KV<Long, MetricCuts>> out,
        ProcessContext c) {
      List<RankKey> quantiles = date.getValue();
      long n = c.sideInput(counts).get(date.getKey());
      long[] ranks = new long[quantiles.size()];
      for (int j = 0; j < ranks.length; j++) {
        ranks[j] = ranks.length == 1 ? 0 : Math.round((double) j * (n - 1) / (ranks.length - 1));
      }
      out.output(KV.of(date.getKey(), MetricCuts.from(quantiles, ranks, n, lowerIsBetter)));
    }
  }

  static class ScoreFn extends DoFn<CustomerMetrics, ScoredCustomer> {
    private final PCollectionView<Map<Long, MetricCuts>> recency;
    private final PCollectionView<Map<Long, MetricCuts>> frequency;
    private final PCollectionView<Map<Long, MetricCuts>> monetary;

    ScoreFn(
        PCollectionView<Map<Long, MetricCuts>> recency,
        PCollectionView<Map<Long, MetricCuts>> frequency,
        PCollectionView<Map<Long, MetricCuts>> monetary) {
      this.recency = recency;
      this.frequency = frequency;
      this.monetary = monetary;
    }

    @ProcessElement
    public void process(
        @Element CustomerMetrics m, OutputReceiver<ScoredCustomer> out, ProcessContext c) {
      MetricCuts r = c.sideInput(recency).get(m.asOfDay);
      MetricCuts f = c.sideInput(frequency).get(m.asOfDay);
      MetricCuts mo = c.sideInput(monetary).get(m.asOfDay);
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
