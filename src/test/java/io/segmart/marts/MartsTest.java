package io.segmart.marts;

import static org.junit.Assert.assertEquals;

import io.segmart.config.Markets;
import io.segmart.config.PipelineConfig;
import io.segmart.intermediate.CollectOrders;
import io.segmart.intermediate.ReferenceDate;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import io.segmart.model.ScoredCustomer;
import io.segmart.staging.DropDuplicates;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.TestData;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
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
  private static final Markets MARKETS = new Markets(CONFIG);

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
        Map.of());
  }

  // Wednesday 1 December 2010 (before and during business hours) and Sunday 5 December.
  private static final List<InvoiceLine> LINES =
      List.of(
          line("536365", "2010-12-01T08:26:00Z", "17850", "85123A", 6, "2.55", "UNITED KINGDOM"),
          line("536365", "2010-12-01T08:26:00Z", "17850", "71053", 6, "3.39", "UNITED KINGDOM"),
          line("536540", "2010-12-01T14:05:00Z", "14911", "22968", 4, "9.95", "IRELAND"),
          line("537000", "2010-12-05T11:00:00Z", "14911", "21730", 1, "5.00", "UNITED KINGDOM"));

  private PCollection<InvoiceLine> lines() {
    return pipeline.apply(
        "Lines",
        Create.timestamped(LINES, LINES.stream().map(l -> l.invoiceTs.getMillis()).toList()));
  }

  @Test
  public void fctSalesClassifiesDayTypeMarketAndBusinessHours() {
    PCollection<Row> rows = lines().apply(new FctSales(MARKETS, "UTC"));
    PAssert.that(
            rows.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        r ->
                            String.join(
                                " ",
                                r.getString("invoice_id"),
                                r.getString("product_id"),
                                r.getValue("invoice_date").toString(),
                                r.getDecimal("line_total").toPlainString(),
                                r.getString("market"),
                                r.getString("day_type"),
                                r.getString("time_segment")))))
        .containsInAnyOrder(
            "536365 85123A 2010-12-01 15.30 UK weekday off_hours",
            "536365 71053 2010-12-01 20.34 UK weekday off_hours",
            "536540 22968 2010-12-01 39.80 EU weekday business_hours",
            "537000 21730 2010-12-05 5.00 UK weekend off_hours");
    pipeline.run();
  }

  @Test
  public void businessOverviewTotalsMarketsMonthsAndTheDayAfterTheNewestLine() {
    PCollection<InvoiceLine> lines = lines();
    PCollectionTuple deduplicated = lines.apply(new DropDuplicates("UTC"));
    PCollection<Order> orders =
        deduplicated
            .get(DropDuplicates.BY_CUSTOMER)
            .apply(new CollectOrders())
            .apply(Values.create())
            .apply(Flatten.iterables());
    Schema idOnly = Schema.builder().addStringField("customer_id").build();
    PCollection<Row> dim =
        pipeline.apply(
            "Dim",
            Create.of(
                    Row.withSchema(idOnly).addValue("17850").build(),
                    Row.withSchema(idOnly).addValue("14911").build())
                .withRowSchema(idOnly));
    PCollectionView<Long> asOf =
        deduplicated.get(DropDuplicates.LINES_PER_DAY).apply(new ReferenceDate(null));

    PAssert.thatSingleton(lines.apply(new BusinessOverview(orders, dim, asOf, MARKETS, "UTC")))
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
            lines()
                .apply(new ProductIntelligence(MARKETS))
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

  private static ScoredCustomer scored(String id, long revenueCents, int ntile, int percentRank) {
    Instant t = Instant.parse("2011-11-01T10:00:00Z");
    return new ScoredCustomer(
        new CustomerMetrics(
            id,
            Map.of(),
            t,
            t,
            39,
            1,
            revenueCents,
            1,
            revenueCents,
            0,
            "UNITED KINGDOM",
            revenueCents),
        ntile,
        ntile,
        ntile,
        percentRank,
        percentRank,
        percentRank);
  }

  @Test
  public void dimCustomersAppliesTheConfiguredSchemesAndCxExportTheirPriorities() {
    PCollectionView<Long> asOf =
        pipeline
            .apply("AsOf", Create.of(java.time.LocalDate.parse("2011-12-10").toEpochDay()))
            .apply(View.asSingleton());
    PCollection<Row> dim =
        pipeline
            .apply(
                "Scored",
                Create.of(
                    scored("1", 20_000, 5, 5), scored("2", 4_000, 1, 1), scored("3", 10_000, 3, 3)))
            .apply(new DimCustomers(CONFIG, asOf));
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
                                r.getString("rf_segment"),
                                r.getString("profit_level"),
                                r.getString("value_bucket")))))
        .containsInAnyOrder(
            "1 555 Champions HIGH VALUE Champions Level 3 High",
            "2 111 Lost LOW ENGAGEMENT Hibernating Level 1 Low",
            "3 333 Potential Loyalists MODERATE VALUE Need Attention Level 2 Medium");
    PAssert.that(
            dim.apply(new CxExport(CONFIG))
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
            "1 Champions 1 2011-12-10",
            "2 Lost 5 2011-12-10",
            "3 Potential Loyalists 3 2011-12-10");
    pipeline.run();
  }
}
