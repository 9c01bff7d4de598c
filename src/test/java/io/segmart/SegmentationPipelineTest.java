package io.segmart;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.marts.Mart;
import io.segmart.marts.Marts;
import io.segmart.options.SegmentationOptions;
import io.segmart.run.LineAccounting;
import io.segmart.run.RunSummary;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The whole pipeline on a sample of real Online Retail lines (the first lines of 1 and 2 December
 * 2010, dirty ones included), read from daily files the way a landing folder holds them.
 */
@Category(PipelineTest.class)
public class SegmentationPipelineTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static Path input;
  private static Path tinyInput;

  @BeforeClass
  public static void writeSample() throws Exception {
    List<List<String>> days = TestData.firstTwoDays(399, 300);
    List<String> day1 = days.get(0);
    List<String> day2 = days.get(1);
    day2.add(day2.get(0)); // an exact duplicate
    input = FOLDER.newFolder("landing").toPath();
    TestData.write(
        input.resolve("2010-12-01.csv"), TestData.HEADER + "\n" + String.join("\n", day1) + "\n");
    TestData.writeGzip(
        input.resolve("2010-12-02.csv.gz"),
        TestData.HEADER + "\n" + String.join("\n", day2) + "\n536999,85123A,\"WHITE HANGING HEART");
    TestData.write(input.resolve("2010-12-03.csv"), "");
    tinyInput = FOLDER.newFolder("tiny").toPath();
    TestData.write(
        tinyInput.resolve("2010-12-01.csv"),
        TestData.HEADER + "\n" + String.join("\n", day1.subList(0, 20)) + "\n");
  }

  private static org.apache.beam.sdk.PipelineResult lastResult;

  private static RunOutput run(String name, String asOf) throws Exception {
    return run(name, input, asOf);
  }

  private static RunOutput run(String name, Path folder, String asOf) throws Exception {
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(folder + "/*");
    Path output = FOLDER.getRoot().toPath().resolve(name);
    options.setOutput(output.toString());
    options.setAsOf(asOf);
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, TestData.onlineRetail(), options);
    lastResult = pipeline.run();
    lastResult.waitUntilFinish();
    return new RunOutput(output);
  }

  @Test
  public void everyLineIsAccountedForAndEveryMartIsWritten() throws Exception {
    RunOutput out = run("first", null);
    JsonNode summary = out.summary();
    assertEquals(
        701, summary.get("read").asLong()); // 699 lines, a duplicate and a truncated last line
    // Kept and rejected as counted from the files written, not from the summary's own figures.
    assertEquals(summary.get("kept").asLong(), out.rows("fct_sales").size());
    assertEquals(summary.get("rejected").asLong(), out.rows("rejects").size());
    assertEquals(1, summary.get("duplicates").asLong()); // the line added twice
    assertEquals(1, summary.get("rejected_by_reason").get("malformed_record").asLong());
    assertEquals(1, summary.get("empty_files").asLong());
    assertEquals("2010-12-03", summary.get("as_of").asText());
    for (String figure : List.of("read", "kept", "duplicates")) {
      assertEquals("counter summary/" + figure, summary.get(figure).asLong(), counter(figure));
    }

    // Every declared mart is written, counted and tested; nothing else is.
    List<Mart> marts = Marts.of(TestData.onlineRetail());
    Set<String> tests =
        new TreeSet<>(
            Set.of(
                "no_line_on_or_after_as_of",
                "reconcile(read = kept + table_rows + rejected + duplicates)",
                LineAccounting.TEST));
    Marts.tests(marts).forEach(t -> tests.add(t.name));
    Set<String> reported = new TreeSet<>();
    summary.get("data_tests").fieldNames().forEachRemaining(reported::add);
    assertEquals(tests, reported);
    Set<String> counted = new TreeSet<>();
    summary.get("rows_written").fieldNames().forEachRemaining(counted::add);
    assertEquals(new TreeSet<>(Marts.names(marts)), counted);
    try (Stream<Path> folders = Files.list(FOLDER.getRoot().toPath().resolve("first"))) {
      assertEquals(
          new TreeSet<>(Marts.names(marts)),
          // Beam's file write leaves its emptied temporary folder, hidden, beside the marts.
          folders
              .filter(f -> Files.isDirectory(f) && !f.getFileName().toString().startsWith("."))
              .map(f -> f.getFileName().toString())
              .collect(Collectors.toCollection(TreeSet::new)));
    }
    for (Mart mart : marts) {
      assertFalse(mart.name(), out.lines(mart.name()).isEmpty());
      assertEquals(
          mart.name() + " rows",
          summary.get("rows_written").get(mart.name()).asLong(),
          out.rows(mart.name()).size());
    }
    assertEquals(
        "customer_id,first_order_at,last_order_at,recency_days,orders,revenue,aov,items,lifespan_days,"
            + "primary_country,revenue_365d,r_score,f_score,m_score,rfm_score,rfm_segment,rfm_value_group,rfm_action,"
            + "rf_r_score,rf_f_score,rf_segment,profit_level,activity_bucket,order_value_bucket,frequency_bucket,"
            + "value_bucket,cluster,as_of",
        out.lines("dim_customers").get(0));
    assertEquals(
        List.of("fct_sales/fct_sales-2010-12-01.csv", "fct_sales/fct_sales-2010-12-02.csv"),
        new ArrayList<>(out.files("fct_sales").keySet()));

    List<Map<String, String>> cx = out.rows("cx_export");
    for (int i = 1; i < cx.size(); i++) {
      assertTrue(
          "cx_export is sorted by priority",
          Integer.parseInt(cx.get(i - 1).get("priority"))
              <= Integer.parseInt(cx.get(i).get("priority")));
    }
    assertThat(cx.size(), greaterThan(10));
    assertTrue(
        Files.exists(
            FOLDER
                .getRoot()
                .toPath()
                .resolve("first/rejects/rejects-malformed_record-2010-12-02.csv")));
  }

  private static long counter(String name) {
    org.apache.beam.sdk.metrics.MetricQueryResults metrics =
        lastResult
            .metrics()
            .queryMetrics(
                org.apache.beam.sdk.metrics.MetricsFilter.builder()
                    .addNameFilter(
                        org.apache.beam.sdk.metrics.MetricNameFilter.named(
                            RunSummary.COUNTER_NAMESPACE, name))
                    .build());
    long total = 0;
    for (org.apache.beam.sdk.metrics.MetricResult<Long> c : metrics.getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  @Test
  public void rerunsWriteByteIdenticalMarts() throws Exception {
    Map<String, byte[]> first = run("rerun-a", null).files(".");
    Map<String, byte[]> second = run("rerun-b", null).files(".");
    first.keySet().removeIf(f -> f.endsWith("run_summary.json"));
    second.keySet().removeIf(f -> f.endsWith("run_summary.json"));
    assertEquals(first.keySet(), second.keySet());
    first.forEach((file, bytes) -> assertArrayEquals(file, bytes, second.get(file)));
  }

  @Test
  public void aFailingDataTestFailsTheRunNamingItAndWritesNoMart() {
    // As of 2010-12-01, every line of the first day is on or after the reference date.
    Exception error =
        assertThrows(Exception.class, () -> run("as-of-too-early", tinyInput, "2010-12-01"));
    assertThat(SegMart.describe(error), containsString("no_line_on_or_after_as_of"));
    assertFalse(
        Files.exists(
            FOLDER.getRoot().toPath().resolve("as-of-too-early/dim_customers/dim_customers.csv")));
  }
}
