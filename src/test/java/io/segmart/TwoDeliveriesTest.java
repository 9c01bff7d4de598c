package io.segmart;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.segmart.options.SegmentationOptions;
import io.segmart.run.IncrementalRuns;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The weekly incremental run on the full Online Retail data, delivered twice: the first ten months
 * (December 2010 to September 2011) as of 2011-10-01, then the rest as of 2011-12-10. The second
 * delivery also brings September lines held back from the first (late lines, some of them parts of
 * invoices the first delivered) and September lines the first already held (copies). The second run
 * reads only its own files and the state of the first, and must give what a full run over every
 * file gives. On embedded Flink only: on the DirectRunner it took about four minutes of the build's
 * twenty, and an incremental run's steps run there in BigQueryPipelineTest on a sample.
 */
@Category(FlinkFullDataTest.class)
public class TwoDeliveriesTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static final String FIRST_AS_OF = "2011-10-01";
  private static final String SECOND_AS_OF = "2011-12-10";
  private static final String SUCCESS = "_SUCCESS";

  private static Path weekly;
  private static RunOutput first;
  private static RunOutput second;
  private static RunOutput full;

  @BeforeClass
  public static void deliverTwice() throws IOException {
    Path root = FOLDER.getRoot().toPath();
    Path delivery1 = root.resolve("delivery-1");
    Path delivery2 = root.resolve("delivery-2");
    List<String> held = new ArrayList<>();
    List<String> copies = new ArrayList<>();
    for (String month : TestData.months()) {
      List<String> lines = TestData.monthLines(month);
      if (month.compareTo("2011-10") >= 0) {
        Files.copy(
            TestData.ONLINE_RETAIL.resolve("online-retail-" + month + ".csv.gz"),
            Files.createDirectories(delivery2).resolve("online-retail-" + month + ".csv.gz"));
        continue;
      }
      List<String> kept = new ArrayList<>(List.of(lines.get(0)));
      for (int i = 1; i < lines.size(); i++) {
        boolean september = month.equals("2011-09");
        if (september && i % 5 == 0) {
          held.add(lines.get(i));
        } else {
          kept.add(lines.get(i));
          if (september && i % 7 == 0) {
            copies.add(lines.get(i));
          }
        }
      }
      TestData.writeGzip(
          delivery1.resolve("online-retail-" + month + ".csv.gz"), String.join("\n", kept) + "\n");
    }
    TestData.writeGzip(
        delivery2.resolve("late-2011-09.csv.gz"),
        TestData.HEADER + "\n" + String.join("\n", held) + "\n");
    TestData.writeGzip(
        delivery2.resolve("again-2011-09.csv.gz"),
        TestData.HEADER + "\n" + String.join("\n", copies) + "\n");

    weekly = root.resolve("weekly");
    first = runWeek(delivery1 + "/*.csv.gz", FIRST_AS_OF);
    second = runWeek(delivery2 + "/*.csv.gz", SECOND_AS_OF);
    full = TestData.fullRun();
  }

  /** An incremental run as SegMart makes it, marked complete as SegMart marks it. */
  private static RunOutput runWeek(String input, String asOf) throws IOException {
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(input);
    options.setOutput(weekly.toString());
    options.setAsOf(asOf);
    options.setIncremental(true);
    IncrementalRuns.resolve(options, SUCCESS);
    // SegMart replaces a week's folder whole, once the run is complete.
    deleteFolder(Path.of(options.getOutput()));
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, TestData.onlineRetailAsShipped(), options);
    pipeline.run().waitUntilFinish();
    Files.createFile(Path.of(options.getOutput(), SUCCESS));
    return new RunOutput(Path.of(options.getOutput()));
  }

  @Test
  public void eachRunWritesItsOwnDatedFolder() throws IOException {
    assertEquals(
        List.of("as_of=" + FIRST_AS_OF, "as_of=" + SECOND_AS_OF),
        Files.list(weekly).map(p -> p.getFileName().toString()).sorted().toList());
    assertEquals("none (first run)", first.summary().get("continues_from").asText());
    assertEquals(
        weekly.resolve("as_of=" + FIRST_AS_OF).resolve("state").toString(),
        second.summary().get("continues_from").asText());
    assertEquals(
        List.of("segment_history/segment_history-" + SECOND_AS_OF + ".csv"),
        List.copyOf(second.files("segment_history").keySet()));
  }

  @Test
  public void theSecondRunEqualsAFullRunOverEveryFile() throws IOException {
    for (String mart : List.of("dim_customers", "customer_insights", "cx_export")) {
      Map<String, byte[]> expected = full.files(mart);
      Map<String, byte[]> actual = second.files(mart);
      assertEquals(mart, expected.keySet(), actual.keySet());
      for (String file : expected.keySet()) {
        assertArrayEquals(file, expected.get(file), actual.get(file));
      }
    }
    // The last snapshot is dim_customers without its CLV scores.
    List<Map<String, String>> customers = full.rows("dim_customers");
    List<String> snapshotColumns = second.rows("segment_history").get(0).keySet().stream().toList();
    customers.forEach(row -> row.keySet().retainAll(snapshotColumns));
    assertEquals(customers, second.rows("segment_history"));
    assertTrue(second.summary().get("copies_of_earlier_deliveries").asLong() > 0);
    assertEquals(
        "pass",
        second
            .summary()
            .get("data_tests")
            .path("unique(segment_history.as_of,customer_id)")
            .asText());
  }

  /** The moves counted from the first run's snapshot to the second's, per scheme and segments. */
  @Test
  public void migrationIsCountedFromThePreviousRunsSnapshot() throws IOException {
    Map<String, String[]> before = segments(first);
    Map<String, Long> expected = new TreeMap<>();
    for (Map.Entry<String, String[]> after : segments(second).entrySet()) {
      String[] from = before.getOrDefault(after.getKey(), new String[] {"", ""});
      expected.merge("rfm " + from[0] + " > " + after.getValue()[0], 1L, Long::sum);
      expected.merge("rf_grid " + from[1] + " > " + after.getValue()[1], 1L, Long::sum);
    }
    Map<String, Long> actual = new TreeMap<>();
    for (Map<String, String> row : second.rows("segment_migration")) {
      assertEquals(FIRST_AS_OF, row.get("from_as_of"));
      assertEquals(SECOND_AS_OF, row.get("to_as_of"));
      actual.put(
          row.get("scheme") + " " + row.get("from_segment") + " > " + row.get("to_segment"),
          Long.parseLong(row.get("customers")));
    }
    assertEquals(expected, actual);
  }

  /** Running the second week again continues from the first week's state, not from its own. */
  @Test
  public void runningAWeekAgainGivesTheSameSnapshot() throws IOException {
    Map<String, byte[]> before = second.files("segment_history");
    RunOutput again =
        runWeek(FOLDER.getRoot().toPath().resolve("delivery-2") + "/*.csv.gz", SECOND_AS_OF);
    Map<String, byte[]> after = again.files("segment_history");
    assertEquals(before.keySet(), after.keySet());
    for (String file : before.keySet()) {
      assertArrayEquals(file, before.get(file), after.get(file));
    }
  }

  private static void deleteFolder(Path folder) throws IOException {
    if (Files.exists(folder)) {
      try (var paths = Files.walk(folder)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** Customer id to its (rfm, rf grid) segments in a run's snapshot. */
  private static Map<String, String[]> segments(RunOutput run) throws IOException {
    Map<String, String[]> segments = new TreeMap<>();
    for (Map<String, String> row : run.rows("segment_history")) {
      segments.put(
          row.get("customer_id"), new String[] {row.get("rfm_segment"), row.get("rf_segment")});
    }
    return segments;
  }
}
