package io.segmart.intermediate;

import io.segmart.common.GatherAll;
import io.segmart.config.PipelineConfig;
import io.segmart.model.ClusterModel;
import io.segmart.model.SegmentedCustomer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the K-means cluster model ({@link ClusterModel}) on one worker: on every customer, or on a
 * sample of at most {@code sampleSize} of them chosen by a hash of their id (the same customers
 * give the same sample on every runner). The model is a side input of one element, or none when
 * there are no customers; customers are assigned to clusters where the marts need them.
 */
public class FitClusters
    extends PTransform<PCollection<SegmentedCustomer>, PCollectionView<List<ClusterModel>>> {
  private static final Logger LOG = LoggerFactory.getLogger(FitClusters.class);

  private final PipelineConfig.Clusters config;
  private final long sampleSize;

  public FitClusters(PipelineConfig.Clusters config, long sampleSize) {
    this.config = config;
    this.sampleSize = sampleSize;
  }

  @Override
  public PCollectionView<List<ClusterModel>> expand(PCollection<SegmentedCustomer> customers) {
    return customers
        .apply("ClusterFeatures", ParDo.of(new FeaturesFn(config.features)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(DoubleCoder.of())))
        .apply("GatherForClusters", GatherAll.of())
        .apply("FitClusterModel", ParDo.of(new FitFn(config, sampleSize)))
        .setCoder(SerializableCoder.of(ClusterModel.class))
        .apply("ClusterModelView", View.asList());
  }

  static class FeaturesFn extends DoFn<SegmentedCustomer, KV<String, List<Double>>> {
    private final List<String> features;

    FeaturesFn(List<String> features) {
      this.features = features;
    }

    @ProcessElement
    public void process(
        @Element SegmentedCustomer customer, OutputReceiver<KV<String, List<Double>>> out) {
      List<Double> values = new ArrayList<>(features.size());
      for (double value : ClusterModel.features(customer.metrics, features)) {
        values.add(value);
      }
      out.output(KV.of(customer.metrics.customerId, values));
    }
  }

  static class FitFn extends DoFn<Iterable<KV<String, List<Double>>>, ClusterModel> {
    private final Counter fittedOn = Metrics.counter("clusters", "fitted_customers");
    private final PipelineConfig.Clusters config;
    private final long sampleSize;

    FitFn(PipelineConfig.Clusters config, long sampleSize) {
      this.config = config;
      this.sampleSize = sampleSize;
    }

    @ProcessElement
    public void process(
        @Element Iterable<KV<String, List<Double>>> customers, OutputReceiver<ClusterModel> out) {
      List<KV<String, List<Double>>> sample = sample(customers, sampleSize);
      List<double[]> values = new ArrayList<>(sample.size());
      for (KV<String, List<Double>> customer : sample) {
        values.add(customer.getValue().stream().mapToDouble(Double::doubleValue).toArray());
      }
      ClusterModel model = ClusterModel.fit(values, config);
      fittedOn.inc(model.fittedOn);
      LOG.info(
          "segmart clusters: {} clusters fitted on {} customers, inertia {}",
          model.clusters.size(),
          model.fittedOn,
          String.format("%.4f", model.inertia));
      out.output(model);
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
