package io.segmart.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.segmart.config.PipelineConfig;
import io.segmart.testing.CustomerFixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.Test;

public class ClusterModelTest {
  private static final List<String> RFM = List.of("recency_days", "orders", "revenue");

  private static PipelineConfig.Clusters clusters(int k, List<String> features) {
    PipelineConfig.Clusters config = new PipelineConfig.Clusters();
    config.k = k;
    config.features = features;
    config.names = new LinkedHashMap<>();
    return config;
  }

  /** The marketplace seed's names, as pipelines/online-retail.yaml gives them. */
  private static PipelineConfig.Clusters seedNames() {
    PipelineConfig.Clusters config = clusters(3, RFM);
    config.names.put("loyal", Map.of("recency_days", -1.0, "orders", 1.0, "revenue", 1.0));
    config.names.put("churned", Map.of("recency_days", 1.0));
    config.names.put("new", Map.of("recency_days", -1.0, "orders", -1.0, "revenue", -1.0));
    return config;
  }

  private static List<double[]> values(List<CustomerMetrics> customers, List<String> features) {
    return customers.stream().map(c -> ClusterModel.features(c, features)).toList();
  }

  @Test
  public void featuresAreStandardizedWithThePopulationDeviation() {
    List<double[]> values = new ArrayList<>();
    for (double v : new double[] {1, 2, 3, 4}) {
      values.add(new double[] {v});
    }
    ClusterModel model = ClusterModel.fit(values, clusters(2, List.of("orders")));

    assertEquals(2.5, model.means[0], 1e-12);
    assertEquals(Math.sqrt(1.25), model.deviations[0], 1e-12); // the sample deviation is 1.29
    assertEquals(2, model.clusters.size());
    List<Double> centroids = new ArrayList<>();
    for (ClusterModel.Cluster cluster : model.clusters) {
      centroids.add(model.inUnits(cluster, 0));
    }
    centroids.sort(null);
    assertEquals(1.5, centroids.get(0), 1e-9);
    assertEquals(3.5, centroids.get(1), 1e-9);
    // Four points each 0.5 / sqrt(1.25) from their centroid: 4 x 0.2.
    assertEquals(0.8, model.inertia, 1e-9);
  }

  @Test
  public void separatedGroupsAreFoundAndNamedFromTheirCentroids() {
    Random random = new Random(7);
    Map<String, double[]> groups = new LinkedHashMap<>();
    groups.put("loyal", new double[] {5, 20, 5000});
    groups.put("churned", new double[] {300, 2, 200});
    groups.put("new", new double[] {10, 1, 60});
    List<double[]> values = new ArrayList<>();
    List<String> truth = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      String group = List.copyOf(groups.keySet()).get(i % 3);
      double[] center = groups.get(group);
      values.add(
          new double[] {
            center[0] + random.nextInt(5),
            center[1] + random.nextInt(2),
            center[2] * (1 + random.nextDouble() / 10)
          });
      truth.add(group);
    }
    ClusterModel model = ClusterModel.fit(values, seedNames());

