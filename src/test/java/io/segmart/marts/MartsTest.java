package io.segmart.marts;

import static org.junit.Assert.assertEquals;

import io.segmart.common.SchemaCoders;
import io.segmart.config.PipelineConfig;
import io.segmart.intermediate.FitClusters;
import io.segmart.intermediate.Intermediate;
import io.segmart.intermediate.ReferenceDate;
import io.segmart.intermediate.SegmentCustomers;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Reject;
import io.segmart.model.ScoredCustomer;
import io.segmart.model.SegmentedCustomer;
import io.segmart.options.SegmentationOptions;
import io.segmart.staging.DropDuplicates;
import io.segmart.testing.CustomerFixtures;
import io.segmart.testing.MartInputsFixture;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.TestData;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/** Each mart transform on a few lines of the first days of the real data. */
@Category(PipelineTest.class)
public class MartsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final PipelineConfig CONFIG = TestData.onlineRetail();

  private static InvoiceLine line(
      String invoice,
      String ts,
      String customer,
      String product,
      long quantity,
      String price,
      String country) {
    BigDecimal unitPrice = new BigDecimal(price);
    long cents =
        unitPrice.multiply(BigDecimal.valueOf(quantity)).movePointRight(2).longValueExact();
    return new InvoiceLine(
        invoice,
        Instant.parse(ts),
        customer,
        product,
        "P" + product,
        quantity,
        unitPrice,
        cents,
        country,
        Map.of(),
        0L,
        null,
        true);
  }

  // Wednesday 1 December 2010 (before and during business hours) and Sunday 5 December.
  private static final List<InvoiceLine> LINES =
      List.of(
          line("536365", "2010-12-01T08:26:00Z", "17850", "85123A", 6, "2.55", "UNITED KINGDOM"),
          line("536365", "2010-12-01T08:26:00Z", "17850", "71053", 6, "3.39", "UNITED KINGDOM"),
          line("536540", "2010-12-01T14:05:00Z", "14911", "22968", 4, "9.95", "IRELAND"),
          line("537000", "2010-12-05T11:00:00Z", "14911", "21730", 1, "5.00", "UNITED KINGDOM"));

  /** The typed collections of the real pipeline's Intermediate stage, for these lines. */
  private MartInputs inputs(PCollection<InvoiceLine> lines) {
    PCollectionTuple staged = lines.apply(new DropDuplicates("UTC"));
    PCollectionView<Long> asOf =
        staged.get(DropDuplicates.LINES_PER_DAY).apply(new ReferenceDate(null));
    SegmentationOptions options = PipelineOptionsFactory.as(SegmentationOptions.class);
    PCollectionTuple modelled = staged.apply(new Intermediate(CONFIG, options, asOf, null));
    return new MartInputs(
        lines,
        staged.get(DropDuplicates.BY_CUSTOMER),
        modelled.get(Intermediate.ORDERS),
        modelled.get(Intermediate.ORDERS_BY_CUSTOMER),
        modelled.get(Intermediate.CUSTOMERS),
        pipeline.apply("NoRejects", Create.empty(SchemaCoders.of(pipeline, Reject.class))),
        asOf,
        null,
        null,
        null,
        modelled
            .get(Intermediate.CUSTOMERS)
            .apply("FitClusters", new FitClusters(CONFIG.clusters, 100_000)),
        null,
        null);
  }

  private PCollection<InvoiceLine> lines() {
    return pipeline.apply(
        "Lines",
        Create.timestamped(LINES, LINES.stream().map(l -> l.invoiceTs.getMillis()).toList()));
  }

  /** Each row as its fields' values joined by spaces, amounts in plain notation. */
  private static MapElements<Row, String> joined(String... fields) {
    return MapElements.into(TypeDescriptors.strings())
        .via(
            r ->
                Arrays.stream(fields)
                    .map(
                        f ->
                            r.getValue(f) instanceof BigDecimal amount
                                ? amount.toPlainString()
                                : String.valueOf((Object) r.getValue(f)))
                    .collect(Collectors.joining(" ")));
  }

  @Test
  public void fctSalesClassifiesDayTypeMarketAndBusinessHours() {
    PCollection<Row> rows = inputs(lines()).apply("FctSales", new FctSales(CONFIG));
    PAssert.that(
            rows.apply(
                joined(
                    "invoice_id",
                    "product_id",
                    "invoice_date",
                    "line_total",
                    "market",
                    "day_type",
                    "time_segment")))
        .containsInAnyOrder(
            "536365 85123A 2010-12-01 15.30 UK weekday off_hours",
            "536365 71053 2010-12-01 20.34 UK weekday off_hours",
            "536540 22968 2010-12-01 39.80 EU weekday business_hours",
            "537000 21730 2010-12-05 5.00 UK weekend off_hours");
    pipeline.run();
  }

  /** Each order at its weekday and hour in the source's zone (UTC here), with its revenue. */
  @Test
  public void kpiWeekdayHourCountsEachOrderAtItsWeekdayAndHour() {
    PCollection<Row> rows = inputs(lines()).apply("KpiWeekdayHour", new KpiWeekdayHour(CONFIG));
    PAssert.that(rows.apply(joined("weekday_name", "weekday", "hour", "orders", "revenue")))
        .containsInAnyOrder("Wed 3 8 1 35.64", "Wed 3 14 1 39.80", "Sun 7 11 1 5.00");
    pipeline.run();
  }

  @Test
  public void businessOverviewTotalsMarketsMonthsAndTheDayAfterTheNewestLine() {
    PAssert.thatSingleton(inputs(lines()).apply("BusinessOverview", new BusinessOverview(CONFIG)))
        .satisfies(
            row -> {
              assertEquals(new BigDecimal("80.44"), row.getDecimal("total_revenue"));
              assertEquals(3L, (long) row.getInt64("total_orders"));
              assertEquals(2L, (long) row.getInt64("total_customers"));
              assertEquals(4L, (long) row.getInt64("total_products"));
              assertEquals(2L, (long) row.getInt64("total_countries"));
              assertEquals(new BigDecimal("26.81"), row.getDecimal("aov"));
              assertEquals(new BigDecimal("20.32"), row.getDecimal("uk_aov"));
              assertEquals(new BigDecimal("39.80"), row.getDecimal("eu_aov"));
              assertEquals(new BigDecimal("0.9378"), row.getDecimal("weekday_revenue_share"));
              assertEquals(4L, (long) row.getInt64("days_span"));
              assertEquals("2010-12", row.getString("best_month"));
              assertEquals("2010-12-06", row.getValue("as_of").toString());
              return null;
            });
    pipeline.run();
  }

  @Test
  public void productIntelligenceRanksTiersAndMarketPreference() {
    PAssert.that(
            inputs(lines())
                .apply("ProductIntelligence", new ProductIntelligence(CONFIG))
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            r ->
                                r.getString("product_id")
                                    + " #"
                                    + r.getInt64("revenue_rank")
                                    + " "
                                    + r.getString("product_tier")
                                    + " "
                                    + r.getString("market_preference")
                                    + " "
                                    + r.getDecimal("cumulative_revenue_share"))))
        .containsInAnyOrder(
            "22968 #1 Top 50 EU 0.4948",
            "71053 #2 Top 50 UK 0.7476",
            "85123A #3 Top 50 UK 0.9378",
            "21730 #4 Top 50 UK 1.0000");
    pipeline.run();
  }

  /**
   * A customer with R, F and M scores that all differ (by NTILE, then by PERCENT_RANK), so that a
   * score read from the wrong column gives another segment.
   */
  private static ScoredCustomer scored(
      String id, long revenueCents, int[] ntile, int[] percentRank) {
    CustomerMetrics metrics = CustomerFixtures.oneOrder(id, revenueCents);
    return new ScoredCustomer(
        metrics, ntile[0], ntile[1], ntile[2], percentRank[0], percentRank[1], percentRank[2]);
  }

  @Test
  public void dimCustomersAppliesTheConfiguredSchemesAndCxExportTheirPriorities() {
    PCollectionView<Long> asOf =
        pipeline
            .apply("AsOf", Create.of(java.time.LocalDate.parse("2011-12-10").toEpochDay()))
            .apply(View.asSingleton());
    PCollection<SegmentedCustomer> customers =
        pipeline
            .apply(
                "Scored",
                Create.of(
                    scored("1", 20_000, new int[] {2, 5, 5}, new int[] {1, 5, 3}),
                    scored("2", 4_000, new int[] {5, 1, 3}, new int[] {4, 1, 2}),
                    scored("3", 10_000, new int[] {3, 4, 5}, new int[] {3, 3, 4})))
            .apply(new SegmentCustomers(CONFIG));
    MartInputs inputs = MartInputsFixture.customersOnly(pipeline, customers, asOf);
    PCollection<Row> dim = inputs.apply("DimCustomers", new DimCustomers(CONFIG));
    PAssert.that(
            dim.apply(
                "Segments",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        r ->
                            String.join(
                                " ",
                                r.getString("customer_id"),
                                r.getString("rfm_score"),
                                r.getString("rfm_segment"),
                                r.getString("rfm_value_group"),
                                "" + r.getInt32("rf_r_score") + r.getInt32("rf_f_score"),
                                r.getString("rf_segment"),
                                r.getString("profit_level"),
                                r.getString("value_bucket")))))
        .containsInAnyOrder(
            "1 255 At Risk AT RISK 15 Cannot Lose Them Level 3 High",
            "2 513 New Customers LOW ENGAGEMENT 41 Promising Level 1 Low",
            "3 345 Loyal Customers HIGH VALUE 33 Need Attention Level 2 Medium");
    PAssert.that(
            inputs
                .apply("CxExport", new CxExport(CONFIG))
                .apply(
                    "Priorities",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            r ->
                                r.getString("customer_id")
                                    + " "
                                    + r.getString("segment")
                                    + " "
                                    + r.getInt32("priority")
                                    + " "
                                    + r.getValue("as_of"))))
        .containsInAnyOrder(
            "1 At Risk 2 2011-12-10",
            "2 New Customers 4 2011-12-10",
            "3 Loyal Customers 1 2011-12-10");
    pipeline.run();
  }
}
