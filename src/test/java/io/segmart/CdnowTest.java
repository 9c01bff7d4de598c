package io.segmart;

import static org.junit.Assert.assertEquals;

import io.segmart.testing.Cdnow;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    out.rows("clv_model").forEach(row -> clv.put(row.get("parameter"), row));
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
  }

  private static String rounded(Map<String, Map<String, String>> clv, String parameter, int scale) {
    return new BigDecimal(clv.get(parameter).get("estimate"))
        .setScale(scale, RoundingMode.HALF_UP)
        .toPlainString();
  }
}
