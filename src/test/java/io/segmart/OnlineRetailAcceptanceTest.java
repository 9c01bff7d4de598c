package io.segmart;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.peers.DuckDbPeer;
import io.segmart.peers.PeerMarts;
import io.segmart.testing.ClusterChecks;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/** The seed's published figures on the full bundled Online Retail data. */
@Category(FlinkFullDataTest.class)
public class OnlineRetailAcceptanceTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static RunOutput out;

  @BeforeClass
  public static void runOnTheFullData() throws IOException {
    out = TestData.fullRun();
  }

  @Test
  public void publishedFigures() throws Exception {
    Map<String, String> overview = out.rows("business_overview").get(0);
    assertEquals("8655124.16", overview.get("total_revenue"));
    assertEquals("4293", overview.get("total_customers"));
    assertEquals("19", overview.get("total_countries"));
    assertEquals("373", overview.get("days_span"));
    BigDecimal euOverUk =
        new BigDecimal(overview.get("eu_aov"))
            .divide(new BigDecimal(overview.get("uk_aov")), 2, RoundingMode.HALF_UP);
    assertEquals(new BigDecimal("1.79"), euOverUk);
    assertEquals("0.9102", overview.get("weekday_revenue_share"));

    List<Map<String, String>> insights = out.rows("customer_insights");
    BigDecimal topTenPercent =
        insights.stream()
            .filter(r -> r.get("customer_tier").equals("Top 10%"))
            .map(r -> new BigDecimal(r.get("cumulative_revenue_share")))
            .max(BigDecimal::compareTo)
            .orElseThrow();
    assertEquals(new BigDecimal("0.61"), topTenPercent.setScale(2, RoundingMode.HALF_UP));
  }

  @Test
  public void everyLineIsAccountedFor() throws Exception {
    JsonNode summary = out.summary();
    assertEquals(541909, summary.get("read").asLong());
    assertEquals(389504, summary.get("kept").asLong());
    assertEquals(147218, summary.get("rejected").asLong());
    assertEquals(5187, summary.get("duplicates").asLong());
    // The files written hold what the summary counts.
    assertEquals(389504, out.rows("fct_sales").size());
    assertEquals(147218, out.rows("rejects").size());
    assertEquals(132220, summary.get("rejected_by_reason").get("missing_customer_id").asLong());
    assertEquals(9288, summary.get("rejected_by_reason").get("cancelled_invoice").asLong());
  }

  /**
   * The clusters mart and dim_customers' cluster column hold the model fitted on every customer in
   * the order of their ids, each customer at its nearest centroid; the sizes are those of the real
   * data, on either runner.
   */
  @Test
  public void clustersAreFittedOnEveryCustomerAndEachIsAtItsNearestCentroid() throws Exception {
    assertEquals(
        Map.of("churned", 1070L, "loyal", 25L, "new", 3198L),
        ClusterChecks.assertFittedOnEveryCustomer(out, TestData.onlineRetail().clusters));
  }

  /**
   * The CLV holdout of the shipped configuration: per number of repeat purchase days up to
   * 2011-08-31, the customers and their mean purchase days after it are those of fct_sales' kept
   * lines; every customer is scored by the fit on every purchase.
   */
  @Test
  public void clvIsCheckedOnTheHoldoutAndScoresEveryCustomer() throws Exception {
    Map<String, TreeSet<String>> days = new HashMap<>();
    for (Map<String, String> line : out.rows("fct_sales")) {
      days.computeIfAbsent(line.get("customer_id"), c -> new TreeSet<>())
          .add(line.get("invoice_date"));
    }
    Map<String, long[]> groups = new TreeMap<>();
    days.forEach(
        (customer, purchaseDays) -> {
          int calibration = purchaseDays.headSet("2011-08-31", true).size();
          if (calibration > 0) {
            int x = calibration - 1;
            for (String group : List.of(x >= 7 ? "7+" : Integer.toString(x), "all")) {
              long[] sum = groups.computeIfAbsent(group, g -> new long[2]);
              sum[0]++;
              sum[1] += purchaseDays.size() - calibration;
            }
          }
        });
    Map<String, Map<String, String>> holdout = new TreeMap<>();
    out.rows("clv_holdout")
        .forEach(row -> holdout.put(row.get("calibration_repeat_purchases"), row));
    assertEquals(groups.keySet(), holdout.keySet());
    groups.forEach(
        (group, sum) -> {
          assertEquals(group, Long.toString(sum[0]), holdout.get(group).get("customers"));
          assertEquals(
              group,
              BigDecimal.valueOf(sum[1])
                  .divide(BigDecimal.valueOf(sum[0]), 3, RoundingMode.HALF_UP),
              new BigDecimal(holdout.get(group).get("actual_repeat_purchases")));
        });
    List<Map<String, String>> customers = out.rows("dim_customers");
    assertEquals(days.size(), customers.size());
    for (Map<String, String> customer : customers) {
      assertFalse(customer.get("customer_id"), customer.get("p_alive").isEmpty());
      assertFalse(customer.get("customer_id"), customer.get("clv_365d").isEmpty());
    }
    List<String> fits =
        out.rows("clv_model").stream()
            .filter(row -> row.get("used_for_scores").equals("true"))
            .map(row -> row.get("calibration_end"))
            .distinct()
            .toList();
    assertEquals(List.of("2011-12-09"), fits);
  }

  /**
   * The benchmark's SQL peer (bench/peers/duckdb.sql on DuckDB) does SegMart's job; see {@link
   * PeerMarts}.
   */
  @Test
  public void duckDbPeerGivesTheSameMarts() throws Exception {
    Path peer = FOLDER.getRoot().toPath().resolve("duckdb");
    DuckDbPeer.run(TestData.ALL_MONTHS, peer, 2);
    PeerMarts.assertSameAsSegMart(out, peer);
  }
}
