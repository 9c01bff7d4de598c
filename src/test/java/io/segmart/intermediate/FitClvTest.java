package io.segmart.intermediate;

import static org.junit.Assert.assertEquals;

import io.segmart.clv.ClvHistories;
import io.segmart.clv.FittedClv;
import io.segmart.clv.ModelFit;
import io.segmart.common.SchemaCoders;
import io.segmart.config.ClvUnit;
import io.segmart.config.PipelineConfig;
import io.segmart.model.Order;
import io.segmart.testing.PipelineTest;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/**
 * The CLV fit as a Beam step: CDNOW's 1/10 sample's orders, each customer's history as of the
 * calibration end in parallel, one histogram, one fit: the published parameters, whatever the
 * runner splits the customers into.
 */
@Category(PipelineTest.class)
public class FitClvTest {
  /**
   * The sample's distinct (customer, day) pairs after 1997-09-30: {@code zcat CDNOW_sample.txt.gz |
   * awk '$3 > 19970930 {print $1, $3}' | sort -u | wc -l}.
   */
  private static final long HOLDOUT_PURCHASE_DAYS = 1_882;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** CDNOW's sample as orders, one per row, per customer. */
  private static List<KV<String, List<Order>>> cdnowOrders() throws IOException {
    Map<String, List<Order>> orders = new TreeMap<>();
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(Path.of("data/cdnow/CDNOW_sample.txt.gz")))) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String[] f = lines[i].trim().split("\\s+");
        LocalDate day = LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE);
        orders
            .computeIfAbsent(f[0], c -> new ArrayList<>())
            .add(
                new Order(
                    "row-" + i,
                    f[0],
                    new Instant(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()),
                    new BigDecimal(f[4]).movePointRight(2).longValueExact(),
                    Long.parseLong(f[3]),
                    "UNITED STATES",
                    Map.of()));
      }
    }
    List<KV<String, List<Order>>> customers = new ArrayList<>();
    orders.forEach((customer, list) -> customers.add(KV.of(customer, list)));
    return customers;
  }

  @Test
  public void theFitOfTheSampleIsThePublishedOne() throws IOException {
    PipelineConfig.Clv clv = new PipelineConfig.Clv();
    clv.calibrationEnd = "1997-09-30";
    clv.unit = ClvUnit.WEEKS;
    PCollection<KV<String, List<Order>>> orders =
        pipeline.apply(
            "Orders",
            Create.of(cdnowOrders())
                .withCoder(
                    KvCoder.of(
                        StringUtf8Coder.of(),
                        ListCoder.of(SchemaCoders.of(pipeline, Order.class)))));
    // The reference date is not the calibration end: the configured one wins.
    PCollectionView<Long> asOf =
        pipeline
            .apply("AsOf", Create.of(LocalDate.of(1998, 7, 1).toEpochDay()))
            .apply(View.asSingleton());
    PCollectionTuple fitted = orders.apply(new FitClv(clv, asOf, "UTC"));
    PAssert.that(fitted.get(FitClv.MODELS))
        .satisfies(
            models -> {
              List<FittedClv> both = new ArrayList<>();
              models.forEach(both::add);
              assertEquals(2, both.size());
              // The scores' fit: every purchase up to the day before the reference date.
              FittedClv whole = FittedClv.latest(both);
              assertEquals(LocalDate.of(1998, 6, 30), whole.calibrationEnd());
              assertEquals(2_357, whole.fits().purchases().customers());
              FittedClv model = FittedClv.withHoldout(both);
              assertEquals(LocalDate.of(1997, 9, 30), model.calibrationEnd());
              ModelFit bgNbd = model.fits().purchases();
              assertEquals(
                  List.of("0.243", "4.414", "0.793", "2.426"),
                  List.of(
                      rounded(bgNbd, "r", 3),
                      rounded(bgNbd, "alpha", 3),
                      rounded(bgNbd, "a", 3),
                      rounded(bgNbd, "b", 3)));
              assertEquals(2_357, bgNbd.customers());
              ModelFit gammaGamma = model.fits().spend();
              assertEquals(
                  List.of("6.25", "3.74", "15.44"),
                  List.of(
                      rounded(gammaGamma, "p", 2),
                      rounded(gammaGamma, "q", 2),
                      rounded(gammaGamma, "v", 2)));
              assertEquals(946, gammaGamma.customers());
              return null;
            });
    PAssert.that(fitted.get(FitClv.HISTORIES))
        .satisfies(
            histories -> {
              long customers = 0;
              long holdout = 0;
              for (KV<String, ClvHistories> customer : histories) {
                customers++;
                holdout += customer.getValue().holdoutPurchases();
                // The cohort first bought in the first quarter of 1997: before the calibration end.
                assertEquals(
                    customer.getValue().whole().ageDays(),
                    customer.getValue().calibration().ageDays() + 273);
              }
              assertEquals(2_357, customers);
              assertEquals(HOLDOUT_PURCHASE_DAYS, holdout);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  private static String rounded(ModelFit fit, String parameter, int scale) {
    return BigDecimal.valueOf(fit.estimate(parameter))
        .setScale(scale, RoundingMode.HALF_UP)
        .toPlainString();
  }
}
