package io.segmart;

import static io.segmart.CommandLine.exit;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import io.segmart.run.RunSummary;
import io.segmart.testing.MariaDbServer;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestOptions;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * pipelines/a-mart.yaml on the shop's 5,000 customers in a real MariaDB server, its two tables
 * loaded by data/a-mart/tables.sql from the shop's export, on both runners; and
 * pipelines/a-mart-files.yaml on that export. The rules are checked against the export's own
 * columns, which the shop computed itself (days since the last order, age category).
 */
@Category(PipelineTest.class)
public class AMartTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();
  private static final Path EXPORT = Path.of("data/a-mart/EDA.csv.gz");
  private static final List<String> LINE_MARTS =
      List.of(
          "fct_sales",
          "business_overview",
          "kpi_daily",
          "kpi_monthly",
          "kpi_weekday_hour",
          "product_intelligence");

  private static final BigDecimal CENT = new BigDecimal("0.01");

  private static MariaDbServer server;
  private static Map<String, CSVRecord> export;
  private static RunOutput databaseRun;
  private static RunOutput fileRun;

  @BeforeClass
  public static void loadTheTablesAndRunBothWays() throws Exception {
    String text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(EXPORT))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    export = new HashMap<>();
    for (CSVRecord r :
        CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(text))) {
      export.put(r.get("CUSTOMER_ID"), r);
    }
    Path csv = FOLDER.newFolder("export").toPath().resolve("EDA.csv");
    Files.writeString(csv, text);
    server = MariaDbServer.start(FOLDER.newFolder("mariadb"), "a_mart");
    try (Connection loader = server.loader();
        Statement sql = loader.createStatement()) {
      for (String statement : statements(Path.of("data/a-mart/tables.sql"))) {
        sql.execute(statement.replace("'EDA.csv'", "'" + csv.toAbsolutePath() + "'"));
      }
    }
    SegmentationOptions database = options();
    database.setJdbcUrl(server.url());
    database.setJdbcUser(MariaDbServer.READER);
    databaseRun = run("pipelines/a-mart.yaml", database);
    SegmentationOptions files = options();
    files.setInput(EXPORT.toAbsolutePath().toString());
    fileRun = run("pipelines/a-mart-files.yaml", files);
  }

  @AfterClass
  public static void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  /** The SQL file's statements, without its comments. */
  private static List<String> statements(Path file) throws Exception {
    StringBuilder sql = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : sql.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.trim());
      }
    }
    return statements;
  }

  private static SegmentationOptions options() {
    // The checks cost two thirds of these runs; CleanCustomerTotalsTest runs the steps of customer
    // totals with them.
    return TestOptions.withoutDirectRunnerChecks().as(SegmentationOptions.class);
  }

  private static RunOutput run(String pipeline, SegmentationOptions options) throws Exception {
    PipelineConfig config = ConfigLoader.load(Path.of(pipeline));
    return RunOutput.run(config, options, FOLDER.newFolder(config.name).toPath());
  }

  @Test
  public void everyCustomerIsKeptAndTheMartsOfLinesAreNamedAsNotProducible() throws Exception {
    JsonNode summary = databaseRun.summary();
    assertEquals(5000, summary.get("read").asLong());
    assertEquals(5000, summary.get("kept").asLong());
    assertEquals(0, summary.get("rejected").asLong());
    assertEquals("2021-10-25", summary.get("as_of").asText());
    JsonNode notProducible = summary.get("not_producible");
    List<String> named = new ArrayList<>();
    notProducible.fieldNames().forEachRemaining(named::add);
    assertEquals(LINE_MARTS, named);
    notProducible.forEach(
        reason -> assertEquals(RunSummary.NOT_PRODUCIBLE_REASON, reason.asText()));
    JsonNode rows = summary.get("rows_written");
    for (String mart : LINE_MARTS) {
      assertFalse(mart, rows.has(mart));
      assertFalse(mart, Files.exists(databaseRun.root().resolve(mart)));
    }
    for (String mart : List.of("dim_customers", "customer_insights", "cx_export")) {
      assertEquals(mart, 5000, rows.get(mart).asLong());
    }
    summary.get("data_tests").forEach(result -> assertEquals("pass", result.asText()));
    assertEquals(
        "pass",
        summary
            .get("data_tests")
            .get("reconcile(customers: customer_insights = cx_export = dim_customers)")
            .asText());
  }

  @Test
  public void theTablesAndTheirExportGiveTheSameMarts() throws Exception {
    fileRun.assertSameFigures(databaseRun, "read", "kept", "rejected", "rows_written");
    databaseRun.assertSameFiles(
        fileRun, "dim_customers", "customer_insights", "cx_export", "clusters");
  }

  @Test
  public void recencyActivityAndAgeBandsAgreeWithTheShopsOwnColumns() throws Exception {
    Map<String, Integer> activity = new TreeMap<>();
    for (Map<String, String> c : databaseRun.rows("dim_customers")) {
      CSVRecord shop = export.get(c.get("customer_id"));
      String id = c.get("customer_id");
      // The shop counted days since the last order from the same reference date.
      long days = Long.parseLong(shop.get("DAYSSINCELASTORDER"));
      assertEquals(id, days, Long.parseLong(c.get("recency_days")));
      String bucket =
          days <= 7
              ? "0-7"
              : days <= 14 ? "8-14" : days <= 28 ? "15-28" : days <= 56 ? "29-56" : "57+";
      assertEquals(id, bucket, c.get("activity_bucket"));
      assertEquals(
          id, days <= 14 ? "active" : days > 56 ? "inactive" : "lapsing", c.get("activity"));
      activity.merge(c.get("activity"), 1, Integer::sum);
      assertEquals(id, shop.get("AGE"), c.get("age"));
      String category = shop.get("AGE_CATEGORY");
      assertEquals(
          id,
          category.equals("19 & below")
              ? "<=19"
              : category.equals("50 and above") ? "50+" : category,
          c.get("age_band"));
      // Revenue over orders to the cent, half up; the shop's own column is within a cent of it.
      BigDecimal aov =
          new BigDecimal(shop.get("REVENUE"))
              .divide(new BigDecimal(shop.get("TOTAL_ORDERS")), 2, RoundingMode.HALF_UP);
      assertEquals(id, aov, new BigDecimal(c.get("aov")));
      assertTrue(
          id,
          aov.subtract(new BigDecimal(shop.get("AVERAGE_ORDER_VALUE"))).abs().compareTo(CENT) <= 0);
      assertEquals(
          id,
          aov.compareTo(BigDecimal.valueOf(100)) <= 0
              ? "Low"
              : aov.compareTo(BigDecimal.valueOf(300)) <= 0 ? "Medium" : "High",
          c.get("order_value_bucket"));
      assertEquals(id, shop.get("TOTAL_ORDERS"), c.get("orders"));
    }
    // The seed reports 53% inactive (and 18% active, which its data does not give: 30.9%).
    assertEquals(Map.of("active", 1544, "inactive", 2667, "lapsing", 789), activity);
  }

  @Test
  public void theTopHalfIsTheSmallestSetOfCustomersMakingHalfOfRevenue() throws Exception {
    List<Map<String, String>> insights = databaseRun.rows("customer_insights");
    BigDecimal total = BigDecimal.ZERO;
    for (CSVRecord shop : export.values()) {
      total = total.add(new BigDecimal(shop.get("REVENUE")));
    }
    BigDecimal inSet = BigDecimal.ZERO;
    BigDecimal smallestInSet = null;
    BigDecimal largestOutside = BigDecimal.ZERO;
    for (Map<String, String> c : insights) {
      BigDecimal revenue = new BigDecimal(export.get(c.get("customer_id")).get("REVENUE"));
      if (Boolean.parseBoolean(c.get("in_top_half"))) {
        inSet = inSet.add(revenue);
        smallestInSet = smallestInSet == null ? revenue : smallestInSet.min(revenue);
      } else {
        largestOutside = largestOutside.max(revenue);
      }
    }
    BigDecimal half = total.divide(BigDecimal.valueOf(2));
    // At least half, the biggest spenders, and not one customer more than it takes.
    assertTrue(inSet.compareTo(half) >= 0);
    assertTrue(smallestInSet.compareTo(largestOutside) >= 0);
    assertTrue(inSet.subtract(smallestInSet).compareTo(half) < 0);
    List<BigDecimal> sorted = new ArrayList<>();
    export.values().forEach(shop -> sorted.add(new BigDecimal(shop.get("REVENUE"))));
    sorted.sort(Comparator.reverseOrder());
    int needed = 0;
    for (BigDecimal running = BigDecimal.ZERO; running.compareTo(half) < 0; needed++) {
      running = running.add(sorted.get(needed));
    }
    assertEquals(
        needed, insights.stream().filter(c -> Boolean.parseBoolean(c.get("in_top_half"))).count());
  }

  @Test
  public void aWrongPasswordIsOneClearLineAndExitCodeOne() throws Exception {
    // No SEGMART_JDBC_PASSWORD in the build's environment: a login with a password is refused.
    Object[] refused =
        exit(
            "--runner=DirectRunner",
            "--pipeline=pipelines/a-mart.yaml",
            "--jdbcUrl=" + server.url(),
            "--jdbcUser=" + MariaDbServer.GUARDED,
            "--output=" + FOLDER.getRoot().toPath().resolve("refused"));
    assertEquals(1, refused[0]);
    String error = (String) refused[1];
    assertThat(error, containsString("Access denied for user 'guarded'"));
    assertEquals(error, 1, error.strip().lines().count());
    assertFalse(error, error.contains("Exception"));
  }
}
