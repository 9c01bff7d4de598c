package io.segmart.marts;

import io.segmart.common.Exact;
import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.common.SchemaCoders;
import io.segmart.config.Markets;
import io.segmart.config.PipelineConfig;
import io.segmart.model.Order;
import io.segmart.quality.MartTests;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.CalendarWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.DateTimeZone;

/**
 * The KPI marts, kpi_daily and kpi_monthly: per event-time window (a calendar day or month in the
 * source's time zone) and market, revenue, orders, customers, new customers (whose first order
 * falls in the window) and AOV. Each order is stamped with its time and falls in its window, where
 * its market's totals are combined; no step handles lines.
 */
public final class KpiMart extends Mart {
  public static final String DAILY = "kpi_daily";
  public static final String MONTHLY = "kpi_monthly";

  /** The calendar period of a KPI mart's windows, and the column holding a window's first day. */
  enum Period {
    DAY("day", "KpiDaily"),
    MONTH("month", "KpiMonthly");

    final String column;

    /** The mart's step name in the graph, one per mart. */
    final String step;

    Period(String column, String step) {
      this.column = column;
      this.step = step;
    }

    WindowFn<Object, IntervalWindow> windows(DateTimeZone zone) {
      return this == DAY
          ? CalendarWindows.days(1).withTimeZone(zone)
          : CalendarWindows.months(1).withTimeZone(zone);
    }
  }

  private final Period period;

  private KpiMart(String name, PipelineConfig config, Period period) {
    super(name, config);
    this.period = period;
  }

  /** kpi_daily: the KPIs of each calendar day per market. */
  public static KpiMart daily(PipelineConfig config) {
    return new KpiMart(DAILY, config, Period.DAY);
  }

  /** kpi_monthly: the KPIs of each calendar month per market. */
  public static KpiMart monthly(PipelineConfig config) {
    return new KpiMart(MONTHLY, config, Period.MONTH);
  }

  @Override
  public String getName() {
    return period.step;
  }

  private String periodColumn() {
    return period.column;
  }

  @Override
  public Schema schema() {
    return Schema.builder()
        .addLogicalTypeField(periodColumn(), SqlTypes.DATE)
        .addStringField("market")
        .addDecimalField("revenue")
        .addInt64Field("orders")
        .addInt64Field("customers")
        .addInt64Field("new_customers")
        .addDecimalField("aov")
        .build();
  }

  @Override
  public FileLayout files() {
    String period = periodColumn();
    return FileLayout.oneFile(row -> row.getValue(period) + "\u0000" + row.getString("market"));
  }

  @Override
  public boolean fromLines() {
    return true;
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().partitionedBy(periodColumn()).clusteredBy("market");
  }

  @Override
  public void tests(MartTests tests) {
    Set<String> markets = new HashSet<>(new Markets(config).names());
    markets.add(Markets.OTHER);
    tests
        .uniqueKey(periodColumn(), "market")
        .acceptedValues("market", markets)
        .between("orders", 1, Integer.MAX_VALUE);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    Schema schema = schema();
    return inputs
        .ordersByCustomer
        .apply("OrdersInTime", ParDo.of(new OrdersInTimeFn(new Markets(config))))
        .setCoder(
            KvCoder.of(
                StringUtf8Coder.of(), SchemaCoders.of(inputs.getPipeline(), OrderFact.class)))
        .apply(
            "Windows",
            Window.<KV<String, OrderFact>>into(
                period.windows(DateTimeZone.forID(config.source.timeZone))))
        .apply("PerMarket", Combine.perKey(new TotalsFn()))
        .apply("ToKpiRows", ParDo.of(new ToRowFn(schema, periodColumn(), config.source.timeZone)))
        .setRowSchema(schema)
        // The rows join every other mart's in the tests and the file write, which are global.
        .apply("GlobalWindow", Window.into(new GlobalWindows()));
  }

  /** One order: its customer, revenue, and whether it is the customer's first. */
  @DefaultSchema(JavaFieldSchema.class)
  public static final class OrderFact {
    public final String customerId;
    public final long revenueCents;
    public final boolean first;

    @SchemaCreate
    public OrderFact(String customerId, long revenueCents, boolean first) {
      this.customerId = customerId;
      this.revenueCents = revenueCents;
      this.first = first;
    }
  }

  /** A window's and market's revenue and orders, and its customers and new customers (distinct). */
  static final class Totals implements Serializable {
    long revenueCents;
    long orders;
    final Set<String> customers = new HashSet<>();
    final Set<String> newCustomers = new HashSet<>();
  }

  /**
   * Sums orders per window and market; the customers are sets, merged across partial totals, since
   * a customer may order more than once in a window. Keyed by market only, so a runner handles a
   * few keys per window rather than one per customer.
   */
  static class TotalsFn extends Combine.CombineFn<OrderFact, Totals, Totals> {
    @Override
    public Totals createAccumulator() {
      return new Totals();
    }

    @Override
    public Totals addInput(Totals totals, OrderFact order) {
      totals.revenueCents = Exact.add(totals.revenueCents, order.revenueCents);
      totals.orders++;
      totals.customers.add(order.customerId);
      if (order.first) {
        totals.newCustomers.add(order.customerId);
      }
      return totals;
    }

    @Override
    public Totals mergeAccumulators(Iterable<Totals> partials) {
      Totals merged = new Totals();
      for (Totals t : partials) {
        merged.revenueCents = Exact.add(merged.revenueCents, t.revenueCents);
        merged.orders += t.orders;
        merged.customers.addAll(t.customers);
        merged.newCustomers.addAll(t.newCustomers);
      }
      return merged;
    }

    @Override
    public Totals extractOutput(Totals totals) {
      return totals;
    }
  }

  /**
   * Each order of a customer as (market, fact), stamped with the order's time. The input carries
   * the earliest time of its customers' lines, so no order is stamped before it.
   */
  static class OrdersInTimeFn extends DoFn<KV<String, List<Order>>, KV<String, OrderFact>> {
    private final Markets markets;

    OrdersInTimeFn(Markets markets) {
      this.markets = markets;
    }

    @ProcessElement
    public void process(
        @Element KV<String, List<Order>> customer, OutputReceiver<KV<String, OrderFact>> out) {
      Order first = null;
      for (Order order : customer.getValue()) {
        if (first == null || order.orderTs.isBefore(first.orderTs)) {
          first = order;
        }
      }
      for (Order order : customer.getValue()) {
        out.outputWithTimestamp(
            KV.of(
                markets.of(order.country),
                new OrderFact(customer.getKey(), order.revenueCents, order == first)),
            order.orderTs);
      }
    }
  }

  /** A window's market totals as a row; the period is the window's first day. */
  static class ToRowFn extends DoFn<KV<String, Totals>, Row> {
    private final Schema schema;
    private final String periodColumn;
    private final String timeZone;

    ToRowFn(Schema schema, String periodColumn, String timeZone) {
      this.schema = schema;
      this.periodColumn = periodColumn;
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Totals> market, BoundedWindow window, OutputReceiver<Row> out) {
      Totals t = market.getValue();
      LocalDate start =
          Instant.ofEpochMilli(((IntervalWindow) window).start().getMillis())
              .atZone(ZoneId.of(timeZone))
              .toLocalDate();
      out.output(
          RowBuilder.of(schema)
              .set(periodColumn, start)
              .set("market", market.getKey())
              .set("revenue", Money.of(t.revenueCents))
              .set("orders", t.orders)
              .set("customers", (long) t.customers.size())
              .set("new_customers", (long) t.newCustomers.size())
              .set("aov", Money.average(t.revenueCents, t.orders))
              .build());
    }
  }
}
