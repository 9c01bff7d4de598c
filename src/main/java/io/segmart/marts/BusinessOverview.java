package io.segmart.marts;

import io.segmart.common.Exact;
import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.common.Totals;
import io.segmart.config.Markets;
import io.segmart.config.PipelineConfig;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import io.segmart.quality.MartTests;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.CalendarWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.DateTimeZone;

/**
 * business_overview: one row of KPIs. Revenue per calendar month comes from event-time windows over
 * the lines; orders and AOV per market from the customers' orders.
 */
public class BusinessOverview extends Mart {
  public static final String NAME = "business_overview";

  public BusinessOverview(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(row -> "");
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().snapshotsBy("as_of");
  }

  /** Its figures reconcile with the marts they summarise. */
  @Override
  public void tests(MartTests tests) {
    tests
        .equalsSumOf("total_revenue", FctSales.NAME, "line_total")
        .equalsRowCountsOf(
            "total_customers",
            "customers",
            DimCustomers.NAME,
            CustomerInsights.NAME,
            CxExport.NAME);
  }

  @Override
  public Schema schema() {
    Markets markets = new Markets(config);
    Schema.Builder schema =
        Schema.builder()
            .addDecimalField("total_revenue")
            .addInt64Field("total_orders")
            .addInt64Field("total_customers")
            .addInt64Field("total_products")
            .addInt64Field("total_countries")
            .addDecimalField("aov");
    for (String market : markets.names()) {
      String m = Markets.column(market);
      schema
          .addDecimalField(m + "_revenue")
          .addInt64Field(m + "_orders")
          .addDecimalField(m + "_aov");
    }
    return schema
        .addDecimalField("weekday_revenue_share")
        .addNullableField("first_day", Schema.FieldType.logicalType(SqlTypes.DATE))
        .addNullableField("last_day", Schema.FieldType.logicalType(SqlTypes.DATE))
        .addInt64Field("days_span")
        .addStringField("best_month")
        .addDecimalField("best_month_revenue")
        .addStringField("worst_month")
        .addDecimalField("worst_month_revenue")
        .addDecimalField("avg_month_revenue")
        .addLogicalTypeField("as_of", SqlTypes.DATE)
        .build();
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    PCollection<InvoiceLine> lines = inputs.lines;
    String timeZone = config.source.timeZone;
    Markets markets = new Markets(config);
    PCollectionView<Map<String, Long>> monthly =
        lines
            .apply(
                "CalendarMonths",
                Window.into(CalendarWindows.months(1).withTimeZone(DateTimeZone.forID(timeZone))))
            .apply(
                "LineRevenue",
                MapElements.into(TypeDescriptors.longs()).via(line -> line.lineTotalCents))
            .apply("RevenuePerMonth", Combine.globally(Exact.sum()).withoutDefaults())
            .apply("LabelMonth", ParDo.of(new LabelMonthFn(timeZone)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .apply("BackToGlobalWindow", Window.into(new GlobalWindows()))
            .apply("MonthlyView", View.asMap());
    PCollectionView<OrderTotals> orderTotals =
        inputs
            .orders
            .apply(
                "TotalOrdersPerMarket",
                Combine.globally(
                    Totals.of(
                        OrderTotals.class,
                        OrderTotals::new,
                        (OrderTotals t, Order order) -> t.add(order, markets))))
            .apply("OrderTotalsView", View.asSingleton());
    PCollectionView<Long> customers =
        inputs
            .customers
            .apply("CountCustomers", Count.globally())
            .apply("CustomerCountView", View.asSingleton());
    SideFigures figures = new SideFigures(monthly, orderTotals, customers, inputs.asOfDay);
    Schema schema = schema();
    ZoneId zone = ZoneId.of(timeZone);
    return lines
        .apply(
            "TotalLines",
            Combine.globally(
                Totals.of(
                    LineTotals.class,
                    LineTotals::new,
                    (LineTotals t, InvoiceLine line) -> t.add(line, zone))))
        .apply(
            "AssembleOverview",
            ParDo.of(new AssembleFn(schema, markets, timeZone, figures))
                .withSideInputs(figures.all()))
        .setRowSchema(schema);
  }

  static class LabelMonthFn extends DoFn<Long, KV<String, Long>> {
    private final String timeZone;

    LabelMonthFn(String timeZone) {
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(
        @Element Long cents, BoundedWindow window, OutputReceiver<KV<String, Long>> out) {
      LocalDate start =
          LocalDate.ofInstant(
              java.time.Instant.ofEpochMilli(((IntervalWindow) window).start().getMillis()),
              ZoneId.of(timeZone));
      out.output(KV.of(start.toString().substring(0, 7), cents));
    }
  }

  /** Totals over all kept lines. */
  static class LineTotals implements Totals.Mergeable<LineTotals> {
    long revenueCents;
    long weekdayRevenueCents;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;
    Set<String> products = new HashSet<>();
    Set<String> countries = new HashSet<>();

    void add(InvoiceLine line, ZoneId zone) {
      revenueCents = Exact.add(revenueCents, line.lineTotalCents);
      if (!FctSales.isWeekend(line.localTime(zone))) {
        weekdayRevenueCents = Exact.add(weekdayRevenueCents, line.lineTotalCents);
      }
      firstMillis = Math.min(firstMillis, line.invoiceTs.getMillis());
      lastMillis = Math.max(lastMillis, line.invoiceTs.getMillis());
      products.add(line.productId);
      countries.add(line.country);
    }

    @Override
    public void merge(LineTotals other) {
      revenueCents = Exact.add(revenueCents, other.revenueCents);
      weekdayRevenueCents = Exact.add(weekdayRevenueCents, other.weekdayRevenueCents);
      firstMillis = Math.min(firstMillis, other.firstMillis);
      lastMillis = Math.max(lastMillis, other.lastMillis);
      products.addAll(other.products);
      countries.addAll(other.countries);
    }
  }

  /** Orders and revenue in total and per market. */
  static class OrderTotals implements Totals.Mergeable<OrderTotals> {
    long orders;
    Map<String, long[]> byMarket = new HashMap<>();

    void add(Order order, Markets markets) {
      orders++;
      long[] market = byMarket.computeIfAbsent(markets.of(order.country), k -> new long[2]);
      market[0]++;
      market[1] = Exact.add(market[1], order.revenueCents);
    }

    @Override
    public void merge(OrderTotals other) {
      orders += other.orders;
      other.byMarket.forEach(
          (market, totals) -> {
            long[] into = byMarket.computeIfAbsent(market, k -> new long[2]);
            into[0] += totals[0];
            into[1] = Exact.add(into[1], totals[1]);
          });
    }
  }

  /** The figures the overview takes from other collections, as side inputs. */
  static final class SideFigures implements Serializable {
    final PCollectionView<Map<String, Long>> monthly;
    final PCollectionView<OrderTotals> orderTotals;
    final PCollectionView<Long> customers;
    final PCollectionView<Long> asOfDay;

    SideFigures(
        PCollectionView<Map<String, Long>> monthly,
        PCollectionView<OrderTotals> orderTotals,
        PCollectionView<Long> customers,
        PCollectionView<Long> asOfDay) {
      this.monthly = monthly;
      this.orderTotals = orderTotals;
      this.customers = customers;
      this.asOfDay = asOfDay;
    }

    List<PCollectionView<?>> all() {
      return List.of(monthly, orderTotals, customers, asOfDay);
    }
  }

  static class AssembleFn extends DoFn<LineTotals, Row> {
    private final Schema schema;
    private final Markets markets;
    private final String timeZone;
    private final SideFigures figures;

    AssembleFn(Schema schema, Markets markets, String timeZone, SideFigures figures) {
      this.schema = schema;
      this.markets = markets;
      this.timeZone = timeZone;
      this.figures = figures;
    }

    @ProcessElement
    public void process(@Element LineTotals lines, OutputReceiver<Row> out, ProcessContext c) {
      OrderTotals orders = c.sideInput(figures.orderTotals);
      RowBuilder row =
          RowBuilder.of(schema)
              .set("total_revenue", Money.of(lines.revenueCents))
              .set("total_orders", orders.orders)
              .set("total_customers", c.sideInput(figures.customers))
              .set("total_products", (long) lines.products.size())
              .set("total_countries", (long) lines.countries.size())
              .set("aov", Money.average(lines.revenueCents, orders.orders));
      for (String market : markets.names()) {
        String m = Markets.column(market);
        long[] totals = orders.byMarket.getOrDefault(market, new long[2]);
        row.set(m + "_revenue", Money.of(totals[1]))
            .set(m + "_orders", totals[0])
            .set(m + "_aov", Money.average(totals[1], totals[0]));
      }
      boolean empty = lines.firstMillis > lines.lastMillis;
      LocalDate first = empty ? null : day(lines.firstMillis);
      LocalDate last = empty ? null : day(lines.lastMillis);
      // TreeMap: months in calendar order, so ties go to the earlier month.
      TreeMap<String, Long> months = new TreeMap<>(c.sideInput(figures.monthly));
      String best = null;
      String worst = null;
      for (Map.Entry<String, Long> month : months.entrySet()) {
        if (best == null || month.getValue() > months.get(best)) {
          best = month.getKey();
        }
        if (worst == null || month.getValue() < months.get(worst)) {
          worst = month.getKey();
        }
      }
      out.output(
          row.set(
                  "weekday_revenue_share",
                  Money.share(lines.weekdayRevenueCents, lines.revenueCents))
              .set("first_day", first)
              .set("last_day", last)
              .set("days_span", empty ? 0L : last.toEpochDay() - first.toEpochDay())
              .set("best_month", best == null ? "" : best)
              .set("best_month_revenue", Money.of(best == null ? 0 : months.get(best)))
              .set("worst_month", worst == null ? "" : worst)
              .set("worst_month_revenue", Money.of(worst == null ? 0 : months.get(worst)))
              .set("avg_month_revenue", Money.average(lines.revenueCents, months.size()))
              .set("as_of", LocalDate.ofEpochDay(c.sideInput(figures.asOfDay)))
              .build());
    }

    private LocalDate day(long millis) {
      return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneId.of(timeZone));
    }
  }
}
