package io.segmart.marts;

import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.config.Bands;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SegmentScheme;
import io.segmart.config.SourceShape;
import io.segmart.intermediate.NearestCenter;
import io.segmart.model.ClusterModel;
import io.segmart.model.CustomerAttributes;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.SegmentedCustomer;
import io.segmart.quality.MartTests;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * dim_customers: one row per customer with metrics, scores, every segment (RFM 9 with its value
 * group and action, RF grid), the configured bands (profit level, buckets) and, where configured,
 * the customer's K-means cluster (the nearest centroid of {@link Clusters}) and CLV scores ({@link
 * ClvColumns}). A BigQuery snapshot: one partition per reference date.
 */
public class DimCustomers extends Mart {
  public static final String NAME = "dim_customers";

  /** Whether the rows have the CLV columns: only the reference date's customers are scored. */
  private final boolean clvColumns;

  public DimCustomers(PipelineConfig config) {
    super(NAME, config);
    this.clvColumns = config.clv != null;
  }

  /**
   * A mart of customer rows with these columns, but no CLV columns, under another name
   * (segment_history).
   */
  protected DimCustomers(String name, PipelineConfig config, boolean clvColumns) {
    super(name, config);
    this.clvColumns = clvColumns;
  }

  @Override
  public Schema schema() {
    Schema.Builder schema = Schema.builder().addStringField("customer_id");
    for (String attribute : attributes(config)) {
      schema.addNullableField(attribute, CustomerAttributes.type(attribute));
    }
    schema
        .addDateTimeField("first_order_at")
        .addDateTimeField("last_order_at")
        .addInt64Field("recency_days")
        .addInt64Field("orders")
        .addDecimalField("revenue")
        .addDecimalField("aov");
    // Items and the revenue of the last 365 days keep their places in a run of lines.
    boolean lineMetrics = hasLineMetrics(config);
    if (lineMetrics) {
      schema.addInt64Field("items");
    }
    schema.addInt64Field("lifespan_days").addStringField("primary_country");
    if (lineMetrics) {
      schema.addDecimalField("revenue_365d");
    }
    if (config.cleaning.countsReturns()) {
      schema.addNullableField("return_rate_365d", FieldType.DECIMAL);
    }
    schema
        .addInt32Field("r_score")
        .addInt32Field("f_score")
        .addInt32Field("m_score")
        .addStringField("rfm_score")
        .addStringField("rfm_segment")
        .addStringField("rfm_value_group")
        .addStringField("rfm_action")
        .addInt32Field("rf_r_score")
        .addInt32Field("rf_f_score")
        .addStringField("rf_segment");
    // A customer without an age has no age band.
    config.bands.forEach(
        (column, set) ->
            schema.addField(
                column, FieldType.STRING.withNullable(set.metric.equals(CustomerAttributes.AGE))));
    if (config.clusters != null) {
      schema.addNullableField("cluster", FieldType.STRING);
    }
    if (config.centers != null) {
      schema
          .addNullableField("nearest_center_id", FieldType.INT64)
          .addNullableField("nearest_center_name", FieldType.STRING)
          .addNullableField("nearest_center_km", FieldType.DECIMAL);
    }
    if (clvColumns) {
      ClvColumns.addTo(schema, config.clv);
    }
    return schema.addLogicalTypeField("as_of", SqlTypes.DATE).build();
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(row -> row.getString("customer_id"));
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().snapshotsBy("as_of").clusteredBy("rfm_segment", "customer_id");
  }

  @Override
  public void tests(MartTests tests) {
    segmentTests(tests.notEmpty().uniqueKey("customer_id"));
    if (!hasLineMetrics(config)) {
      // business_overview reconciles the customer counts of a run of lines.
      tests.sameRowCountsAs("customers", CustomerInsights.NAME, CxExport.NAME);
    }
    if (clvColumns) {
      ClvColumns.tests(tests, config.clv);
    }
  }

  /** The tests of every customer row: segments, value groups and bands known, scores 1-5. */
  protected void segmentTests(MartTests tests) {
    SegmentScheme rfm = new SegmentScheme(config.segments.rfm);
    tests
        .acceptedValues("rfm_segment", rfm.segments())
        .acceptedValues("rfm_value_group", rfm.valueGroups())
        .acceptedValues("rf_segment", new SegmentScheme(config.segments.rfGrid).segments());
    config.bands.forEach((column, bands) -> tests.acceptedValues(column, Bands.labels(bands)));
    if (config.clusters != null) {
      tests.notNull("cluster").acceptedValues("cluster", Clusters.names(config.clusters));
    }
    for (String score : List.of("r_score", "f_score", "m_score", "rf_r_score", "rf_f_score")) {
      tests.between(score, 1, 5);
    }
  }

  /**
   * The customer attributes that the source maps, in column order: the age, not the birth date it
   * may come from.
   */
  private static List<String> attributes(PipelineConfig config) {
    return CustomerAttributes.NAMES.stream()
        .filter(
            name ->
                name.equals(CustomerAttributes.AGE)
                    ? config.source.gives(name)
                        || config.source.gives(CustomerAttributes.BIRTH_DATE)
                    : config.source.gives(name) && !name.equals(CustomerAttributes.BIRTH_DATE))
        .toList();
  }

