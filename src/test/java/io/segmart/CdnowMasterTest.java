package io.segmart;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.segmart.report.RunReport;
import io.segmart.testing.Cdnow;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * All of CDNOW through pipelines/cdnow.yaml (with its header line), against figures computed here
 * from the file. On embedded Flink only, like {@link CdnowTest}.
 */
@Category(FlinkFullDataTest.class)
public class CdnowMasterTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static RunOutput master;

  @BeforeClass
  public static void run() throws Exception {
    master = Cdnow.run("cdnow", Cdnow.MASTER, FOLDER.newFolder("master").toPath());
  }

  @Test
  public void theWholeCohortWithOneOrderPerPurchase() throws Exception {
    List<String[]> rows = Cdnow.rows(Cdnow.MASTER);
    assertEquals(69_659, rows.size());
    assertEquals(rows.size(), master.summary().get("read").asLong());
    assertEquals(rows.size(), master.summary().get("kept").asLong());

    List<Map<String, String>> customers = master.rows("dim_customers");
    assertEquals(23_570, customers.size());
    Cdnow.assertOrdersAndRevenue(rows, customers);
    // Customer 00002's only purchases are two rows of 12 January 1997: two orders.
    Map<String, String> second =
        customers.stream().filter(c -> c.get("customer_id").equals("00002")).findFirst().get();
    assertEquals("2", second.get("orders"));
    assertEquals("1997-01-12 00:00:00", second.get("first_order_at"));
    assertEquals("1997-01-12 00:00:00", second.get("last_order_at"));
  }

  /**
   * CDNOW's report says what the source cannot show instead of drawing it: its times are dates, its
   * product a constant, and no line is rejected. Amounts are in dollars.
   */
  @Test
  public void theReportSaysWhatCdnowCannotShow() throws Exception {
    String page =
        Files.readString(
            RunReport.write(Cdnow.config("cdnow"), master.root()), StandardCharsets.UTF_8);
    Map<String, String> notes = new TreeMap<>();
    Matcher note =
        Pattern.compile("<p class=\"note\" (data-[a-z-]+=\"[a-z_]+\")>([^<]*)</p>").matcher(page);
    while (note.find()) {
      notes.put(note.group(1), note.group(2));
    }
    assertThat(
        notes.get("data-not-produced=\"kpi_weekday_hour\""),
        containsString("dates without a time of day"));
    assertThat(
        notes.get("data-not-produced=\"product_intelligence\""),
        containsString("the product CD, a constant of the source"));
    assertThat(notes.get("data-empty=\"rejects\""), containsString("no line was rejected"));
    List<String> charts = new ArrayList<>();
    Matcher chart = Pattern.compile("<div class=\"chart\" id=\"([a-z_]+)\"").matcher(page);
    while (chart.find()) {
      charts.add(chart.group(1));
    }
    assertTrue(charts.toString(), charts.contains("weekday"));
    for (String drawnNot : List.of("weekday_hour", "product_tiers", "rejects")) {
      assertFalse(charts.toString(), charts.contains(drawnNot));
    }
    BigDecimal revenue =
        new BigDecimal(master.rows("business_overview").get(0).get("total_revenue"));
    assertThat(
        page,
        containsString(
            "data-column=\"total_revenue\">$" + String.format(Locale.US, "%,.2f", revenue) + "<"));
  }
}
