package io.segmart;

import static org.junit.Assert.assertEquals;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import io.segmart.testing.ClusterChecks;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.RunOutput;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * pipelines/marketplace.yaml on the bundled marketplace transactions, on both runners: rupiah
 * prices, "Rpnan" amounts kept and flagged, buyers by name, and the K-means clusters of the seed's
 * notebook.
 */
@Category(PipelineTest.class)
public class MarketplaceTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();
  private static final Path FILE = Path.of("data/marketplace/transaction_product.csv.gz");

  private static RunOutput out;
  private static List<CSVRecord> transactions;

  @BeforeClass
  public static void run() throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(FILE))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      transactions =
          CSVFormat.DEFAULT
              .builder()
              .setHeader()
              .build()
              .parse(new StringReader(text))
              .getRecords();
    }
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(FILE.toAbsolutePath().toString());
    Path output = FOLDER.newFolder("marketplace").toPath();
    options.setOutput(output.toString());
    Pipeline p = Pipeline.create(options);
    SegmentationPipeline.build(p, config(), options);
    p.run().waitUntilFinish();
    out = new RunOutput(output);
  }

  private static PipelineConfig config() {
    return ConfigLoader.load(Path.of("pipelines/marketplace.yaml"));
  }

  @Test
  public void unknownAmountsAreOrdersWithoutSpendAndAreCounted() throws Exception {
    long unknown = transactions.stream().filter(t -> t.get("total_price").equals("Rpnan")).count();
    assertEquals(17, unknown);
    assertEquals(460, out.summary().get("read").asLong());
    assertEquals(460, out.summary().get("kept").asLong());
    assertEquals(0, out.summary().get("rejected").asLong());
    assertEquals(unknown, out.summary().get("unknown_amounts").asLong());
    List<Map<String, String>> sales = out.rows("fct_sales");
    List<Map<String, String>> flagged =
        sales.stream().filter(s -> s.get("amount_known").equals("false")).toList();
    assertEquals(unknown, flagged.size());
    flagged.forEach(s -> assertEquals(0, new BigDecimal(s.get("line_total")).signum()));

    // Per buyer (by name, upper-cased): every transaction an order, spend the known prices.
    Map<String, Long> orders = new HashMap<>();
    Map<String, BigDecimal> spend = new HashMap<>();
    for (CSVRecord t : transactions) {
      String buyer = t.get("buyer_name").trim().toUpperCase(Locale.ROOT);
      orders.merge(buyer, 1L, Long::sum);
      String price = t.get("total_price").substring("Rp".length()).replace(",", "");
      spend.merge(
          buyer, price.equals("nan") ? BigDecimal.ZERO : new BigDecimal(price), BigDecimal::add);
    }
    List<Map<String, String>> customers = out.rows("dim_customers");
    assertEquals(55, customers.size());
    for (Map<String, String> c : customers) {
      String buyer = c.get("customer_id");
      assertEquals(buyer, orders.get(buyer).toString(), c.get("orders"));
      assertEquals(buyer, 0, spend.get(buyer).compareTo(new BigDecimal(c.get("revenue"))));
    }
    assertEquals("2024-03-09", out.summary().get("as_of").asText());
  }

  @Test
  public void clustersAreTheSeedsThreeGroupsFittedOnEveryBuyer() throws Exception {
    // The same on both runners and in every run.
    assertEquals(
        Map.of("churned", 7L, "loyal", 21L, "new", 27L),
        ClusterChecks.assertFittedOnEveryCustomer(out, config().clusters));
  }
}
