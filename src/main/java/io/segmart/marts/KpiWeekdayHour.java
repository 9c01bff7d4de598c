package io.segmart.marts;

import io.segmart.common.Exact;
import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.common.SchemaCoders;
import io.segmart.config.PipelineConfig;
import io.segmart.model.Order;
import io.segmart.quality.MartTests;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * kpi_weekday_hour: orders and revenue per weekday and hour of the day of the order's time, in the
 * source's time zone: when customers buy (the report's heat map). One row per weekday and hour with
 * orders.
 */
public class KpiWeekdayHour extends Mart {
  public static final String NAME = "kpi_weekday_hour";

  private static final Schema SCHEMA =
      Schema.builder()
          .addInt32Field("weekday")
          .addStringField("weekday_name")
          .addInt32Field("hour")
          .addInt64Field("orders")
          .addDecimalField("revenue")
          .addLogicalTypeField("as_of", SqlTypes.DATE)
          .build();

  public KpiWeekdayHour(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public boolean fromLines() {
    return true;
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(
        row -> String.format("%d%02d", row.getInt32("weekday"), row.getInt32("hour")));
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().snapshotsBy("as_of");
  }

  @Override
  public void tests(MartTests tests) {
    tests
        .notEmpty()
        .uniqueKey("weekday", "hour")
        .between("weekday", 1, 7)
        .between("hour", 0, 23)
        .between("orders", 1, Integer.MAX_VALUE);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    return inputs
        .orders
        .apply("WeekdayHourOfOrders", ParDo.of(new CellFn(config.source.timeZone)))
        .setCoder(KvCoder.of(VarIntCoder.of(), SchemaCoders.of(inputs.getPipeline(), Cell.class)))
        .apply("SumPerWeekdayHour", Combine.perKey(Cell::plus))
        .apply(
            "ToWeekdayHourRows",
            ParDo.of(new ToRowFn(inputs.asOfDay)).withSideInputs(inputs.asOfDay))
        .setRowSchema(SCHEMA);
  }

  /** The orders and revenue of one weekday and hour. */
  @DefaultSchema(JavaFieldSchema.class)
  public static final class Cell {
    public final long orders;
    public final long cents;

    @SchemaCreate
    public Cell(long orders, long cents) {
      this.orders = orders;
      this.cents = cents;
    }

    Cell plus(Cell other) {
      return new Cell(orders + other.orders, Exact.add(cents, other.cents));
    }
  }

  /** Each order keyed by weekday (ISO, 1 is Monday) × 100 + hour. */
  static class CellFn extends DoFn<Order, KV<Integer, Cell>> {
    private final String timeZone;
    private transient ZoneId zone;

    CellFn(String timeZone) {
      this.timeZone = timeZone;
    }

    @Setup
    public void setup() {
      zone = ZoneId.of(timeZone);
    }

    @ProcessElement
    public void process(@Element Order order, OutputReceiver<KV<Integer, Cell>> out) {
      ZonedDateTime at = Instant.ofEpochMilli(order.orderTs.getMillis()).atZone(zone);
      out.output(
          KV.of(
              at.getDayOfWeek().getValue() * 100 + at.getHour(), new Cell(1, order.revenueCents)));
    }
  }

  static class ToRowFn extends DoFn<KV<Integer, Cell>, Row> {
    private final PCollectionView<Long> asOfDay;

    ToRowFn(PCollectionView<Long> asOfDay) {
      this.asOfDay = asOfDay;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Cell> cell, OutputReceiver<Row> out, ProcessContext context) {
      int weekday = cell.getKey() / 100;
      out.output(
          RowBuilder.of(SCHEMA)
              .set("weekday", weekday)
              .set("weekday_name", DayOfWeek.of(weekday).getDisplayName(TextStyle.SHORT, Locale.US))
              .set("hour", cell.getKey() % 100)
              .set("orders", cell.getValue().orders)
              .set("revenue", Money.of(cell.getValue().cents))
              .set("as_of", LocalDate.ofEpochDay(context.sideInput(asOfDay)))
              .build());
    }
  }
}
