package io.segmart.model;

import io.segmart.config.PipelineConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * K-means clusters of customers fitted on their standardized metrics: each feature's mean and
 * population standard deviation, and each named cluster's centroid in standard units. Fitted once
 * on one worker; every customer is then assigned to its nearest centroid where it is needed.
 */
public final class ClusterModel implements Serializable {
  /** A named cluster and its centroid in standard units, one value per feature. */
  public record Cluster(String name, double[] centroid) implements Serializable {}

  public final List<String> features;
  public final double[] means;
  public final double[] deviations;

  /** Ordered by name. */
  public final List<Cluster> clusters;

  /** Customers the model was fitted on (all of them, or the sample). */
  public final long fittedOn;

  /** Sum of squared distances of the fitted customers to their centroids, in standard units. */
  public final double inertia;

  private ClusterModel(
      List<String> features,
      double[] means,
      double[] deviations,
      List<Cluster> clusters,
      long fittedOn,
      double inertia) {
    this.features = features;
    this.means = means;
    this.deviations = deviations;
    this.clusters = clusters;
    this.fittedOn = fittedOn;
    this.inertia = inertia;
  }

  /** The metrics of the configured features, in their display units. */
  public static double[] features(CustomerMetrics metrics, List<String> features) {
    double[] values = new double[features.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = metrics.metric(features.get(i)).doubleValue();
    }
    return values;
  }

  /**
   * Fits clusters on these customers' feature values, which must come in a deterministic order (the
   * same input gives the same model). Fewer distinct customers than k give as many clusters as
   * there are distinct customers.
   */
  public static ClusterModel fit(List<double[]> values, PipelineConfig.Clusters config) {
    int n = values.size();
    int dimensions = config.features.size();
    double[] means = new double[dimensions];
    double[] deviations = new double[dimensions];
    for (int d = 0; d < dimensions; d++) {
      double sum = 0;
      for (double[] v : values) {
        sum += v[d];
      }
      means[d] = n == 0 ? 0 : sum / n;
      double squares = 0;
      for (double[] v : values) {
        squares += (v[d] - means[d]) * (v[d] - means[d]);
      }
      deviations[d] = n == 0 ? 0 : Math.sqrt(squares / n);
    }
    List<DoublePoint> points = new ArrayList<>(n);
    for (double[] v : values) {
      points.add(new DoublePoint(standardize(v, means, deviations)));
    }
    int k =
        (int)
            Math.min(
                config.k,
                points.stream()
                    .map(p -> Arrays.stream(p.getPoint()).boxed().toList())
                    .distinct()
                    .count());
    List<double[]> best = List.of();
    double bestInertia = Double.POSITIVE_INFINITY;
    if (k > 0) {
      RandomGenerator random = new JDKRandomGenerator();
      random.setSeed(config.seed);
      for (int run = 0; run < config.restarts; run++) {
        List<CentroidCluster<DoublePoint>> found =
            new KMeansPlusPlusClusterer<DoublePoint>(
                    k, config.maxIterations, new EuclideanDistance(), random)
                .cluster(points);
        double inertia = 0;
        for (CentroidCluster<DoublePoint> cluster : found) {
          for (DoublePoint point : cluster.getPoints()) {
            inertia += squaredDistance(point.getPoint(), cluster.getCenter().getPoint());
          }
        }
        if (inertia < bestInertia) {
          bestInertia = inertia;
          best = found.stream().map(c -> c.getCenter().getPoint()).toList();
        }
      }
    }
    return new ClusterModel(
        List.copyOf(config.features),
        means,
        deviations,
        name(best, config),
        n,
        k > 0 ? bestInertia : 0);
  }

  /** The name of the cluster nearest these metrics; the first by name on a tie. */
  public String assign(CustomerMetrics metrics) {
    return assign(features(metrics, features));
  }

