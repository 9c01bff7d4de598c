package io.segmart.intermediate;

import io.segmart.model.CustomerMetrics;
import io.segmart.model.InvoiceLine;
import io.segmart.model.InvoiceLineCoder;
import io.segmart.testing.PipelineTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

@Category(PipelineTest.class)
public class SnapshotMetricsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final List<LocalDate> SNAPSHOTS =
      List.of(
          LocalDate.parse("2011-01-05"),
          LocalDate.parse("2011-01-07"),
          LocalDate.parse("2011-01-12"));

  private static InvoiceLine line(
      String invoice, String ts, long quantity, String price, String country) {
    BigDecimal unitPrice = new BigDecimal(price);
    return new InvoiceLine(
        invoice,
        Instant.parse(ts),
        "12345",
        "P1",
        "a product",
        quantity,
        unitPrice,
        unitPrice.multiply(BigDecimal.valueOf(quantity)).movePointRight(2).longValueExact(),
        country,
        Map.of(),
        0L,
        null,
        true);
  }

  // Invoice A leaves the 365-day window at the last snapshot; invoice B has lines on both sides of
  // the first snapshot date, and its later line has an alphabetically earlier country; invoice C
  // comes between the second and the last snapshot; D is on the last snapshot date, seen by none.
  private static final List<InvoiceLine> LINES =
      List.of(
          line("A", "2010-01-10T10:00:00Z", 1, "10.00", "GERMANY"),
          line("B", "2011-01-04T23:30:00Z", 1, "5.00", "FRANCE"),
          line("B", "2011-01-05T00:00:00Z", 2, "3.00", "BELGIUM"),
          line("C", "2011-01-08T12:00:00Z", 1, "7.00", "FRANCE"),
          line("D", "2011-01-12T00:00:00Z", 1, "1.00", "FRANCE"));

  private static final KvCoder<String, List<InvoiceLine>> CUSTOMER_LINES =
      KvCoder.of(StringUtf8Coder.of(), ListCoder.of(InvoiceLineCoder.of()));

  private static CustomerMetrics metrics(
      String date,
      String last,
      long recency,
      long orders,
      long revenue,
      long items,
      long aov,
      long lifespan,
      String country,
      long revenue365d) {
    return new CustomerMetrics(
        "12345",
        Map.of(),
        Instant.parse("2010-01-10T10:00:00Z"),
        Instant.parse(last),
        recency,
        orders,
        revenue,
        items,
        aov,
        lifespan,
        country,
        revenue365d,
        LocalDate.parse(date).toEpochDay(),
        null);
  }

  /**
   * Each snapshot sees exactly the lines before its date, with the rules of dim_customers: B's
   * second line joins its order (and makes BELGIUM its country) from the second snapshot on, A
   * leaves the 365-day revenue at the last, and D, on the last date, is in none.
   */
  @Test
  public void eachSnapshotSeesTheLinesBeforeItsDate() {
    PCollectionView<List<Long>> days =
        pipeline
            .apply(
                "Snapshots",
                Create.of(List.of(SNAPSHOTS.stream().map(LocalDate::toEpochDay).toList())))
            .apply(View.asSingleton());
    PCollection<CustomerMetrics> history =
        pipeline
            .apply(Create.of(KV.of("12345", LINES)).withCoder(CUSTOMER_LINES))
            .apply(new SnapshotMetrics(days, "UTC"));
    PAssert.that(history)
        .containsInAnyOrder(
            metrics("2011-01-05", "2011-01-04T23:30:00Z", 1, 2, 1500, 2, 750, 359, "FRANCE", 1500),
            metrics(
                "2011-01-07", "2011-01-04T23:30:00Z", 3, 2, 2100, 4, 1050, 359, "BELGIUM", 2100),
            metrics(
                "2011-01-12", "2011-01-08T12:00:00Z", 4, 3, 2800, 5, 933, 363, "BELGIUM", 1800));
    pipeline.run();
  }
}
