package io.segmart;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.segmart.config.PipelineConfig;
import io.segmart.testing.Cdnow;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.RunOutput;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * pipelines/cdnow-sample.yaml on the first ten days of CDNOW's 1/10 sample (1-10 January 1997, the
 * rows as the file holds them, CRLF line ends kept), on both runners: the whole sample runs on
 * embedded Flink ({@link CdnowTest}); on the DirectRunner, whose cost grows with the days of daily
 * marts (45 s for January, 32 s for these 226 rows), ten days of real rows keep the build lean.
 */
@Category(PipelineTest.class)
public class CdnowFirstDaysTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  @Test
  public void everyPurchaseOfTheFirstDaysIsAnOrderOfItsOwn() throws Exception {
    String text;
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(Path.of("data/cdnow", Cdnow.SAMPLE)))) {
      text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    StringBuilder firstDays = new StringBuilder();
    List<String[]> rows = new ArrayList<>();
    for (String line : text.split("(?<=\r\n)")) {
      String[] row = line.strip().split("\\s+");
      if (row[2].compareTo("19970111") < 0) {
        firstDays.append(line);
        rows.add(row);
      }
    }
    Path input = FOLDER.getRoot().toPath().resolve("data/first-days.txt.gz");
    Files.createDirectories(input.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(input))) {
      out.write(firstDays.toString().getBytes(StandardCharsets.US_ASCII));
    }
    RunOutput out =
        Cdnow.run(withoutClv(), input.toString(), FOLDER.newFolder("first-days").toPath());

    assertTrue("the first days' rows", rows.size() > 200);
    assertEquals(rows.size(), out.summary().get("read").asLong());
    assertEquals(rows.size(), out.summary().get("kept").asLong());
    assertEquals(0, out.summary().get("duplicates").asLong());
    List<Map<String, String>> customers = out.rows("dim_customers");
    assertEquals(rows.stream().map(r -> r[0]).distinct().count(), customers.size());
    Cdnow.assertOrdersAndRevenue(rows, customers);
    assertEquals("1997-01-11", out.summary().get("as_of").asText());
  }

  /**
   * The sample's configuration without its CLV models: ten days of a 39-week calibration hold too
   * few repeat purchases to fit BG/NBD, and the run would stop there, as it should.
   */
  private static PipelineConfig withoutClv() {
    PipelineConfig config = Cdnow.config("cdnow-sample");
    config.clv = null;
    return config;
  }
}
