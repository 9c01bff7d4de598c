package io.segmart;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.segmart.clv.BgNbd;
import io.segmart.testing.Cdnow;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * CDNOW's 1/10 sample through pipelines/cdnow-sample.yaml: whitespace-separated text without a
 * header and with an extra column, CRLF line ends, yyyyMMdd dates, one order per row, line totals
 * instead of unit prices, free purchases kept. Against figures computed here from the file.
 *
 * <p>On embedded Flink only: the DirectRunner took 98 s on these 6,919 lines. Its profile puts 38%
 * of the time in setting up a step's evaluator for each bundle, which translates the step to its
 * protocol form (serializing the DoFn and the configuration it holds) twice, and the 545 days of
 * CDNOW's daily marts make many small bundles.
 */
@Category(FlinkFullDataTest.class)
public class CdnowTest {
  private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  @Test
  public void everyPurchaseOfTheSampleIsAnOrderOfItsOwn() throws Exception {
    RunOutput out = Cdnow.run("cdnow-sample", Cdnow.SAMPLE, FOLDER.newFolder("sample").toPath());
    List<String[]> rows = Cdnow.rows(Cdnow.SAMPLE);
    assertEquals(6_919, rows.size());
    assertEquals(rows.size(), out.summary().get("read").asLong());
    assertEquals(rows.size(), out.summary().get("kept").asLong());
    assertEquals(0, out.summary().get("duplicates").asLong());

    List<Map<String, String>> customers = out.rows("dim_customers");
    assertEquals(2_357, customers.size());
    Cdnow.assertOrdersAndRevenue(rows, customers);
    // The newest purchase is of 30 June 1998.
    assertEquals("1998-07-01", out.summary().get("as_of").asText());

    // The CLV models fitted on the first 39 weeks give the parameters Fader, Hardie and Lee
    // publish: BG/NBD r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 (log-likelihood -9,582.4) on
    // all 2,357 customers; Gamma-Gamma p = 6.25, q = 3.74, v = 15.44 on the 946 with repeat
    // purchases.
    Map<String, Map<String, String>> clv = new HashMap<>();
    out.rows("clv_model").stream()
        .filter(row -> row.get("calibration_end").equals("1997-09-30"))
        .forEach(row -> clv.put(row.get("parameter"), row));
    assertEquals(
        Map.of("r", "0.243", "alpha", "4.414", "a", "0.793", "b", "2.426"),
        Map.of(
            "r", rounded(clv, "r", 3),
            "alpha", rounded(clv, "alpha", 3),
            "a", rounded(clv, "a", 3),
            "b", rounded(clv, "b", 3)));
    assertEquals(
        List.of("6.25", "3.74", "15.44"),
        List.of(rounded(clv, "p", 2), rounded(clv, "q", 2), rounded(clv, "v", 2)));
    assertEquals("2357", clv.get("r").get("customers"));
    assertEquals("946", clv.get("p").get("customers"));
    assertEquals("-9582.43", clv.get("r").get("log_likelihood"));
    assertEquals("1997-09-30", clv.get("r").get("calibration_end"));
    assertEquals("weeks", clv.get("r").get("unit"));
    assertEquals("false", clv.get("r").get("used_for_scores"));
    // The scores come from a second fit, on every purchase up to the last day.
    assertEquals(
        List.of("1998-06-30"),
        out.rows("clv_model").stream()
            .filter(row -> row.get("used_for_scores").equals("true"))
            .map(row -> row.get("calibration_end"))
            .distinct()
            .toList());

    assertHoldout(rows, out.rows("clv_holdout"));
    assertScores(rows, customers);
  }

