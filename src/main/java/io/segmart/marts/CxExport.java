package io.segmart.marts;

import io.segmart.config.PipelineConfig;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * cx_export: the file the support tool imports. One row per customer with the RFM segment, its
 * configured support priority (1 = answered first) and the as-of date; sorted by priority, then by
 * revenue (highest first), so that within a priority the most valuable customers come first.
 */
public class CxExport extends PTransform<PCollection<Row>, PCollection<Row>> {
  public static final String NAME = "cx_export";

  private final PipelineConfig config;

  public CxExport(PipelineConfig config) {
    this.config = config;
  }

  public static Schema schema(PipelineConfig config) {
    Schema.Builder schema = Schema.builder().addStringField("customer_id");
    if (config.source.columns.containsKey("email")) {
      schema.addNullableField("email", FieldType.STRING);
    }
    return schema.addStringField("segment")
        .addStringField("value_group")
        .addInt32Field("priority")
        .addDecimalField("revenue")
        .addLogicalTypeField("as_of", org.apache.beam.sdk.schemas.logicaltypes.SqlTypes.DATE)
        .build();
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> dimCustomers) {
    Schema schema = schema(config);
    return dimCustomers.apply("ToCxRows", ParDo.of(new DoFn<Row, Row>() {
      @ProcessElement
      public void process(@Element Row c, OutputReceiver<Row> out) {
        Row.Builder row = Row.withSchema(schema).addValue(c.getString("customer_id"));
        if (schema.hasField("email")) {
          row.addValue(c.getString("email"));
        }
        String segment = c.getString("rfm_segment");
        out.output(row.addValues(segment, c.getString("rfm_value_group"), config.cx.priorities.get(segment),
            c.getDecimal("revenue"), c.getValue("as_of")).build());
      }
    })).setRowSchema(schema);
  }

  public static String sortKey(Row row) {
    return String.format("%04d", row.getInt32("priority")) + "|" + Money.descending(Money.cents(row.getDecimal("revenue")))
        + "|" + row.getString("customer_id");
  }
}
