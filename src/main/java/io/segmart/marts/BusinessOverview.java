package io.segmart.marts;

import io.segmart.common.Exact;
import io.segmart.common.Money;
import io.segmart.common.PartialTotals;
import io.segmart.common.RowBuilder;
import io.segmart.common.Totals;
import io.segmart.config.Markets;
import io.segmart.config.PipelineConfig;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import io.segmart.model.SegmentedCustomer;
import io.segmart.quality.MartTests;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.CalendarWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * business_overview: one row of KPIs. Revenue, products, countries, days and revenue per calendar
 * month (of each line's event time, in the source's time zone) come from each customer's lines;
 * orders and AOV per market from the customers' orders. Each input is totalled once per bundle and
 * the partial totals are merged in one combine, so the mart costs a pass over its inputs and a
 * handful of steps.
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
  public boolean fromLines() {
    return true;
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
        .equalsSumOf("total_revenue", KpiMart.DAILY, "revenue")
        .equalsSumOf("total_revenue", KpiMart.MONTHLY, "revenue")
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
    ZoneId zone = ZoneId.of(config.source.timeZone);
    Markets markets = new Markets(config);
    // One coder for every part: Flink unites only inputs of the same coder.
    SerializableCoder<OverviewTotals> coder = SerializableCoder.of(OverviewTotals.class);
    return PCollectionList.of(
            inputs
                .linesByCustomer
                .apply(
                    "TotalLines",
                    ParDo.of(
                        PartialTotals.of(
                            OverviewTotals::new,
                            (OverviewTotals t, KV<String, List<InvoiceLine>> customer) ->
                                customer.getValue().forEach(line -> t.lines.add(line, zone)))))
                .setCoder(coder))
        .and(
            inputs
                .orders
                .apply(
                    "TotalOrders",
                    ParDo.of(
                        PartialTotals.of(
                            OverviewTotals::new,
                            (OverviewTotals t, Order order) -> t.orders.add(order, markets))))
                .setCoder(coder))
        .and(inputs.lines.apply("RevenuePerMonth", new RevenuePerMonth(config.source.timeZone)))
        .and(
            inputs
                .customers
                .apply(
                    "CountCustomers",
                    ParDo.of(
                        PartialTotals.of(
                            OverviewTotals::new,
                            (OverviewTotals t, SegmentedCustomer customer) -> t.customers++)))
                .setCoder(coder))
        .apply("AllPartialTotals", Flatten.pCollections())
        .setCoder(coder)
        .apply(
            "MergeTotals",
            Totals.merged(SerializableCoder.of(OverviewTotals.class), OverviewTotals::new))
        .apply(
            "AssembleOverview",
            ParDo.of(new AssembleFn(schema(), markets, config.source.timeZone, inputs.asOfDay))
                .withSideInputs(inputs.asOfDay))
        .setRowSchema(schema());
  }

  /**
   * The lines' revenue per calendar month, from event-time windows of calendar months in the
   * source's time zone (the windows of kpi_monthly): a total per month, as partial totals.
   */
  static class RevenuePerMonth
      extends PTransform<PCollection<InvoiceLine>, PCollection<OverviewTotals>> {
    private final String timeZone;

    RevenuePerMonth(String timeZone) {
      this.timeZone = timeZone;
    }

    @Override
    public PCollection<OverviewTotals> expand(PCollection<InvoiceLine> lines) {
      return lines
          .apply(
              "MonthWindows",
              Window.into(CalendarWindows.months(1).withTimeZone(DateTimeZone.forID(timeZone))))
          .apply(
              "LineRevenue",
              MapElements.into(TypeDescriptors.longs()).via((InvoiceLine l) -> l.lineTotalCents))
          .apply("SumPerMonth", Combine.globally(Exact.sum()).withoutDefaults())
          .apply("MonthTotals", ParDo.of(new MonthTotalsFn(timeZone)))
          .setCoder(SerializableCoder.of(OverviewTotals.class))
          .apply("OutOfMonthWindows", Window.into(new GlobalWindows()));
    }
  }

  static class MonthTotalsFn extends DoFn<Long, OverviewTotals> {
    private final String timeZone;

    MonthTotalsFn(String timeZone) {
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(
        @Element Long cents, IntervalWindow month, OutputReceiver<OverviewTotals> out) {
      OverviewTotals totals = new OverviewTotals();
      DateTime start = month.start().toDateTime(DateTimeZone.forID(timeZone));
      totals.lines.months.put(
          YearMonth.of(start.getYear(), start.getMonthOfYear()).toString(), cents);
      out.output(totals);
    }
  }

  /** Everything the overview totals: its lines, orders and customers. */
  static class OverviewTotals implements Totals.Mergeable<OverviewTotals> {
    final LineTotals lines = new LineTotals();
    final OrderTotals orders = new OrderTotals();
    long customers;

    @Override
    public void merge(OverviewTotals other) {
      lines.merge(other.lines);
      orders.merge(other.orders);
      customers += other.customers;
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

    /** Revenue per calendar month, "yyyy-MM" ({@link RevenuePerMonth}). */
    Map<String, Long> months = new HashMap<>();

    void add(InvoiceLine line, ZoneId zone) {
      revenueCents = Exact.add(revenueCents, line.lineTotalCents);
      LocalDateTime local = line.localTime(zone);
      if (!FctSales.isWeekend(local)) {
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
      other.months.forEach((month, cents) -> months.merge(month, cents, Exact::add));
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

  static class AssembleFn extends DoFn<OverviewTotals, Row> {
    private final Schema schema;
    private final Markets markets;
    private final String timeZone;
    private final PCollectionView<Long> asOfDay;

    AssembleFn(Schema schema, Markets markets, String timeZone, PCollectionView<Long> asOfDay) {
      this.schema = schema;
      this.markets = markets;
      this.timeZone = timeZone;
      this.asOfDay = asOfDay;
    }

    @ProcessElement
    public void process(@Element OverviewTotals all, OutputReceiver<Row> out, ProcessContext c) {
      LineTotals lines = all.lines;
      OrderTotals orders = all.orders;
      RowBuilder row =
          RowBuilder.of(schema)
              .set("total_revenue", Money.of(lines.revenueCents))
              .set("total_orders", orders.orders)
              .set("total_customers", all.customers)
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
      TreeMap<String, Long> months = new TreeMap<>(lines.months);
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
              .set("as_of", LocalDate.ofEpochDay(c.sideInput(asOfDay)))
              .build());
    }

    private LocalDate day(long millis) {
      return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneId.of(timeZone));
    }
  }
}