  /**
   * Per number of repeat purchase days up to 1997-09-30, the customers' mean purchase days from
   * 1997-10-01 to 1998-06-30 are the file's, and the mean expected of them is the one the published
   * parameters give over those 39 weeks (the paper's figure of conditional expectations).
   */
  private static void assertHoldout(List<String[]> rows, List<Map<String, String>> holdout) {
    Map<String, TreeSet<LocalDate>> calibrationDays = new HashMap<>();
    Map<String, Set<LocalDate>> holdoutDays = new HashMap<>();
    for (String[] r : rows) {
      LocalDate day = LocalDate.parse(r[2], DateTimeFormatter.BASIC_ISO_DATE);
      if (day.isAfter(CALIBRATION_END)) {
        holdoutDays.computeIfAbsent(r[0], c -> new HashSet<>()).add(day);
      } else {
        calibrationDays.computeIfAbsent(r[0], c -> new TreeSet<>()).add(day);
      }
    }
    BgNbd.Params published = new BgNbd.Params(0.243, 4.414, 0.793, 2.426);
    Map<String, double[]> groups = new TreeMap<>();
    calibrationDays.forEach(
        (customer, days) -> {
          int x = days.size() - 1;
          double expected =
              BgNbd.expectedPurchases(
                  published,
                  x,
                  ChronoUnit.DAYS.between(days.first(), days.last()) / 7.0,
                  ChronoUnit.DAYS.between(days.first(), CALIBRATION_END) / 7.0,
                  39);
          for (String group : List.of(x >= 7 ? "7+" : Integer.toString(x), "all")) {
            double[] sum = groups.computeIfAbsent(group, g -> new double[3]);
            sum[0]++;
            sum[1] += holdoutDays.getOrDefault(customer, Set.of()).size();
            sum[2] += expected;
          }
        });
    Map<String, Map<String, String>> mart = holdoutGroups(holdout);
    assertEquals(groups.keySet(), mart.keySet());
    groups.forEach(
        (group, sum) -> {
          Map<String, String> row = mart.get(group);
          assertEquals(group, (long) sum[0], Long.parseLong(row.get("customers")));
          assertEquals(
              group,
              BigDecimal.valueOf(sum[1] / sum[0]).setScale(3, RoundingMode.HALF_UP),
              new BigDecimal(row.get("actual_repeat_purchases")));
          assertEquals(
              group,
              sum[2] / sum[0],
              Double.parseDouble(row.get("expected_repeat_purchases")),
              0.002);
        });
  }

  private static String weeks(LocalDate from, LocalDate to) {
    return BigDecimal.valueOf(ChronoUnit.DAYS.between(from, to) / 7.0)
        .setScale(2, RoundingMode.HALF_UP)
        .toPlainString();
  }

  private static double decimal(Map<String, String> row, String column) {
    return Double.parseDouble(row.get(column));
  }

  private static Map<String, Map<String, String>> holdoutGroups(List<Map<String, String>> rows) {
    Map<String, Map<String, String>> groups = new TreeMap<>();
    rows.forEach(row -> groups.put(row.get("calibration_repeat_purchases"), row));
    assertEquals(rows.size(), groups.size());
    return groups;
  }

  /**
   * Every customer is scored: a customer who bought on one day only cannot have dropped out, and
   * longer horizons expect no fewer purchases and no less value (both round to 0 for a customer who
   * is almost surely gone).
   */
  private static void assertScores(List<String[]> rows, List<Map<String, String>> customers) {
    Map<String, Set<String>> days = new HashMap<>();
    rows.forEach(r -> days.computeIfAbsent(r[0], c -> new HashSet<>()).add(r[2]));
    for (Map<String, String> customer : customers) {
      String id = customer.get("customer_id");
      double alive = Double.parseDouble(customer.get("p_alive"));
      assertEquals(id, days.get(id).size() == 1, alive == 1.0);
      assertTrue(id, alive >= 0 && alive <= 1);
      assertTrue(
          id,
          decimal(customer, "expected_purchases_365d")
              >= decimal(customer, "expected_purchases_90d"));
      assertTrue(id, decimal(customer, "clv_365d") >= decimal(customer, "clv_90d"));
      assertTrue(id, decimal(customer, "expected_aov") > 0);
    }
  }

  private static String rounded(Map<String, Map<String, String>> clv, String parameter, int scale) {
    return new BigDecimal(clv.get(parameter).get("estimate"))
        .setScale(scale, RoundingMode.HALF_UP)
        .toPlainString();
  }
}
