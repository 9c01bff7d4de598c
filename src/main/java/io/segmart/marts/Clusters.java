package io.segmart.marts;

import io.segmart.common.GatherAll;
import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.config.PipelineConfig;
import io.segmart.model.ClusterModel;
import io.segmart.model.SegmentedCustomer;
import io.segmart.quality.MartTests;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * clusters: the K-means clusters of the customers (configuration section clusters), one row per
 * cluster and feature: the cluster's name, how many customers it holds, and its centroid in the
 * feature's units and in standard units. Customers are assigned to the nearest centroid, as in
 * dim_customers' cluster column.
 */
public class Clusters extends Mart {
  public static final String NAME = "clusters";

  private static final Schema SCHEMA =
      Schema.builder()
          .addLogicalTypeField("as_of", SqlTypes.DATE)
          .addStringField("cluster")
          .addInt64Field("customers")
          .addStringField("feature")
          .addDecimalField("centroid")
          .addDecimalField("centroid_z")
          .addInt64Field("fitted_on")
          .build();

  public Clusters(PipelineConfig config) {
    super(NAME, config);
  }

  /** Every name a cluster may get: the configured ones, then cluster_1 ... cluster_k. */
  public static List<String> names(PipelineConfig.Clusters clusters) {
    List<String> names = new ArrayList<>(clusters.names.keySet());
    for (int i = 1; i <= clusters.k; i++) {
      names.add("cluster_" + i);
    }
    return names;
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(
        row -> row.getString("cluster") + "\u0000" + row.getString("feature"));
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().snapshotsBy("as_of");
  }

  @Override
  public void tests(MartTests tests) {
    tests
        .notEmpty()
        .notNull("cluster", "customers", "feature", "centroid", "centroid_z", "fitted_on")
        .uniqueKey("cluster", "feature")
        .acceptedValues("cluster", names(config.clusters))
        .acceptedValues("feature", config.clusters.features)
        .between("customers", 0, Integer.MAX_VALUE);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    PCollectionView<Map<Long, ClusterModel>> model = inputs.clusterModel;
    return inputs
        .customers
        .apply("ClusterOfCustomer", ParDo.of(new AssignFn(model)).withSideInputs(model))
        .apply("CustomersPerCluster", Count.perElement())
        .apply("GatherClusterSizes", GatherAll.of())
        .apply(
            "ToClusterRows",
            ParDo.of(new ToRowFn(model, inputs.asOfDay)).withSideInputs(model, inputs.asOfDay))
        .setRowSchema(SCHEMA);
  }

  static class AssignFn extends DoFn<SegmentedCustomer, String> {
    private final PCollectionView<Map<Long, ClusterModel>> model;

    AssignFn(PCollectionView<Map<Long, ClusterModel>> model) {
      this.model = model;
    }

    @ProcessElement
    public void process(
        @Element SegmentedCustomer customer, OutputReceiver<String> out, ProcessContext context) {
      out.output(context.sideInput(model).get(customer.metrics.asOfDay).assign(customer.metrics));
    }
  }

  static class ToRowFn extends DoFn<Iterable<KV<String, Long>>, Row> {
    private final PCollectionView<Map<Long, ClusterModel>> model;
    private final PCollectionView<Long> asOfDay;

    ToRowFn(PCollectionView<Map<Long, ClusterModel>> model, PCollectionView<Long> asOfDay) {
      this.model = model;
      this.asOfDay = asOfDay;
    }

    @ProcessElement
    public void process(
        @Element Iterable<KV<String, Long>> sizes,
        OutputReceiver<Row> out,
        ProcessContext context) {
      Map<String, Long> customers = new HashMap<>();
      sizes.forEach(size -> customers.put(size.getKey(), size.getValue()));
      long day = context.sideInput(asOfDay);
      ClusterModel fitted = context.sideInput(model).get(day);
      LocalDate asOf = LocalDate.ofEpochDay(day);
      for (ClusterModel.Cluster cluster : fitted.clusters) {
        for (int d = 0; d < fitted.features.size(); d++) {
          out.output(
              RowBuilder.of(SCHEMA)
                  .set("as_of", asOf)
                  .set("cluster", cluster.name())
                  .set("customers", customers.getOrDefault(cluster.name(), 0L))
                  .set("feature", fitted.features.get(d))
                  .set("centroid", Money.rounded(fitted.inUnits(cluster, d), 2))
                  .set("centroid_z", Money.rounded(cluster.centroid()[d], 4))
                  .set("fitted_on", fitted.fittedOn)
                  .build());
        }
      }
    }
  }
}
