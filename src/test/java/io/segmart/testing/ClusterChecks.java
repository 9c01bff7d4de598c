package io.segmart.testing;

import static org.junit.Assert.assertEquals;

import io.segmart.config.PipelineConfig;
import io.segmart.model.ClusterModel;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks of a run's clusters against a fit of the same customers outside the pipeline. */
public final class ClusterChecks {
  private ClusterChecks() {}

  /**
   * Asserts that the run's model is the one fitted on every customer of dim_customers in the order
   * of their ids: each customer at its nearest centroid, and the clusters mart holding each
   * cluster's customers and centroid. Returns the customers per cluster.
   */
  public static Map<String, Long> assertFittedOnEveryCustomer(
      RunOutput out, PipelineConfig.Clusters config) throws IOException {
    List<Map<String, String>> customers = new ArrayList<>(out.rows("dim_customers"));
    customers.sort(Comparator.comparing(c -> c.get("customer_id")));
    List<double[]> values = new ArrayList<>();
    for (Map<String, String> c : customers) {
      values.add(config.features.stream().mapToDouble(f -> Double.parseDouble(c.get(f))).toArray());
    }
    ClusterModel model = ClusterModel.fit(values, config);

    Map<String, Long> sizes = new TreeMap<>();
    for (int i = 0; i < customers.size(); i++) {
      String nearest = model.assign(values.get(i));
      assertEquals(customers.get(i).get("customer_id"), nearest, customers.get(i).get("cluster"));
      sizes.merge(nearest, 1L, Long::sum);
    }
    List<Map<String, String>> rows = out.rows("clusters");
    assertEquals(model.clusters.size() * config.features.size(), rows.size());
    for (Map<String, String> row : rows) {
      ClusterModel.Cluster cluster =
          model.clusters.stream()
              .filter(c -> c.name().equals(row.get("cluster")))
              .findFirst()
              .orElseThrow();
      int d = config.features.indexOf(row.get("feature"));
      assertEquals(sizes.get(cluster.name()).toString(), row.get("customers"));
      assertEquals(Integer.toString(customers.size()), row.get("fitted_on"));
      assertEquals(
          BigDecimal.valueOf(cluster.centroid()[d]).setScale(4, RoundingMode.HALF_UP),
          new BigDecimal(row.get("centroid_z")));
      assertEquals(
          BigDecimal.valueOf(model.inUnits(cluster, d)).setScale(2, RoundingMode.HALF_UP),
          new BigDecimal(row.get("centroid")));
    }
    return sizes;
  }
}
