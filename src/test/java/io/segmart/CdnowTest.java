package io.segmart;

import static org.junit.Assert.assertEquals;

import io.segmart.testing.Cdnow;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
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
  }
}