  /**
   * Whether customers have the metrics that only lines give (items, revenue of the last 365 days):
   * a source of per-customer totals holds neither.
   */
  private static boolean hasLineMetrics(PipelineConfig config) {
    return config.source.shape == SourceShape.LINES;
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    PCollection<Row> rows = rows(inputs.customers, inputs.clusterModel, "ToDimCustomerRows");
    return clvColumns
        ? rows.apply(
            "AddClvColumns", new ClvColumns.Add(config.clv, inputs.clvHistories, inputs.clvModels))
        : rows;
  }

  /**
   * Customers as rows of this mart's columns; {@code clusterModel} is null when the configuration
   * asks for no clusters.
   */
  protected PCollection<Row> rows(
      PCollection<SegmentedCustomer> customers,
      @Nullable PCollectionView<Map<Long, ClusterModel>> clusterModel,
      String step) {
    Schema schema = schema();
    NearestCenter centers =
        config.centers == null ? null : NearestCenter.load(config.centers.input);
    ParDo.SingleOutput<SegmentedCustomer, Row> toRows =
        ParDo.of(
            new ToRowFn(
                schema,
                attributes(config),
                List.copyOf(config.bands.keySet()),
                clvColumns ? ClvColumns.names(config.clv) : List.of(),
                centers,
                clusterModel));
    return customers
        .apply(step, clusterModel == null ? toRows : toRows.withSideInputs(clusterModel))
        .setRowSchema(schema);
  }

  static class ToRowFn extends DoFn<SegmentedCustomer, Row> {
    private final Schema schema;
    private final List<String> attributes;
    private final boolean lineMetrics;
    private final boolean returnRates;
    private final List<String> bands;

    /** The columns a later step sets ({@link ClvColumns}), empty until then. */
    private final List<String> setLater;

    private final @Nullable NearestCenter centers;
    private final @Nullable PCollectionView<Map<Long, ClusterModel>> clusterModel;

    ToRowFn(
        Schema schema,
        List<String> attributes,
        List<String> bands,
        List<String> setLater,
        @Nullable NearestCenter centers,
        @Nullable PCollectionView<Map<Long, ClusterModel>> clusterModel) {
      this.schema = schema;
      this.attributes = attributes;
      // What the configuration adds to the columns, decided once rather than per customer.
      this.lineMetrics = schema.hasField("items");
      this.returnRates = schema.hasField("return_rate_365d");
      this.bands = bands;
      this.setLater = setLater;
      this.centers = centers;
      this.clusterModel = clusterModel;
    }

    @ProcessElement
    public void process(
        @Element SegmentedCustomer c, OutputReceiver<Row> out, ProcessContext context) {
      CustomerMetrics m = c.metrics;
      RowBuilder row = RowBuilder.of(schema).set("customer_id", m.customerId);
      for (String attribute : attributes) {
        row.set(attribute, CustomerAttributes.value(attribute, m.attributes.get(attribute)));
      }
      row.set("first_order_at", m.firstOrderAt)
          .set("last_order_at", m.lastOrderAt)
          .set("recency_days", m.recencyDays)
          .set("orders", m.orders)
          .set("revenue", Money.of(m.revenueCents))
          .set("aov", Money.of(m.aovCents))
          .set("lifespan_days", m.lifespanDays)
          .set("primary_country", m.primaryCountry)
          .set("r_score", c.rScore)
          .set("f_score", c.fScore)
          .set("m_score", c.mScore)
          .set("rfm_score", "" + c.rScore + c.fScore + c.mScore)
          .set("rfm_segment", c.rfmSegment)
          .set("rfm_value_group", c.rfmValueGroup)
          .set("rfm_action", c.rfmAction)
          .set("rf_r_score", c.rfRScore)
          .set("rf_f_score", c.rfFScore)
          .set("rf_segment", c.rfSegment)
          .set("as_of", LocalDate.ofEpochDay(c.metrics.asOfDay));
      if (lineMetrics) {
        row.set("items", m.items).set("revenue_365d", Money.of(m.revenue365dCents));
      }
      for (String band : bands) {
        row.set(band, c.bands.get(band));
      }
      for (String column : setLater) {
        row.set(column, null);
      }
      if (returnRates) {
        row.set("return_rate_365d", m.returnRate365d);
      }
      if (clusterModel != null) {
        row.set("cluster", context.sideInput(clusterModel).get(m.asOfDay).assign(m));
      }
      if (centers != null) {
        NearestCenter.Nearest nearest =
            centers.of(
                (Double) CustomerAttributes.value("latitude", m.attributes.get("latitude")),
                (Double) CustomerAttributes.value("longitude", m.attributes.get("longitude")));
        row.set("nearest_center_id", nearest == null ? null : nearest.center().id())
            .set("nearest_center_name", nearest == null ? null : nearest.center().name())
            .set(
                "nearest_center_km",
                nearest == null
                    ? null
                    : BigDecimal.valueOf(nearest.km()).setScale(1, RoundingMode.HALF_UP));
      }
      out.output(row.build());
    }
  }
}
