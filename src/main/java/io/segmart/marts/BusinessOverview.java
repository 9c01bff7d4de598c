package io.segmart.marts;

import io.segmart.common.Totals;
import io.segmart.intermediate.Markets;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
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
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
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
public class BusinessOverview extends PTransform<PCollection<InvoiceLine>, PCollection<Row>> {
  public static final String NAME = "business_overview";

  private final PCollection<Order> orders;
  private final PCollection<Row> dimCustomers;
  private final PCollectionView<Long> asOfDay;
  private final Markets markets;
  private final String timeZone;

  public BusinessOverview(PCollection<Order> orders, PCollection<Row> dimCustomers, PCollectionView<Long> asOfDay,
      Markets markets, String timeZone) {
    this.orders = orders;
    this.dimCustomers = dimCustomers;
    this.asOfDay = asOfDay;
    this.markets = markets;
    this.timeZone = timeZone;
  }

  public static Schema schema(Markets markets) {
    Schema.Builder schema = Schema.builder()
        .addDecimalField("total_revenue")
        .addInt64Field("total_orders")
        .addInt64Field("total_customers")
        .addInt64Field("total_products")
        .addInt64Field("total_countries")
        .addDecimalField("aov");
    for (String market : markets.names()) {
      String m = Markets.column(market);
      schema.addDecimalField(m + "_revenue").addInt64Field(m + "_orders").addDecimalField(m + "_aov");
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
  public PCollection<Row> expand(PCollection<InvoiceLine> lines) {
    Markets marketsOfRun = markets; // lambdas below must not capture this transform
    PCollectionView<Map<String, Long>> monthly = lines
        .apply("CalendarMonths", Window.into(CalendarWindows.months(1).withTimeZone(DateTimeZone.forID(timeZone))))
        .apply("LineRevenue", MapElements.into(TypeDescriptors.longs()).via(line -> line.lineTotalCents))
        .apply("RevenuePerMonth", Sum.longsGlobally().withoutDefaults())
        .apply("LabelMonth", ParDo.of(new LabelMonthFn(timeZone)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("BackToGlobalWindow", Window.into(new GlobalWindows()))
        .apply("MonthlyView", View.asMap());
    PCollectionView<OrderTotals> orderTotals = orders
        .apply("TotalOrdersPerMarket", Combine.globally(
            Totals.of(OrderTotals.class, OrderTotals::new, (OrderTotals t, Order order) -> t.add(order, marketsOfRun))))
        .apply("OrderTotalsView", View.asSingleton());
    PCollectionView<Long> customers = dimCustomers.apply("CountCustomers", Count.globally())
        .apply("CustomerCountView", View.asSingleton());
    Schema schema = schema(markets);
    ZoneId zone = ZoneId.of(timeZone);
    return lines
        .apply("TotalLines", Combine.globally(
            Totals.of(LineTotals.class, LineTotals::new, (LineTotals t, InvoiceLine line) -> t.add(line, zone))))
        .apply("AssembleOverview", ParDo.of(new AssembleFn(schema, markets, monthly, orderTotals, customers, asOfDay,
            timeZone)).withSideInputs(monthly, orderTotals, customers, asOfDay))
        .setRowSchema(schema);
  }

  static class LabelMonthFn extends DoFn<Long, KV<String, Long>> {
    private final String timeZone;

    LabelMonthFn(String timeZone) {
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(@Element Long cents, BoundedWindow window, OutputReceiver<KV<String, Long>> out) {
      LocalDate start = LocalDate.ofInstant(
          java.time.Instant.ofEpochMilli(((IntervalWindow) window).start().getMillis()), ZoneId.of(timeZone));
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
      revenueCents += line.lineTotalCents;
      if (!FctSales.isWeekend(line.localTime(zone))) {
        weekdayRevenueCents += line.lineTotalCents;
      }
      firstMillis = Math.min(firstMillis, line.invoiceTs.getMillis());
      lastMillis = Math.max(lastMillis, line.invoiceTs.getMillis());
      products.add(line.productId);
      countries.add(line.country);
    }

    @Override
    public void merge(LineTotals other) {
      revenueCents += other.revenueCents;
      weekdayRevenueCents += other.weekdayRevenueCents;
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
      market[1] += order.revenueCents;
    }

    @Override
    public void merge(OrderTotals other) {
      orders += other.orders;
      other.byMarket.forEach((market, totals) -> {
        long[] into = byMarket.computeIfAbsent(market, k -> new long[2]);
        into[0] += totals[0];
        into[1] += totals[1];
      });
    }
  }

  static class AssembleFn extends DoFn<LineTotals, Row> {
    private final Schema schema;
    private final Markets markets;
    private final PCollectionView<Map<String, Long>> monthly;
    private final PCollectionView<OrderTotals> orderTotals;
    private final PCollectionView<Long> customers;
    private final PCollectionView<Long> asOfDay;
    private final String timeZone;

    AssembleFn(Schema schema, Markets markets, PCollectionView<Map<String, Long>> monthly,
        PCollectionView<OrderTotals> orderTotals, PCollectionView<Long> customers, PCollectionView<Long> asOfDay,
        String timeZone) {
      this.schema = schema;
      this.markets = markets;
      this.monthly = monthly;
      this.orderTotals = orderTotals;
      this.customers = customers;
      this.asOfDay = asOfDay;
      this.timeZone = timeZone;
    }

    @ProcessElement
    public void process(@Element LineTotals lines, OutputReceiver<Row> out, ProcessContext c) {
      OrderTotals orders = c.sideInput(orderTotals);
      List<Object> values = new ArrayList<>();
      values.add(Money.of(lines.revenueCents));
      values.add(orders.orders);
      values.add(c.sideInput(customers));
      values.add((long) lines.products.size());
      values.add((long) lines.countries.size());
      values.add(Money.average(lines.revenueCents, orders.orders));
      for (String market : markets.names()) {
        long[] totals = orders.byMarket.getOrDefault(market, new long[2]);
        values.add(Money.of(totals[1]));
        values.add(totals[0]);
        values.add(Money.average(totals[1], totals[0]));
      }
      values.add(Money.share(lines.weekdayRevenueCents, lines.revenueCents));
      boolean empty = lines.firstMillis > lines.lastMillis;
      LocalDate first = empty ? null : day(lines.firstMillis);
      LocalDate last = empty ? null : day(lines.lastMillis);
      values.add(first);
      values.add(last);
      values.add(empty ? 0L : last.toEpochDay() - first.toEpochDay());
      // TreeMap: months in calendar order, so ties go to the earlier month.
      TreeMap<String, Long> months = new TreeMap<>(c.sideInput(monthly));
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
      values.add(best == null ? "" : best);
      values.add(Money.of(best == null ? 0 : months.get(best)));
      values.add(worst == null ? "" : worst);
      values.add(Money.of(worst == null ? 0 : months.get(worst)));
      values.add(Money.average(lines.revenueCents, months.size()));
      values.add(LocalDate.ofEpochDay(c.sideInput(asOfDay)));
      out.output(Row.withSchema(schema).addValues(values).build());
    }

    private LocalDate day(long millis) {
      return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneId.of(timeZone));
    }
  }
}
