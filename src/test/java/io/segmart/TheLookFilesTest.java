package io.segmart;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SourceFormat;
import io.segmart.intermediate.NearestCenter;
import io.segmart.options.SegmentationOptions;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import io.segmart.tools.GenerateTheLook;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * pipelines/thelook-files.yaml on generated order items and products of the 1,000 real theLook
 * users: the lines joined to the users table (one user left out, one given twice) and to the
 * products table, from CSV and from JSON Lines. On embedded Flink only: the DirectRunner's cost per
 * bundle (see {@link CdnowTest}) over the 884 days of orders.
 */
@Category(FlinkFullDataTest.class)
public class TheLookFilesTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static List<Map<String, String>> users;
  private static List<Map<String, String>> items;
  private static Map<String, String> productNames = new HashMap<>();
  private static String leftOut;
  private static String twice;
  private static RunOutput fromCsv;
  private static RunOutput fromJson;

  @BeforeClass
  public static void run() throws Exception {
    Path data = FOLDER.newFolder("thelook").toPath();
    GenerateTheLook.generate(Path.of("data/thelook/users.csv.gz"), data, 42);
    users = GenerateTheLook.csvRows(Files.newInputStream(Path.of("data/thelook/users.csv.gz")));
    items = GenerateTheLook.csvRows(Files.newInputStream(data.resolve("order_items.csv.gz")));
    GenerateTheLook.csvRows(Files.newInputStream(data.resolve("products.csv.gz")))
        .forEach(p -> productNames.put(p.get("id"), p.get("name")));
    // The users table as a shop might hand it over: the first buyer missing, the second twice.
    leftOut = items.get(0).get("user_id");
    twice =
        items.stream().map(i -> i.get("user_id")).filter(u -> !u.equals(leftOut)).findFirst().get();
    List<String> lines = lines(Files.newInputStream(Path.of("data/thelook/users.csv.gz")));
    List<String> table = new ArrayList<>();
    String again = null;
    for (String line : lines) {
      if (line.startsWith(leftOut + ",")) {
        continue;
      }
      if (line.startsWith(twice + ",")) {
        again = line.replaceFirst(",[^,@]+@", ",someone.else@");
      }
      table.add(line);
    }
    table.add(again);
    Path usersTable = Files.write(data.resolve("users.csv"), table);

    PipelineConfig config = ConfigLoader.load(Path.of("pipelines/thelook-files.yaml"));
    config.source.customers.input = usersTable.toString();
    config.source.products.input = data.resolve("products.csv.gz").toString();
    fromCsv = run(config, data.resolve("order_items.csv.gz"), "csv");
    config.source.format = SourceFormat.JSONL;
    fromJson = run(config, data.resolve("order_items.jsonl.gz"), "jsonl");
  }

  private static RunOutput run(PipelineConfig config, Path input, String name) throws IOException {
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(input.toString());
    Path output = FOLDER.newFolder(name).toPath();
    options.setOutput(output.toString());
    Pipeline p = Pipeline.create(options);
    SegmentationPipeline.build(p, config, options);
    p.run().waitUntilFinish();
    return new RunOutput(output);
  }

  private static List<String> lines(InputStream gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(gzip)) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  private static Map<String, String> user(String id) {
    return users.stream().filter(u -> u.get("id").equals(id)).findFirst().get();
  }

  @Test
  public void customersTakeTheirAttributesAndCountryFromTheUsersTable() throws Exception {
    NearestCenter centers =
        NearestCenter.load(
            ConfigLoader.load(Path.of("pipelines/thelook-files.yaml")).centers.input);
    List<Map<String, String>> customers = fromCsv.rows("dim_customers");
    assertTrue(customers.size() > 400);
    for (Map<String, String> c : customers) {
      String id = c.get("customer_id");
      if (id.equals(leftOut)) {
        assertEquals("", c.get("email"));
        assertEquals("", c.get("age"));
        assertEquals("", c.get("nearest_center_id"));
        continue;
      }
      Map<String, String> u = user(id);
      assertEquals(id, u.get("email"), c.get("email"));
      assertEquals(id, u.get("age"), c.get("age"));
      assertEquals(id, u.get("gender"), c.get("gender"));
      assertEquals(id, u.get("state"), c.get("state"));
      String country = u.get("country").toUpperCase(Locale.ROOT);
      assertEquals(id, country.equals("BRASIL") ? "BRAZIL" : country, c.get("primary_country"));
      NearestCenter.Nearest nearest =
          centers.of(Double.parseDouble(u.get("latitude")), Double.parseDouble(u.get("longitude")));
      assertEquals(id, String.valueOf(nearest.center().id()), c.get("nearest_center_id"));
      assertEquals(id, nearest.center().name(), c.get("nearest_center_name"));
    }
  }

  /**
   * Each customer's orders of [as_of - 365 days, as_of) with a returned item, over those orders, as
   * the generated items give them: every item counts, whatever its status.
   */
  @Test
  public void returnRatesCountEveryOrderOfTheLastYear() throws Exception {
    DateTimeFormatter created = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    int withReturns = 0;
    for (Map<String, String> c : fromCsv.rows("dim_customers")) {
      LocalDateTime end = LocalDate.parse(c.get("as_of")).atStartOfDay();
      LocalDateTime start = end.minusDays(365);
      Map<String, Boolean> returnedByOrder = new HashMap<>();
      for (Map<String, String> item : items) {
        LocalDateTime at = LocalDateTime.parse(item.get("created_at"), created);
        if (item.get("user_id").equals(c.get("customer_id"))
            && !at.isBefore(start)
            && at.isBefore(end)) {
          returnedByOrder.merge(
              item.get("order_id"),
              item.get("status").equalsIgnoreCase("returned"),
              Boolean::logicalOr);
        }
      }
      long returned = returnedByOrder.values().stream().filter(r -> r).count();
      withReturns += returned > 0 ? 1 : 0;
      String expected =
          returnedByOrder.isEmpty()
              ? ""
              : BigDecimal.valueOf(returned)
                  .divide(BigDecimal.valueOf(returnedByOrder.size()), 4, RoundingMode.HALF_UP)
                  .toPlainString();
      assertEquals(c.get("customer_id"), expected, c.get("return_rate_365d"));
    }
    assertTrue("customers with a returned order", withReturns > 20);
  }

  /** theLook's order items carry ids: two items of one product on one order are two lines. */
  @Test
  public void itemsOfOneProductOnOneOrderAreTwoLines() throws Exception {
    long repeated =
        items.size()
            - items.stream()
                .map(i -> i.get("order_id") + "/" + i.get("product_id"))
                .distinct()
                .count();
    assertTrue("the generated items hold such pairs", repeated > 0);
    JsonNode summary = fromCsv.summary();
    assertEquals(0, summary.get("duplicates").asLong());
    long sold =
        items.stream()
            .filter(i -> !List.of("Cancelled", "Returned").contains(i.get("status")))
            .count();
    assertEquals(sold, summary.get("kept").asLong());
  }

  @Test
  public void aMissingUserIsCountedAndADuplicateRowIsRejected() throws Exception {
    JsonNode summary = fromCsv.summary();
    long linesOfLeftOut = items.stream().filter(i -> i.get("user_id").equals(leftOut)).count();
    assertEquals(
        linesOfLeftOut, summary.get("lines_without_a_table_row").get("customers").asLong());
    assertEquals(0, summary.get("lines_without_a_table_row").get("products").asLong());
    // 999 users and 300 products kept; the second row of one user rejected.
    assertEquals(999 + 300, summary.get("table_rows").asLong());
    assertEquals(1, summary.get("rejected_by_reason").get("duplicate_table_key").asLong());
    assertEquals(items.size() + 1000 + 300, summary.get("read").asLong());
    List<Map<String, String>> rejects = fromCsv.rows("rejects");
    Map<String, String> duplicate =
        rejects.stream()
            .filter(r -> r.get("reason").equals("duplicate_table_key"))
            .findFirst()
            .get();
    assertEquals("users.csv", duplicate.get("source"));
    assertTrue(duplicate.get("detail").startsWith("customer id " + twice + " has a row already"));
    // The first row of the user given twice stands.
    Map<String, String> first =
        fromCsv.rows("dim_customers").stream()
            .filter(c -> c.get("customer_id").equals(twice))
            .findFirst()
            .get();
    assertEquals(user(twice).get("email"), first.get("email"));
  }

  @Test
  public void linesTakeTheirDescriptionFromTheProductsTable() throws Exception {
    for (Map<String, String> sale : fromCsv.rows("fct_sales")) {
      assertEquals(productNames.get(sale.get("product_id")), sale.get("description"));
    }
  }

  @Test
  public void jsonLinesOfTheSameItemsGiveTheSameCustomers() throws Exception {
    Map<String, byte[]> csv = fromCsv.files("dim_customers");
    Map<String, byte[]> json = fromJson.files("dim_customers");
    assertEquals(csv.keySet(), json.keySet());
    csv.forEach((file, bytes) -> assertArrayEquals(file, bytes, json.get(file)));
  }
}
