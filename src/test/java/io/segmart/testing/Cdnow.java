package io.segmart.testing;

import static org.junit.Assert.assertEquals;

import io.segmart.SegmentationPipeline;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;

/** The bundled CDNOW files, their configurations, and figures computed from the files alone. */
public final class Cdnow {
  private static final Path DATA = Path.of("data/cdnow").toAbsolutePath();
  public static final String MASTER = "CDNOW_master.txt.gz";
  public static final String SAMPLE = "CDNOW_sample.txt.gz";

  private Cdnow() {}

  /** Runs pipelines/NAME.yaml on a CDNOW file with the test pipeline options. */
  public static RunOutput run(String pipeline, String file, Path output) {
    return run(config(pipeline), file, output);
  }

  public static PipelineConfig config(String pipeline) {
    return ConfigLoader.load(Path.of("pipelines/" + pipeline + ".yaml"));
  }

  public static RunOutput run(PipelineConfig config, String file, Path output) {
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(DATA.resolve(file).toString());
    options.setOutput(output.toString());
    Pipeline p = Pipeline.create(options);
    SegmentationPipeline.build(p, config, options);
    p.run().waitUntilFinish();
    return new RunOutput(output);
  }

  /**
   * A file's rows split on whitespace, without its header line: customer id first, dollar value
   * last.
   */
  public static List<String[]> rows(String file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(DATA.resolve(file)))) {
      List<String[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\r\n")) {
        rows.add(line.strip().split("\\s+"));
      }
      return file.equals(MASTER) ? rows.subList(1, rows.size()) : rows;
    }
  }

  /**
   * Every customer of {@code dim_customers} has as many orders as the file has rows of theirs, and
   * as much revenue as those rows' dollars.
   */
  public static void assertOrdersAndRevenue(
      List<String[]> rows, List<Map<String, String>> customers) {
    Map<String, Long> orders = new HashMap<>();
    Map<String, BigDecimal> dollars = new HashMap<>();
    for (String[] r : rows) {
      orders.merge(r[0], 1L, Long::sum);
      dollars.merge(r[0], new BigDecimal(r[r.length - 1]), BigDecimal::add);
    }
    for (Map<String, String> customer : customers) {
      String id = customer.get("customer_id");
      assertEquals(id, orders.get(id).longValue(), Long.parseLong(customer.get("orders")));
      assertEquals(id, 0, dollars.get(id).compareTo(new BigDecimal(customer.get("revenue"))));
    }
  }
}
