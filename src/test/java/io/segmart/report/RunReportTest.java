package io.segmart.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.CommandLine;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The report of a real run (two days of Online Retail through the segmart command): one file with
 * nothing to fetch, whose figures are the marts' and the run summary's, formatted for people.
 */
public class RunReportTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static RunOutput out;
  private static String page;

  @BeforeClass
  public static void runWithAReport() throws Exception {
    List<List<String>> days = TestData.firstTwoDays(120, 80);
    Path input = FOLDER.newFolder("landing").toPath();
    for (int i = 0; i < 2; i++) {
      TestData.write(
          input.resolve("2010-12-0" + (i + 1) + ".csv"),
          TestData.HEADER + "\n" + String.join("\n", days.get(i)) + "\n");
    }
    Path output = FOLDER.getRoot().toPath().resolve("out");
    Object[] run =
        CommandLine.exit(
            "--runner=DirectRunner",
            "--pipeline=" + TestData.onlineRetailFile(FOLDER.getRoot().toPath()),
            "--input=" + input + "/*.csv",
            "--output=" + output);
    assertEquals(run[1].toString(), 0, run[0]);
    out = new RunOutput(output);
    page = Files.readString(output.resolve(RunReport.FILE), StandardCharsets.UTF_8);
  }

  /** The values of the page's elements that name a mart and a column, by column. */
  private static Map<String, String> shown(String mart) {
    Map<String, String> values = new HashMap<>();
    Matcher m =
        Pattern.compile("data-mart=\"" + mart + "\" data-column=\"([a-z_0-9]+)\">([^<]*)<")
            .matcher(page);
    while (m.find()) {
      values.put(m.group(1), m.group(2));
    }
    return values;
  }

  @Test
  public void theTilesShowTheBusinessOverviewFormattedInPounds() throws Exception {
    Map<String, String> overview = out.rows("business_overview").get(0);
    Map<String, String> tiles = shown("business_overview");
    assertEquals(
        "£" + String.format(Locale.US, "%,.2f", new BigDecimal(overview.get("total_revenue"))),
        tiles.get("total_revenue"));
    assertEquals(
        String.format(Locale.US, "%,d", Long.parseLong(overview.get("total_orders"))),
        tiles.get("total_orders"));
    assertEquals(overview.get("total_customers"), tiles.get("total_customers").replace(",", ""));
    assertEquals(
        "£" + String.format(Locale.US, "%,.2f", new BigDecimal(overview.get("aov"))),
        tiles.get("aov"));
    assertEquals(8, tiles.size());
  }

  @Test
  public void theSummaryAndEveryDataTestAreOnThePage() throws Exception {
    JsonNode summary = out.summary();
    for (String figure : List.of("read", "kept", "rejected", "duplicates")) {
      Matcher m = Pattern.compile("data-summary=\"" + figure + "\">([^<]*)<").matcher(page);
      assertTrue(figure, m.find());
      assertEquals(figure, summary.get(figure).asText(), m.group(1).replace(",", ""));
    }
    List<String> tests = new ArrayList<>();
    summary.get("data_tests").fieldNames().forEachRemaining(tests::add);
    assertTrue(tests.size() > 20);
    for (String test : tests) {
      String row =
          "<td>"
              + test.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
              + "</td><td>pass</td>";
      assertTrue(test, page.contains(row));
    }
  }

  @Test
  public void thePageFetchesNothing() {
    // Outside the inline scripts, every link is an anchor on the page and no element loads a
    // source; the library is inline.
    String markup = page.replaceAll("(?s)<script[^>]*>.*?</script>", "");
    Matcher references = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*\"([^\"]*)\"").matcher(markup);
    while (references.find()) {
      assertTrue(
          references.group(),
          references.group(1).equalsIgnoreCase("href") && references.group(2).startsWith("#"));
    }
    assertTrue(markup.contains("href=\"#customers\""));
    assertFalse(markup.contains("@import"));
    assertFalse(markup.contains("url("));
    assertTrue("ECharts is inline", page.contains("echarts.init"));
    assertTrue(page.length() > 1_000_000);
  }
}
