package io.segmart.marts;

import io.segmart.config.PipelineConfig;
import io.segmart.intermediate.Bands;
import io.segmart.intermediate.SegmentScheme;
import io.segmart.model.CustomerAttributes;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.ScoredCustomer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * dim_customers: one row per customer with metrics, scores, every segment (RFM 9 with its value group
 * and action, RF grid) and the configured bands (profit level, buckets).
 */
public class DimCustomers extends PTransform<PCollection<ScoredCustomer>, PCollection<Row>> {
  public static final String NAME = "dim_customers";

  private final PipelineConfig config;
  private final PCollectionView<Long> asOfDay;

  public DimCustomers(PipelineConfig config, PCollectionView<Long> asOfDay) {
    this.config = config;
    this.asOfDay = asOfDay;
  }

  public static Schema schema(PipelineConfig config) {
    Schema.Builder schema = Schema.builder().addStringField("customer_id");
    for (String attribute : attributes(config)) {
      schema.addNullableField(attribute, CustomerAttributes.type(attribute));
    }
    schema.addDateTimeField("first_order_at")
        .addDateTimeField("last_order_at")
        .addInt64Field("recency_days")
        .addInt64Field("orders")
        .addDecimalField("revenue")
        .addDecimalField("aov")
        .addInt64Field("items")
        .addInt64Field("lifespan_days")
        .addStringField("primary_country")
        .addDecimalField("revenue_365d")
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
    config.bands.keySet().forEach(schema::addStringField);
    return schema.addLogicalTypeField("as_of", SqlTypes.DATE).build();
  }

  /** The customer attributes that the source maps, in column order. */
  private static List<String> attributes(PipelineConfig config) {
    return CustomerAttributes.NAMES.stream().filter(config.source.columns::containsKey).toList();
  }

  @Override
  public PCollection<Row> expand(PCollection<ScoredCustomer> customers) {
    Schema schema = schema(config);
    return customers
        .apply("SegmentCustomers", ParDo.of(new SegmentFn(config, schema, asOfDay)).withSideInputs(asOfDay))
        .setRowSchema(schema);
  }

  static class SegmentFn extends DoFn<ScoredCustomer, Row> {
    private final PipelineConfig config;
    private final Schema schema;
    private final PCollectionView<Long> asOfDay;
    private final SegmentScheme rfm;
    private final SegmentScheme rfGrid;

    SegmentFn(PipelineConfig config, Schema schema, PCollectionView<Long> asOfDay) {
      this.config = config;
      this.schema = schema;
      this.asOfDay = asOfDay;
      this.rfm = new SegmentScheme(config.segments.rfm);
      this.rfGrid = new SegmentScheme(config.segments.rfGrid);
    }

    @ProcessElement
    public void process(@Element ScoredCustomer c, OutputReceiver<Row> out, ProcessContext context) {
      CustomerMetrics m = c.metrics;
      int[] rfmScores = scores(c, config.segments.rfm.scoring);
      int[] gridScores = scores(c, config.segments.rfGrid.scoring);
      PipelineConfig.SegmentRule segment = rfm.match(rfmScores[0], rfmScores[1], rfmScores[2]);
      PipelineConfig.SegmentRule grid = rfGrid.match(gridScores[0], gridScores[1], gridScores[2]);
      List<Object> values = new ArrayList<>();
      values.add(m.customerId);
      for (String attribute : attributes(config)) {
        values.add(CustomerAttributes.value(attribute, m.attributes.get(attribute)));
      }
      values.add(m.firstOrderAt);
      values.add(m.lastOrderAt);
      values.add(m.recencyDays);
      values.add(m.orders);
      values.add(Money.of(m.revenueCents));
      values.add(Money.of(m.aovCents));
      values.add(m.items);
      values.add(m.lifespanDays);
      values.add(m.primaryCountry);
      values.add(Money.of(m.revenue365dCents));
      values.add(rfmScores[0]);
      values.add(rfmScores[1]);
      values.add(rfmScores[2]);
      values.add("" + rfmScores[0] + rfmScores[1] + rfmScores[2]);
      values.add(segment.segment);
      values.add(segment.valueGroup);
      values.add(segment.action);
      values.add(gridScores[0]);
      values.add(gridScores[1]);
      values.add(grid.segment);
      for (Map.Entry<String, PipelineConfig.BandSet> band : config.bands.entrySet()) {
        values.add(Bands.label(band.getValue(), m.metric(band.getValue().metric)));
      }
      values.add(LocalDate.ofEpochDay(context.sideInput(asOfDay)));
      out.output(Row.withSchema(schema).addValues(values).build());
    }

    private static int[] scores(ScoredCustomer c, PipelineConfig.Scoring scoring) {
      return scoring == PipelineConfig.Scoring.NTILE
          ? new int[] {c.rNtile, c.fNtile, c.mNtile}
          : new int[] {c.rPercentRank, c.fPercentRank, c.mPercentRank};
    }
  }
}
