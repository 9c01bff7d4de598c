package io.segmart.intermediate;

import io.segmart.config.PipelineConfig;
import io.segmart.model.ClusterModel;
import io.segmart.model.SegmentedCustomer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the K-means cluster model ({@link ClusterModel}) of each reference date on one worker: on
 * every customer as of that date, or on a sample of at most {@code sampleSize} of them chosen by a
 * hash of their ids (the same customers give the same sample on every runner). A snapshot of the
 * segment history gets the clusters a run as of its date would get. The models are a side input by
 * reference date (epoch day); customers are assigned to clusters where the marts need them.
 */
public class FitClusters
    extends PTransform<PCollection<SegmentedCustomer>, PCollectionView<Map<Long, ClusterModel>>> {
  private static final Logger LOG = LoggerFactory.getLogger(FitClusters.class);

  private final PipelineConfig.Clusters config;
  private final long sampleSize;

  public FitClusters(PipelineConfig.Clusters config, long sampleSize) {
    this.config = config;
    this.sampleSize = sampleSize;
  }

  /**
   * The customers of the run's date and, with a history, of every other snapshot date: each
   * customer of each date once (the snapshot of the run's date, when there is one, is the run's
   * customers).
   */
  public static PCollection<SegmentedCustomer> customersOfEveryDate(
      PCollection<SegmentedCustomer> customers,
      @Nullable PCollection<SegmentedCustomer> history,
      PCollectionView<Long> asOfDay) {
    if (history == null) {
      return customers;
    }
    return PCollectionList.of(customers)
        .and(
            history.apply(
                "SnapshotsBeforeTheRunsDate",
                ParDo.of(new OtherDatesFn(asOfDay)).withSideInputs(asOfDay)))
        .apply("CustomersOfEveryDate", Flatten.pCollections());
  }

  static class OtherDatesFn extends DoFn<SegmentedCustomer, SegmentedCustomer> {
    private final PCollectionView<Long> asOfDay;

    OtherDatesFn(PCollectionView<Long> asOfDay) {
      this.asOfDay = asOfDay;
    }

    @ProcessElement
    public void process(
        @Element SegmentedCustomer customer,
        OutputReceiver<SegmentedCustomer> out,
        ProcessContext context) {
      if (customer.metrics.asOfDay != context.sideInput(asOfDay)) {
        out.output(customer);
      }
    }
  }

  @Override
  public PCollectionView<Map<Long, ClusterModel>> expand(PCollection<SegmentedCustomer> customers) {
    return customers
        .apply("ClusterFeatures", ParDo.of(new FeaturesFn(config.features)))
        .setCoder(
            KvCoder.of(
                VarLongCoder.of(),
                KvCoder.of(StringUtf8Coder.of(), ListCoder.of(DoubleCoder.of()))))
        .apply("CustomersPerDate", GroupByKey.create())
        .apply("FitClusterModels", ParDo.of(new FitFn(config, sampleSize)))
        .setCoder(KvCoder.of(VarLongCoder.of(), SerializableCoder.of(ClusterModel.class)))
        .apply("ClusterModelsView", View.asMap());
  }

  /** Each customer's features, keyed by its reference date. */
  static class FeaturesFn extends DoFn<SegmentedCustomer, KV<Long, KV<String, List<Double>>>> {
    private final List<String> features;

    FeaturesFn(List<String> features) {
      this.features = features;
    }

    @ProcessElement
    public void process(
        @Element SegmentedCustomer customer,
        OutputReceiver<KV<Long, KV<String, List<Double>>>> out) {
      List<Double> values = new ArrayList<>(features.size());
      for (double value : ClusterModel.features(customer.metrics, features)) {
        values.add(value);
      }
      out.output(KV.of(customer.metrics.asOfDay, KV.of(customer.metrics.customerId, values)));
    }
  }

  static class FitFn
      extends DoFn<KV<Long, Iterable<KV<String, List<Double>>>>, KV<Long, ClusterModel>> {
    private final Counter fittedOn = Metrics.counter("clusters", "fitted_customers");
    private final PipelineConfig.Clusters config;
    private final long sampleSize;

    FitFn(PipelineConfig.Clusters config, long sampleSize) {
      this.config = config;
      this.sampleSize = sampleSize;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, Iterable<KV<String, List<Double>>>> customers,
        OutputReceiver<KV<Long, ClusterModel>> out) {
      List<KV<String, List<Double>>> sample = sample(customers.getValue(), sampleSize);
      List<double[]> values = new ArrayList<>(sample.size());
      for (KV<String, List<Double>> customer : sample) {
        values.add(customer.getValue().stream().mapToDouble(Double::doubleValue).toArray());
      }
      ClusterModel model = ClusterModel.fit(values, config);
      fittedOn.inc(model.fittedOn);
      LOG.info(
          "segmart clusters: as of {}, {} clusters fitted on {} customers, inertia {}",
          LocalDate.ofEpochDay(customers.getKey()),
          model.clusters.size(),
          model.fittedOn,
          String.format("%.4f", model.inertia));
      out.output(KV.of(customers.getKey(), model));
    }
  }

  /**
   * At most {@code size} customers, those of the lowest hashed ids, in the order of their ids: a
   * sample that depends only on which customers there are.
   */
  static List<KV<String, List<Double>>> sample(
      Iterable<KV<String, List<Double>>> customers, long size) {
    Comparator<KV<String, List<Double>>> byHash =
        Comparator.<KV<String, List<Double>>>comparingLong(c -> mix(c.getKey().hashCode()))
            .thenComparing(KV::getKey);
    PriorityQueue<KV<String, List<Double>>> kept = new PriorityQueue<>(byHash.reversed());
    for (KV<String, List<Double>> customer : customers) {
      kept.add(customer);
      if (kept.size() > size) {
        kept.poll();
      }
    }
    List<KV<String, List<Double>>> sample = new ArrayList<>(kept);
    sample.sort(Comparator.comparing(KV::getKey));
    return sample;
  }

  /** Spreads a 32-bit hash over 64 bits (SplitMix64's finalizer), so ids in sequence scatter. */
  private static long mix(int hash) {
    long z = hash * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