    assertEquals(List.of("churned", "loyal", "new"), names(model));
    for (int i = 0; i < values.size(); i++) {
      double[] v = values.get(i);
      assertEquals(truth.get(i), model.assign(metrics((long) v[0], (long) v[1], v[2])));
    }
  }

  @Test
  public void theRealCustomersGetTheSeedsThreeGroupsEachAtItsNearestCentroid() throws Exception {
    List<CustomerMetrics> customers = CustomerFixtures.onlineRetail();
    ClusterModel model = ClusterModel.fit(values(customers, RFM), seedNames());

    Map<String, double[]> centroids = new TreeMap<>();
    model.clusters.forEach(c -> centroids.put(c.name(), c.centroid()));
    assertEquals(List.of("churned", "loyal", "new"), List.copyOf(centroids.keySet()));
    // loyal: the most recent, most frequent and highest spending; churned: the least recent.
    assertTrue(centroids.get("loyal")[0] < centroids.get("new")[0]);
    assertTrue(centroids.get("loyal")[1] > centroids.get("new")[1]);
    assertTrue(centroids.get("loyal")[2] > centroids.get("new")[2]);
    assertTrue(centroids.get("churned")[0] > centroids.get("new")[0]);

    double inertia = 0;
    for (CustomerMetrics customer : customers) {
      double[] z = standardized(model, customer);
      String assigned = model.assign(customer);
      double nearest = distance(z, centroids.get(assigned));
      for (double[] centroid : centroids.values()) {
        assertTrue(customer.customerId, nearest <= distance(z, centroid));
      }
      inertia += nearest;
    }
    // The kept restart's inertia is that of assigning every fitted customer to its centroid.
    assertEquals(model.inertia, inertia, 1e-6 * inertia);
  }

  @Test
  public void theSameCustomersGiveTheSameModelAndRestartsKeepTheLowestInertia() throws Exception {
    List<double[]> values = values(CustomerFixtures.onlineRetail(), RFM);
    ClusterModel once = ClusterModel.fit(values, seedNames());
    ClusterModel again = ClusterModel.fit(values, seedNames());
    for (int c = 0; c < once.clusters.size(); c++) {
      assertEquals(once.clusters.get(c).name(), again.clusters.get(c).name());
      assertArrayEquals(once.clusters.get(c).centroid(), again.clusters.get(c).centroid(), 0);
    }
    PipelineConfig.Clusters oneRun = seedNames();
    oneRun.restarts = 1;
    for (long seed = 1; seed <= 5; seed++) {
      oneRun.seed = seed;
      assertTrue(ClusterModel.fit(values, oneRun).inertia >= once.inertia - 1e-9);
    }
  }

  @Test
  public void fewerDistinctCustomersThanKGiveAsManyClusters() {
    List<double[]> values =
        List.of(new double[] {1, 1, 10}, new double[] {1, 1, 10}, new double[] {90, 2, 500});
    ClusterModel model = ClusterModel.fit(values, seedNames());

    assertEquals(2, model.clusters.size());
    assertEquals(3, model.fittedOn);
  }

  @Test
  public void clustersBeyondTheNamesAreNumbered() {
    List<double[]> values = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      values.add(new double[] {i % 3 == 0 ? 400 + i : i % 3 == 1 ? 10 + i : 200 + i});
    }
    PipelineConfig.Clusters config = clusters(3, List.of("recency_days"));
    config.names.put("churned", Map.of("recency_days", 1.0));
    ClusterModel model = ClusterModel.fit(values, config);

    assertEquals(List.of("churned", "cluster_1", "cluster_2"), names(model));
    assertEquals("churned", model.assign(metrics(420, 1, 1)));
  }

  private static List<String> names(ClusterModel model) {
    return model.clusters.stream().map(ClusterModel.Cluster::name).toList();
  }

  private static double[] standardized(ClusterModel model, CustomerMetrics customer) {
    double[] v = ClusterModel.features(customer, model.features);
    for (int d = 0; d < v.length; d++) {
      v[d] = (v[d] - model.means[d]) / model.deviations[d];
    }
    return v;
  }

  private static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int d = 0; d < a.length; d++) {
      sum += (a[d] - b[d]) * (a[d] - b[d]);
    }
    return sum;
  }

  private static CustomerMetrics metrics(long recencyDays, long orders, double revenue) {
    long cents = Math.round(revenue * 100);
    CustomerMetrics base = CustomerFixtures.oneOrder("c", cents);
    return new CustomerMetrics(
        "c",
        Map.of(),
        base.firstOrderAt,
        base.lastOrderAt,
        recencyDays,
        orders,
        cents,
        orders,
        cents / Math.max(orders, 1),
        0,
        "UNITED KINGDOM",
        cents,
        base.asOfDay,
        null);
  }
}