  /** The name of the cluster nearest these feature values (in their units). */
  public String assign(double[] values) {
    double[] point = standardize(values, means, deviations);
    Cluster nearest = null;
    double nearestDistance = Double.POSITIVE_INFINITY;
    for (Cluster cluster : clusters) {
      double distance = squaredDistance(point, cluster.centroid);
      if (distance < nearestDistance) {
        nearest = cluster;
        nearestDistance = distance;
      }
    }
    return nearest == null ? null : nearest.name;
  }

  /** A centroid's value of feature {@code d} in the feature's own units. */
  public double inUnits(Cluster cluster, int d) {
    return means[d] + cluster.centroid[d] * deviations[d];
  }

  /** Standard units; a feature that does not vary is 0 for everyone. */
  private static double[] standardize(double[] values, double[] means, double[] deviations) {
    double[] z = new double[values.length];
    for (int d = 0; d < values.length; d++) {
      z[d] = deviations[d] == 0 ? 0 : (values[d] - means[d]) / deviations[d];
    }
    return z;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double sum = 0;
    for (int d = 0; d < a.length; d++) {
      sum += (a[d] - b[d]) * (a[d] - b[d]);
    }
    return sum;
  }

  /**
   * Names the centroids: of all ways to give the configured names to clusters (each name at most
   * once, as many clusters named as there are names), the one with the highest total score, the
   * first found on a tie. The centroids are taken in ascending order, so the result does not depend
   * on the order k-means returned them in.
   */
  static List<Cluster> name(List<double[]> centroids, PipelineConfig.Clusters config) {
    List<double[]> ordered = centroids.stream().sorted(Arrays::compare).toList();
    List<String> names = List.copyOf(config.names.keySet());
    double[][] scores = new double[ordered.size()][names.size()];
    for (int c = 0; c < ordered.size(); c++) {
      for (int n = 0; n < names.size(); n++) {
        Map<String, Double> weights = config.names.get(names.get(n));
        for (int d = 0; d < config.features.size(); d++) {
          scores[c][n] += weights.getOrDefault(config.features.get(d), 0.0) * ordered.get(c)[d];
        }
      }
    }
    int[] best = new Naming(scores, Math.min(ordered.size(), names.size())).best();
    List<Cluster> clusters = new ArrayList<>();
    int unnamed = 0;
    for (int c = 0; c < ordered.size(); c++) {
      String name = best[c] >= 0 ? names.get(best[c]) : "cluster_" + ++unnamed;
      clusters.add(new Cluster(name, ordered.get(c)));
    }
    clusters.sort(Comparator.comparing(Cluster::name));
    return List.copyOf(clusters);
  }

  /**
   * The assignment of names to clusters with the highest total score: every way to name exactly
   * {@code named} clusters, each name at most once, tried in a fixed order (k is at most 8).
   */
  private static final class Naming {
    private final double[][] scores;
    private final int named;
    private final int[] choice;
    private final int[] best;
    private final boolean[] used;
    private double bestScore = Double.NEGATIVE_INFINITY;

    Naming(double[][] scores, int named) {
      this.scores = scores;
      this.named = named;
      this.choice = new int[scores.length];
      this.best = new int[scores.length];
      this.used = new boolean[scores.length == 0 ? 0 : scores[0].length];
    }

    /** Per cluster, the index of its name, or -1 for none. */
    int[] best() {
      search(0, 0, 0);
      return best;
    }

    private void search(int cluster, int count, double score) {
      if (cluster == scores.length) {
        if (count == named && score > bestScore) {
          bestScore = score;
          System.arraycopy(choice, 0, best, 0, choice.length);
        }
        return;
      }
      for (int name = 0; name < used.length; name++) {
        if (!used[name]) {
          used[name] = true;
          choice[cluster] = name;
          search(cluster + 1, count + 1, score + scores[cluster][name]);
          used[name] = false;
        }
      }
      choice[cluster] = -1;
      search(cluster + 1, count, score);
    }
  }
}
