package io.segmart;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.options.SegmentationOptions;
import io.segmart.peers.DuckDbPeer;
import io.segmart.testing.FullDataTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/** The seed's published figures (SPEC section 2) on the full bundled Online Retail data. */
@Category(FullDataTest.class)
public class OnlineRetailAcceptanceTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static RunOutput out;

  private static RunOutput run(String name) {
    SegmentationOptions options = TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(TestData.ALL_MONTHS);
    Path output = FOLDER.getRoot().toPath().resolve(name);
    options.setOutput(output.toString());
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, TestData.onlineRetail(), options);
    pipeline.run().waitUntilFinish();
    return new RunOutput(output);
  }

  @BeforeClass
  public static void runOnTheFullData() {
    out = run("full");
  }

  @Test
  public void publishedFigures() throws Exception {
    Map<String, String> overview = out.rows("business_overview").get(0);
    assertEquals("8655124.16", overview.get("total_revenue"));
    assertEquals("4293", overview.get("total_customers"));
    assertEquals("19", overview.get("total_countries"));
    assertEquals("373", overview.get("days_span"));
    BigDecimal euOverUk = new BigDecimal(overview.get("eu_aov"))
        .divide(new BigDecimal(overview.get("uk_aov")), 2, RoundingMode.HALF_UP);
    assertEquals(new BigDecimal("1.79"), euOverUk);
    assertEquals("0.9102", overview.get("weekday_revenue_share"));

    List<Map<String, String>> insights = out.rows("customer_insights");
    BigDecimal topTenPercent = insights.stream().filter(r -> r.get("customer_tier").equals("Top 10%"))
        .map(r -> new BigDecimal(r.get("cumulative_revenue_share"))).max(BigDecimal::compareTo).orElseThrow();
    assertEquals(new BigDecimal("0.61"), topTenPercent.setScale(2, RoundingMode.HALF_UP));
  }

  @Test
  public void everyLineIsAccountedFor() throws Exception {
    JsonNode summary = out.summary();
    assertEquals(541909, summary.get("read").asLong());
    assertEquals(389504, summary.get("kept").asLong());
    assertEquals(147218, summary.get("rejected").asLong());
    assertEquals(5187, summary.get("duplicates").asLong());
    assertEquals(summary.get("read").asLong(),
        summary.get("kept").asLong() + summary.get("rejected").asLong() + summary.get("duplicates").asLong());
    assertEquals(132220, summary.get("rejected_by_reason").get("missing_customer_id").asLong());
    assertEquals(9288, summary.get("rejected_by_reason").get("cancelled_invoice").asLong());
  }

  @Test
  public void rerunIsByteIdentical() throws Exception {
    RunOutput again = run("again");
    Map<String, byte[]> first = out.files(".");
    Map<String, byte[]> second = again.files(".");
    first.keySet().removeIf(f -> f.endsWith("run_summary.json"));
    second.keySet().removeIf(f -> f.endsWith("run_summary.json"));
    assertEquals(first.keySet(), second.keySet());
    first.forEach((file, bytes) -> assertArrayEquals(file, bytes, second.get(file)));
  }

  /**
   * The benchmark's SQL peer (bench/peers/duckdb.sql on DuckDB) does SegMart's job: the same customers
   * with every metric, score, segment and band, the same fact rows, and the same reconciliation.
   */
  @Test
  public void duckDbPeerGivesTheSameMarts() throws Exception {
    Path peer = FOLDER.getRoot().toPath().resolve("duckdb");
    DuckDbPeer.run(TestData.ALL_MONTHS, peer, 2);

    assertEquals(canonical(martRows("dim_customers")), canonical(csvRows(Files.readString(peer.resolve("dim_customers.csv")))));
    assertEquals(canonical(martRows("fct_sales")), canonical(csvRows(Files.readString(peer.resolve("fct_sales.csv")))));
    Map<String, String> summary = csvRows(Files.readString(peer.resolve("summary.csv"))).get(0);
    JsonNode ours = out.summary();
    for (String count : List.of("read", "kept", "rejected", "duplicates")) {
      assertEquals(count, ours.get(count).asText(), summary.get(count));
    }
  }

  private static List<Map<String, String>> martRows(String mart) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (byte[] file : out.files(mart).values()) {
      rows.addAll(csvRows(new String(file, StandardCharsets.UTF_8)));
    }
    return rows;
  }

  private static List<Map<String, String>> csvRows(String csv) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(csv))) {
      rows.add(new TreeMap<>(record.toMap()));
    }
    return rows;
  }

  /** Rows in one spelling: numbers without trailing zeros, times to the second; sorted. */
  private static List<String> canonical(List<Map<String, String>> rows) {
    List<String> canonical = new ArrayList<>();
    for (Map<String, String> row : rows) {
      Map<String, String> values = new TreeMap<>();
      row.forEach((column, value) -> values.put(column, value.matches("-?\\d+(\\.\\d+)?")
          ? new BigDecimal(value).stripTrailingZeros().toPlainString()
          : value.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.*") ? value.substring(0, 19) : value));
      canonical.add(values.toString());
    }
    canonical.sort(null);
    return canonical;
  }
}
