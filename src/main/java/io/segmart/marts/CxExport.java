package io.segmart.marts;

import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SegmentScheme;
import io.segmart.model.CustomerAttributes;
import io.segmart.model.SegmentedCustomer;
import io.segmart.quality.MartTests;
import java.time.LocalDate;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * cx_export: the file the support tool imports. One row per customer with the RFM segment, its
 * configured support priority (1 = answered first) and the as-of date; sorted by priority, then by
 * revenue (highest first), so that within a priority the most valuable customers come first. Always
 * a file, safe to open in a spreadsheet, never a BigQuery table: the support tool imports files.
 */
public class CxExport extends Mart {
  public static final String NAME = "cx_export";

  public CxExport(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public Schema schema() {
    Schema.Builder schema = Schema.builder().addStringField("customer_id");
    if (hasEmail()) {
      schema.addNullableField("email", FieldType.STRING);
    }
    return schema
        .addStringField("segment")
        .addStringField("value_group")
        .addInt32Field("priority")
        .addDecimalField("revenue")
        .addLogicalTypeField("as_of", SqlTypes.DATE)
        .build();
  }

  private boolean hasEmail() {
    return config.source.gives("email");
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(CxExport::sortKey).spreadsheetSafe();
  }

  @Override
  public TableLayout table() {
    return TableLayout.filesOnly();
  }

  @Override
  public void tests(MartTests tests) {
    tests
        .uniqueKey("customer_id")
        .acceptedValues("segment", new SegmentScheme(config.segments.rfm).segments());
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    Schema schema = schema();
    return inputs
        .customers
        .apply("ToCxRows", ParDo.of(new ToRowFn(schema, config.cx.priorities, hasEmail())))
        .setRowSchema(schema);
  }

  static class ToRowFn extends DoFn<SegmentedCustomer, Row> {
    private final Schema schema;
    private final Map<String, Integer> priorities;
    private final boolean withEmail;

    ToRowFn(Schema schema, Map<String, Integer> priorities, boolean withEmail) {
      this.schema = schema;
      this.priorities = priorities;
      this.withEmail = withEmail;
    }

    @ProcessElement
    public void process(@Element SegmentedCustomer c, OutputReceiver<Row> out) {
      RowBuilder row =
          RowBuilder.of(schema)
              .set("customer_id", c.metrics.customerId)
              .set("segment", c.rfmSegment)
              .set("value_group", c.rfmValueGroup)
              .set("priority", priorities.get(c.rfmSegment))
              .set("revenue", Money.of(c.metrics.revenueCents))
              .set("as_of", LocalDate.ofEpochDay(c.metrics.asOfDay));
      if (withEmail) {
        row.set("email", CustomerAttributes.value("email", c.metrics.attributes.get("email")));
      }
      out.output(row.build());
    }
  }

  static String sortKey(Row row) {
    return String.format("%04d", row.getInt32("priority"))
        + "|"
        + Money.descending(Money.cents(row.getDecimal("revenue")))
        + "|"
        + row.getString("customer_id");
  }
}
