package io.segmart.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.HeadlessChromium;
import io.segmart.testing.HeadlessChromium.OpenedPage;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The report of the full Online Retail run, opened in headless Chromium at a laptop's and a phone's
 * width: every chart draws, nothing is fetched, nothing is logged as an error, nothing is wider
 * than the screen, and the figures the page shows are the marts'. Screenshots of each page at both
 * widths land in target/report-screenshots (the README's come from there).
 */
@Category(FlinkFullDataTest.class)
public class ReportInBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
  private static final List<String> PAGES = List.of("business", "customers", "operations");

  @ClassRule public static final TemporaryFolder PROFILE = new TemporaryFolder();

  private static RunOutput out;
  private static Path report;
  private static HeadlessChromium browser;

  @BeforeClass
  public static void writeTheReportAndStartABrowser() throws Exception {
    out = TestData.fullRun();
    report = RunReport.write(TestData.onlineRetailAsShipped(), out.root());
    browser = HeadlessChromium.start(PROFILE.newFolder("chromium").toPath());
  }

  @AfterClass
  public static void stopTheBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  public void laptopWidth() throws Exception {
    checkDrawnAndSelfContained(browser.open(report, 1366, false), "laptop");
  }

  @Test
  public void phoneWidth() throws Exception {
    checkDrawnAndSelfContained(browser.open(report, 390, true), "phone");
  }

  private static void checkDrawnAndSelfContained(OpenedPage page, String screen) throws Exception {
    long charts = (Long) page.script("return document.querySelectorAll('.chart').length");
    assertEquals(
        screen, Long.toString(charts), page.script("return document.body.dataset.rendered"));
    // The full run draws every chart but the history's two (it runs without one).
    assertEquals(screen, 12, charts);
    // Each chart is an SVG with its marks in it, not an empty frame.
    @SuppressWarnings("unchecked")
    List<Long> marks =
        (List<Long>)
            page.script(
                "return [...document.querySelectorAll('.chart')]"
                    + ".map(c => c.querySelectorAll('svg path, svg rect').length)");
    marks.forEach(m -> assertTrue(screen + ": a chart with " + marks + " marks", m > 10));

    assertEquals(screen, List.of(), page.requests());
    assertEquals(screen, List.of(), page.consoleErrors());
    // Nothing needs a sideways scroll, and no figure is cut off in its tile.
    assertEquals(
        screen,
        List.of(),
        page.script(
            "const wide = [];"
                + " if (document.documentElement.scrollWidth > innerWidth) wide.push('page');"
                + " document.querySelectorAll('.tile, figure, table').forEach(e => {"
                + "   const box = e.getBoundingClientRect();"
                + "   for (const inner of [e, ...e.querySelectorAll('*')]) {"
                + "     const r = inner.getBoundingClientRect();"
                + "     if (r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1)"
                + "         || (inner instanceof HTMLElement && inner.scrollWidth > inner.clientWidth + 1)) {"
                + "       wide.push(e.tagName + ' ' + inner.tagName + ': ' + inner.textContent.slice(0, 40));"
                + "       break; } } });"
                + " return wide;"));

    for (String section : PAGES) {
      Path png = SCREENSHOTS.resolve(section + "-" + screen + ".png");
      page.screenshot("#" + section, png);
      assertTrue(png + " holds a picture", Files.size(png) > 10_000);
    }
  }

  @Test
  public void theFiguresShownAreTheMarts() throws Exception {
    OpenedPage page = browser.open(report, 1366, false);
    Map<String, String> overview = out.rows("business_overview").get(0);
    Map<String, String> tiles =
        texts(page, "[data-mart='business_overview'][data-column]", "data-column");
    Map<String, String> expected = new TreeMap<>();
    for (String money : List.of("total_revenue", "aov")) {
      expected.put(money, "£" + String.format(Locale.US, "%,.2f", dec(overview.get(money))));
    }
    for (String count :
        List.of("total_orders", "total_customers", "total_products", "total_countries")) {
      expected.put(count, String.format(Locale.US, "%,d", Long.parseLong(overview.get(count))));
    }
    expected.put("days_span", overview.get("days_span"));
    expected.put(
        "weekday_revenue_share",
        dec(overview.get("weekday_revenue_share"))
                .movePointRight(2)
                .setScale(1, RoundingMode.HALF_UP)
                .toPlainString()
            + "%");
    assertEquals(expected, tiles);
    assertEquals("£8,655,124.16", tiles.get("total_revenue"));

    long inTopHalf =
        out.rows("customer_insights").stream()
            .filter(r -> r.get("in_top_half").equals("true"))
            .count();
    assertEquals(
        String.format(Locale.US, "%,d", inTopHalf),
        texts(page, "[data-column='customers_to_half']", "data-column").get("customers_to_half"));

    JsonNode summary = out.summary();
    Map<String, String> shown = texts(page, "[data-summary]", "data-summary");
    for (String figure : List.of("read", "kept", "rejected", "duplicates")) {
      assertEquals(
          figure, String.format(Locale.US, "%,d", summary.get(figure).asLong()), shown.get(figure));
    }
    summary
        .get("rows_written")
        .fields()
        .forEachRemaining(
            e ->
                assertEquals(
                    e.getKey(),
                    String.format(Locale.US, "%,d", e.getValue().asLong()),
                    shown.get("rows_written." + e.getKey())));

    Map<String, String> tests = new TreeMap<>();
    summary
        .get("data_tests")
        .fields()
        .forEachRemaining(e -> tests.put(e.getKey(), e.getValue().asText()));
    assertEquals(tests, texts(page, "table.tests tr", null));
    assertEquals(
        tests.size() + " data tests: " + tests.size() + " passed, 0 failed",
        shown.get("data_tests"));

    // The charts draw the marts' numbers: segment sizes, rejects by reason, monthly revenue.
    Map<String, Long> segments = new TreeMap<>();
    out.rows("dim_customers").forEach(c -> segments.merge(c.get("rfm_segment"), 1L, Long::sum));
    assertEquals(segments.toString(), plotted(page, "rfm_segment", "yAxis"));
    Map<String, Long> reasons = new TreeMap<>();
    summary
        .get("rejected_by_reason")
        .fields()
        .forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
    assertEquals(reasons.toString(), plotted(page, "rejects", "yAxis"));
    Map<String, BigDecimal> months = new TreeMap<>();
    out.rows("kpi_monthly")
        .forEach(
            r ->
                months.merge(
                    r.get("month").substring(0, 7), dec(r.get("revenue")), BigDecimal::add));
    Map<String, String> monthly = new TreeMap<>();
    months.forEach((m, revenue) -> monthly.put(m, revenue.stripTrailingZeros().toPlainString()));
    assertEquals(monthly.toString(), plotted(page, "monthly", "xAxis"));

    // The RF grid's cells are labelled with their customer counts, in the drawing itself.
    Map<String, Long> cells = new TreeMap<>();
    out.rows("dim_customers")
        .forEach(c -> cells.merge(c.get("rf_r_score") + c.get("rf_f_score"), 1L, Long::sum));
    assertEquals(25, cells.size());
    @SuppressWarnings("unchecked")
    List<String> unmatched =
        new ArrayList<>(
            (List<String>)
                page.script(
                    "return [...document.querySelectorAll('#rf_grid svg text')].map(t => t.textContent)"));
    for (long customers : cells.values()) {
      assertTrue(
          "RF grid cell " + customers + " among " + unmatched,
          unmatched.remove(Long.toString(customers)));
    }

    // Without a history, the migration says how to get one instead of drawing an empty chart.
    assertTrue(
        texts(page, "[data-not-produced]", "data-not-produced")
            .getOrDefault("segment_migration", "")
            .contains("--history"));
  }

  /**
   * The text of the elements {@code selector} finds, by the value of their {@code key} attribute
   * (by their first cell when null).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, String> texts(OpenedPage page, String selector, String key) {
    List<List<String>> pairs =
        (List<List<String>>)
            page.script(
                "return [...document.querySelectorAll(arguments[0])].map(e => arguments[1] === null"
                    + " ? [e.cells[0].textContent, e.cells[1].textContent]"
                    + " : [e.getAttribute(arguments[1]), e.textContent])",
                selector,
                key);
    Map<String, String> texts = new TreeMap<>();
    pairs.forEach(p -> texts.put(p.get(0), p.get(1)));
    return texts;
  }

  /** A chart's first series as ECharts holds it, by category of {@code axis}, as "{a=1, b=2}". */
  private static String plotted(OpenedPage page, String chart, String axis) {
    return (String)
        page.chartScript(
            chart,
            "const names = o[arguments[1]][0].data, values = o.series[0].data;"
                + " const keys = names.map((n, i) => [n, i]).sort((a, b) => a[0] < b[0] ? -1 : 1);"
                + " return '{' + keys.map(([n, i]) => n + '=' + values[i]).join(', ') + '}';",
            axis);
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
