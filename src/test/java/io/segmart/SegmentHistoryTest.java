package io.segmart;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import io.segmart.report.RunReport;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.HeadlessChromium;
import io.segmart.testing.HeadlessChromium.OpenedPage;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/** Weekly segment history on the full bundled Online Retail data (on embedded Flink). */
@Category(FlinkFullDataTest.class)
public class SegmentHistoryTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static final Pattern INVOICE_DATE = Pattern.compile(",(\\d{4}-\\d{2}-\\d{2}) \\d{2}:");

  private static RunOutput out;
  private static List<LocalDate> snapshots;

  @BeforeClass
  public static void runWithHistory() throws IOException {
    PipelineConfig config = TestData.onlineRetail();
    config.history.enabled = true;
    out = run(config, TestData.ALL_MONTHS, null, FOLDER.getRoot().toPath().resolve("history"));
    snapshots =
        out.files("segment_history").keySet().stream()
            .map(f -> LocalDate.parse(f.replaceAll(".*segment_history-(.*)\\.csv", "$1")))
            .sorted()
            .toList();
  }

  private static RunOutput run(PipelineConfig config, String input, String asOf, Path output) {
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(input);
    options.setOutput(output.toString());
    options.setAsOf(asOf);
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, config, options);
    pipeline.run().waitUntilFinish();
    return new RunOutput(output);
  }

  private static byte[] snapshot(RunOutput run, LocalDate date) throws IOException {
    String file = "segment_history/segment_history-" + date + ".csv";
    return run.files("segment_history").get(file);
  }

  @Test
  public void weeklySnapshotsFromTheFirstToTheLastWeekOfTheData() {
    // The data runs from 2010-12-01 to 2011-12-09: the last snapshot is the reference date.
    assertEquals(LocalDate.parse("2011-12-10"), snapshots.get(snapshots.size() - 1));
    assertEquals(LocalDate.parse("2010-12-04"), snapshots.get(0));
    for (int i = 1; i < snapshots.size(); i++) {
      assertEquals(snapshots.get(i - 1).plusDays(7), snapshots.get(i));
    }
    assertEquals(54, snapshots.size());
  }

  @Test
  public void theLastSnapshotIsDimCustomers() throws IOException {
    byte[] dim = out.files("dim_customers").get("dim_customers/dim_customers.csv");
    assertArrayEquals(dim, snapshot(out, snapshots.get(snapshots.size() - 1)));
  }

  /**
   * A snapshot dated D equals dim_customers of a separate run with --asOf=D over the lines before
   * D, for snapshots early, in the middle and late in the year.
   */
  @Test
  public void eachSnapshotEqualsARunOverTheLinesBeforeIt() throws IOException {
    for (int index : new int[] {8, 26, 44}) {
      LocalDate date = snapshots.get(index);
      Path input = FOLDER.getRoot().toPath().resolve("before-" + date);
      for (String month : TestData.months()) {
        List<String> lines = TestData.monthLines(month);
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
          Matcher invoiceDate = INVOICE_DATE.matcher(line);
          if (invoiceDate.find() && LocalDate.parse(invoiceDate.group(1)).isBefore(date)) {
            kept.add(line);
          }
        }
        if (kept.size() > 1) {
          TestData.writeGzip(
              input.resolve("online-retail-" + month + ".csv.gz"), String.join("\n", kept) + "\n");
        }
      }
      RunOutput before =
          run(
              TestData.onlineRetail(),
              input + "/*.csv.gz",
              date.toString(),
              FOLDER.getRoot().toPath().resolve("as-of-" + date));
      assertArrayEquals(
          "snapshot " + date,
          before.files("dim_customers").get("dim_customers/dim_customers.csv"),
          snapshot(out, date));
    }
  }

  /** Per pair of snapshots and scheme, the moves add up to the customers of the later snapshot. */
  @Test
  public void migrationsAddUpToTheLaterSnapshot() throws IOException {
    Map<String, Long> customers =
        out.rows("segment_history").stream()
            .collect(
                Collectors.groupingBy(r -> r.get("as_of"), TreeMap::new, Collectors.counting()));
    Map<String, Long> moved = new TreeMap<>();
    Map<String, Long> entered = new TreeMap<>();
    for (Map<String, String> row : out.rows("segment_migration")) {
      String key = row.get("to_as_of") + " " + row.get("scheme");
      long n = Long.parseLong(row.get("customers"));
      moved.merge(key, n, Long::sum);
      if (row.get("from_segment").isEmpty()) {
        entered.merge(key, n, Long::sum);
      }
    }
    assertEquals(2 * (snapshots.size() - 1), moved.size());
    for (LocalDate date : snapshots.subList(1, snapshots.size())) {
      long previous = customers.get(date.minusDays(7).toString());
      for (String scheme : List.of("rfm", "rf_grid")) {
        String key = date + " " + scheme;
        assertEquals(key, customers.get(date.toString()), moved.get(key));
        assertEquals(
            key, customers.get(date.toString()) - previous, (long) entered.getOrDefault(key, 0L));
      }
    }
  }

  @Test
  public void theHistoryMartsDataTestsPass() throws IOException {
    var tests = out.summary().get("data_tests");
    for (String test :
        List.of(
            "unique(segment_history.as_of,customer_id)",
            "accepted_values(segment_history.rfm_segment)",
            "accepted_values(segment_migration.to_segment)",
            "between(segment_migration.customers,1,2147483647)")) {
      assertEquals(test, "pass", tests.path(test).asText());
    }
  }

  /**
   * With a history, the report draws the RFM migration into the last snapshot, cell by cell as the
   * mart counts it, and the segment sizes of every snapshot; in Chromium, with no error and no
   * request.
   */
  @Test
  public void theReportDrawsTheMigrationAndTheSizesPerSnapshot() throws Exception {
    Path report = RunReport.write(TestData.onlineRetail(), out.root());
    Map<String, Long> moves = new TreeMap<>();
    String last = snapshots.get(snapshots.size() - 1).toString();
    for (Map<String, String> row : out.rows("segment_migration")) {
      if (row.get("to_as_of").equals(last) && row.get("scheme").equals("rfm")) {
        String from = row.get("from_segment").isEmpty() ? "(new)" : row.get("from_segment");
        moves.merge(
            from + " > " + row.get("to_segment"), Long.parseLong(row.get("customers")), Long::sum);
      }
    }
    moves.values().removeIf(n -> n == 0);
    try (HeadlessChromium browser = HeadlessChromium.start(FOLDER.newFolder("chromium").toPath())) {
      OpenedPage page = browser.open(report, 1366, false);
      assertEquals(List.of(), page.consoleErrors());
      assertEquals(List.of(), page.requests());
      assertEquals(
          page.script("return String(document.querySelectorAll('.chart').length)"),
          page.script("return document.body.dataset.rendered"));
      @SuppressWarnings("unchecked")
      List<String> drawn =
          (List<String>)
              page.chartScript(
                  "migration",
                  "return o.series[0].data.map(([x, y, n]) =>"
                      + " o.yAxis[0].data[y] + ' > ' + o.xAxis[0].data[x] + ' = ' + n);");
      List<String> expected = new ArrayList<>();
      moves.forEach((move, n) -> expected.add(move + " = " + n));
      assertEquals(expected, drawn.stream().sorted().toList());
      assertEquals(
          (long) snapshots.size(),
          page.chartScript("segments_over_time", "return o.xAxis[0].data.length"));
    }
  }
}
