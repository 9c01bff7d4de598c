package io.segmart.staging;

import static org.junit.Assert.assertEquals;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.io.csv.CsvRecordReader;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Reject;
import io.segmart.model.SourceId;
import io.segmart.model.SourceRecord;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/** The cleaning rules of pipelines/online-retail.yaml on real Online Retail lines. */
@Category(PipelineTest.class)
public class CleanInvoiceLinesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** The columns of an Online Retail file, in order. */
  static final List<String> COLUMNS =
      List.of(
          "invoice_id",
          "product_id",
          "description",
          "quantity",
          "invoice_ts",
          "unit_price",
          "customer_id",
          "country");

  /** A source record from a real line of the Online Retail files. */
  static SourceRecord record(long lineNumber, String line) throws IOException {
    List<String> values = new CsvRecordReader(new StringReader(line), ',', 10_000).next().fields;
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      fields.put(COLUMNS.get(i), values.get(i));
    }
    return new SourceRecord("2010-12.csv", lineNumber, line, fields);
  }

  /** Each reject as its line number and reason. */
  private static PCollection<String> lineReasons(PCollectionTuple cleaned) {
    return cleaned
        .get(CleanInvoiceLines.REJECTS)
        .apply(
            "LineReasons",
            MapElements.into(TypeDescriptors.strings())
                .via((Reject r) -> r.lineNumber + " " + r.reason));
  }

  /** Source records of real lines, numbered from 2 as below a header. */
  static List<SourceRecord> records(List<String> lines) throws IOException {
    List<SourceRecord> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      records.add(record(i + 2, lines.get(i)));
    }
    return records;
  }

  @Test
  public void eachRuleRejectsWithItsReasonAndTheOriginalRecord() throws IOException {
    List<String> lines =
        List.of(
            "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom",
            "536414,22139,,56,2010-12-01 11:52:00,0.0,,United Kingdom",
            "537197,22841,ROUND CAKE TIN VINTAGE GREEN,1,2010-12-05 14:02:00,0.0,12647.0,Germany",
            "536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,2010-12-01 14:32:00,2.51,,United Kingdom",
            "536389,22941,CHRISTMAS LIGHTS 10 REINDEER,6,2010-12-01 10:03:00,8.5,12431.0,Australia",
            "537425,84968F,check,-20,2010-12-06 15:35:00,0.0,,United Kingdom",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26,2.55,nan,United Kingdom",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,six,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,01/12/2010 08:26,2.55,17850.0,United Kingdom",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,0.01,17850.0,United Kingdom");
    PCollectionTuple out =
        pipeline
            .apply(Create.of(records(lines)))
            .apply(new CleanInvoiceLines(TestData.onlineRetail()));

    PAssert.that(out.get(CleanInvoiceLines.KEPT)).empty();
    PAssert.that(lineReasons(out))
        .containsInAnyOrder(
            "2 cancelled_invoice",
            "3 missing_description",
            "4 unit_price_too_low",
            "5 missing_customer_id",
            "6 country_not_allowed",
            "7 non_positive_quantity",
            "8 missing_customer_id",
            "9 bad_quantity",
            "10 bad_timestamp",
            "11 unit_price_too_low");
    PAssert.that(out.get(CleanInvoiceLines.REJECTS))
        .satisfies(
            rejects -> {
              rejects.forEach(r -> assertEquals(lines.get((int) r.lineNumber - 2), r.record));
              return null;
            });
    pipeline.run();
  }

  /**
   * Amounts a long cannot hold, or above cleaning.maxLineTotal, and impossible dates and times are
   * rejects with their reason: never a crash, a wrong total, or a line moved to another day.
   */
  @Test
  public void amountsOutOfRangeAndImpossibleTimesAreRejects() throws IOException {
    List<String> lines =
        List.of(
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,4e16,17850.0,United Kingdom",
            "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,1e400,17850.0,United Kingdom",
            "536365,84406B,CREAM CUPID HEARTS COAT HANGER,8,2010-12-01 08:26:00,99999999999999999999.99,17850.0,United Kingdom",
            "536365,84029G,KNITTED UNION FLAG HOT WATER BOTTLE,6,2011-02-30 08:26:00,3.39,17850.0,United Kingdom",
            "536365,84029E,RED WOOLLY HOTTIE WHITE HEART.,6,2011-04-31 08:26:00,3.39,17850.0,United Kingdom",
            "536365,22752,SET 7 BABUSHKA NESTING BOXES,2,2010-12-01 24:00:00,7.65,17850.0,United Kingdom",
            "536365,21730,GLASS STAR FROSTED T-LIGHT HOLDER,6,2010-12-01 08:26:00,4.25,1.785E4,United Kingdom",
            "536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,1.7855E2,United Kingdom");
    PCollectionTuple out =
        pipeline
            .apply(Create.of(records(lines)))
            .apply(new CleanInvoiceLines(TestData.onlineRetail()));

    PAssert.that(lineReasons(out))
        .containsInAnyOrder(
            "2 amount_out_of_range",
            "3 amount_out_of_range",
            "4 amount_out_of_range",
            "5 bad_timestamp",
            "6 bad_timestamp",
            "7 bad_timestamp",
            "9 bad_customer_id");
    // Scientific notation of a whole number is the same customer as its plain form.
    PAssert.that(
            out.get(CleanInvoiceLines.KEPT)
                .apply(
                    "KeptCustomers",
                    MapElements.into(TypeDescriptors.strings())
                        .via(line -> line.productId + " " + line.customerId)))
        .containsInAnyOrder("21730 17850");
    pipeline.run();
  }

  @Test
  public void keptLinesAreNormalisedAndCarryTheirEventTime() throws IOException {
    SourceRecord eire =
        record(
            2, "536540,22968,ROSE COTTAGE KEEPSAKE BOX ,4,2010-12-01 14:05:00,9.95,14911.0,EIRE");
    SourceRecord uk =
        record(
            3,
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom");
    PCollectionTuple out =
        pipeline.apply(Create.of(eire, uk)).apply(new CleanInvoiceLines(TestData.onlineRetail()));

    Instant eireTs = Instant.parse("2010-12-01T14:05:00Z");
    Instant ukTs = Instant.parse("2010-12-01T08:26:00Z");
    PAssert.that(out.get(CleanInvoiceLines.KEPT))
        .containsInAnyOrder(
            new InvoiceLine(
                "536540",
                eireTs,
                "14911",
                "22968",
                "ROSE COTTAGE KEEPSAKE BOX",
                4,
                new BigDecimal("9.95"),
                3980,
                "IRELAND",
                Map.of(),
                SourceId.of("2010-12.csv"),
                null,
                true),
            new InvoiceLine(
                "536365",
                ukTs,
                "17850",
                "85123A",
                "WHITE HANGING HEART T-LIGHT HOLDER",
                6,
                new BigDecimal("2.55"),
                1530,
                "UNITED KINGDOM",
                Map.of(),
                SourceId.of("2010-12.csv"),
                null,
                true));
    PAssert.that(
            out.get(CleanInvoiceLines.KEPT)
                .apply(
                    "Ids",
                    MapElements.into(TypeDescriptors.strings()).via((InvoiceLine l) -> l.invoiceId))
                .apply(org.apache.beam.sdk.transforms.Reify.timestamps())
                .apply(
                    "WithTimestamps",
                    MapElements.into(TypeDescriptors.strings())
                        .via(t -> t.getValue() + "@" + t.getTimestamp())))
        .containsInAnyOrder("536540@" + eireTs, "536365@" + ukTs);
    PAssert.that(out.get(CleanInvoiceLines.REJECTS)).empty();
    pipeline.run();
  }

  /**
   * theLook's statuses: returned and cancelled items are not sales; the others are kept with the
   * customer's attributes.
   */
  @Test
  public void excludedStatusesAreRejectedAndCustomerAttributesKept() throws IOException {
    PipelineConfig config = ConfigLoader.load(java.nio.file.Path.of("pipelines/thelook.yaml"));
    List<SourceRecord> records = new ArrayList<>();
    for (String status : List.of("Returned", "cancelled", "Complete", "Shipped")) {
      Map<String, String> fields =
          new HashMap<>(
              Map.of(
                  "invoice_id",
                  "81",
                  "invoice_ts",
                  "2023-05-02 10:11:12",
                  "customer_id",
                  "64",
                  "product_id",
                  "1313",
                  "quantity",
                  "1",
                  "unit_price",
                  "49.5",
                  "country",
                  "Brasil",
                  "status",
                  status));
      fields.putAll(Map.of("age", "31", "city", " Osasco ", "latitude", "-23.53", "email", ""));
      records.add(new SourceRecord("thelook", records.size(), status, fields));
    }
    PCollectionTuple out = pipeline.apply(Create.of(records)).apply(new CleanInvoiceLines(config));

    PAssert.that(
            out.get(CleanInvoiceLines.REJECTS)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via((Reject r) -> r.record + " " + r.reason)))
        .containsInAnyOrder("Returned excluded_status", "cancelled excluded_status");
    PAssert.that(
            out.get(CleanInvoiceLines.KEPT)
                .apply(
                    "Countries",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (InvoiceLine l) ->
                                l.country + " " + new java.util.TreeMap<>(l.attributes))))
        .containsInAnyOrder(
            "BRAZIL {age=31, city=Osasco, latitude=-23.53}",
            "BRAZIL {age=31, city=Osasco, latitude=-23.53}");
    pipeline.run();
  }
}
