package io.segmart.marts;

import io.segmart.intermediate.Markets;
import io.segmart.model.InvoiceLine;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/** fct_sales: one row per kept line, with day type, market and time segment; partitioned by day. */
public class FctSales extends PTransform<PCollection<InvoiceLine>, PCollection<Row>> {
  public static final String NAME = "fct_sales";
  public static final Schema SCHEMA = Schema.builder()
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

  private final Markets markets;
  private final String timeZone;

  public FctSales(Markets markets, String timeZone) {
    this.markets = markets;
    this.timeZone = timeZone;
  }

  @Override
  public PCollection<Row> expand(PCollection<InvoiceLine> lines) {
    return lines.apply("ToFctSalesRows", ParDo.of(new ToRowFn(markets, timeZone))).setRowSchema(SCHEMA);
  }

  public static boolean isWeekend(LocalDateTime local) {
    return local.getDayOfWeek().getValue() >= 6;
  }

  static class ToRowFn extends DoFn<InvoiceLine, Row> {
    private final Markets markets;
    private final ZoneId zone;

    ToRowFn(Markets markets, String timeZone) {
      this.markets = markets;
      this.zone = ZoneId.of(timeZone);
    }

    @ProcessElement
    public void process(@Element InvoiceLine line, OutputReceiver<Row> out) {
      LocalDateTime local = line.localTime(zone);
      boolean weekend = isWeekend(local);
      boolean businessHours = !weekend && local.getHour() >= BUSINESS_START_HOUR && local.getHour() < BUSINESS_END_HOUR;
      out.output(Row.withSchema(SCHEMA).addValues(
          line.invoiceId, line.invoiceTs, local.toLocalDate(), line.customerId, line.productId, line.description,
          line.quantity, line.unitPrice, Money.of(line.lineTotalCents), line.country, markets.of(line.country),
          weekend ? "weekend" : "weekday", businessHours ? "business_hours" : "off_hours").build());
    }
  }
}
