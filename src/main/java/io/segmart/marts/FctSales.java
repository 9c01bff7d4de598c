package io.segmart.marts;

import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.config.Markets;
import io.segmart.config.PipelineConfig;
import io.segmart.model.InvoiceLine;
import io.segmart.quality.MartTests;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/** fct_sales: one row per kept line, with day type, market and time segment; partitioned by day. */
public class FctSales extends Mart {
  public static final String NAME = "fct_sales";
  private static final Schema SCHEMA =
      Schema.builder()
          .addStringField("invoice_id")
          .addDateTimeField("invoice_ts")
          .addLogicalTypeField("invoice_date", SqlTypes.DATE)
          .addStringField("customer_id")
          .addStringField("product_id")
          .addNullableField("description", FieldType.STRING)
          .addInt64Field("quantity")
          .addDecimalField("unit_price")
          .addDecimalField("line_total")
          .addStringField("country")
          .addStringField("market")
          .addStringField("day_type")
          .addStringField("time_segment")
          .build();

  /** Business hours are weekdays from 9:00 to before 17:00. */
  static final int BUSINESS_START_HOUR = 9;

  static final int BUSINESS_END_HOUR = 17;

  public FctSales(PipelineConfig config) {
    super(NAME, config);
  }

  /**
   * Its columns; where the source may give unknown amounts (cleaning.unknownAmounts), amount_known
   * flags the lines whose price and total are zero because the source did not know them.
   */
  @Override
  public Schema schema() {
    if (!config.cleaning.flagsUnknownAmounts()) {
      return SCHEMA;
    }
    return Schema.builder().addFields(SCHEMA.getFields()).addBooleanField("amount_known").build();
  }

  @Override
  public FileLayout files() {
    return FileLayout.partitioned(row -> row.getValue("invoice_date").toString(), row -> "");
  }

  @Override
  public boolean fromLines() {
    return true;
  }

  @Override
  public TableLayout table() {
    return TableLayout.table()
        .partitionedBy("invoice_date")
        .clusteredBy("customer_id", "product_id");
  }

  @Override
  public void tests(MartTests tests) {
    Set<String> markets = new HashSet<>(new Markets(config).names());
    markets.add(Markets.OTHER);
    tests
        .notNull("invoice_id", "customer_id", "product_id")
        .acceptedValues("day_type", Set.of("weekday", "weekend"))
        .acceptedValues("time_segment", Set.of("business_hours", "off_hours"))
        .acceptedValues("market", markets);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    Schema schema = schema();
    return inputs
        .lines
        .apply(
            "ToFctSalesRows",
            ParDo.of(new ToRowFn(schema, new Markets(config), config.source.timeZone)))
        .setRowSchema(schema);
  }

  public static boolean isWeekend(LocalDateTime local) {
    return local.getDayOfWeek().getValue() >= 6;
  }

  static class ToRowFn extends DoFn<InvoiceLine, Row> {
    private final Schema schema;
    private final boolean flagsAmounts;
    private final Markets markets;
    private final ZoneId zone;

    ToRowFn(Schema schema, Markets markets, String timeZone) {
      this.schema = schema;
      this.flagsAmounts = schema.hasField("amount_known");
      this.markets = markets;
      this.zone = ZoneId.of(timeZone);
    }

    @ProcessElement
    public void process(@Element InvoiceLine line, OutputReceiver<Row> out) {
      LocalDateTime local = line.localTime(zone);
      boolean weekend = isWeekend(local);
      boolean businessHours =
          !weekend && local.getHour() >= BUSINESS_START_HOUR && local.getHour() < BUSINESS_END_HOUR;
      RowBuilder row =
          RowBuilder.of(schema)
              .set("invoice_id", line.invoiceId)
              .set("invoice_ts", line.invoiceTs)
              .set("invoice_date", local.toLocalDate())
              .set("customer_id", line.customerId)
              .set("product_id", line.productId)
              .set("description", line.description)
              .set("quantity", line.quantity)
              .set("unit_price", line.unitPrice)
              .set("line_total", Money.of(line.lineTotalCents))
              .set("country", line.country)
              .set("market", markets.of(line.country))
              .set("day_type", weekend ? "weekend" : "weekday")
              .set("time_segment", businessHours ? "business_hours" : "off_hours");
      if (flagsAmounts) {
        row.set("amount_known", line.amountKnown);
      }
      out.output(row.build());
    }
  }
}
