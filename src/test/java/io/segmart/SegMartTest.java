package io.segmart;

import static io.segmart.CommandLine.exit;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.segmart.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * SegMart's command line on the DirectRunner: exit 0 and _SUCCESS only after a complete run, 1 when
 * the run fails, 2 for a wrong option before anything runs.
 */
public class SegMartTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static Path input;
  private static Path pipeline;

  @BeforeClass
  public static void writeSample() throws Exception {
    List<List<String>> days = TestData.firstTwoDays(120, 80);
    input = FOLDER.newFolder("landing").toPath();
    pipeline = TestData.onlineRetailFile(FOLDER.getRoot().toPath());
    TestData.write(
        input.resolve("2010-12-01.csv"),
        TestData.HEADER + "\n" + String.join("\n", days.get(0)) + "\n");
    TestData.write(
        input.resolve("2010-12-02.csv"),
        TestData.HEADER + "\n" + String.join("\n", days.get(1)) + "\n");
  }

  private static String[] args(Path output, String... more) {
    String[] base = {
      "--runner=DirectRunner",
      "--pipeline=" + pipeline,
      "--input=" + input + "/*.csv",
      "--output=" + output
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  /** Relative path to content of every file under a folder. */
  private static Map<String, byte[]> files(Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  @Test
  public void aFailedRunExitsOneLeavesThePreviousOutputAsItWasAndItsOwnAsDiagnostics()
      throws Exception {
    Path output = FOLDER.getRoot().toPath().resolve("runs");
    Path staging = FOLDER.getRoot().toPath().resolve("runs.staging");
    Object[] complete = exit(args(output));
    assertEquals(0, complete[0]);
    // The console gets a short table, not the summary's JSON.
    String table = (String) complete[2];
    assertThat(table, containsString("  read          200\n"));
    assertThat(table, containsString("  data tests    69 passed\n"));
    assertThat(table, containsString("  output        " + output));
    assertThat(table, containsString("  report        " + output.resolve("report/index.html")));
    assertFalse(table, table.contains("{"));
    assertTrue(Files.exists(output.resolve("_SUCCESS")));
    assertTrue(Files.exists(output.resolve("run_summary.json")));
    assertTrue(Files.exists(output.resolve("dim_customers/dim_customers.csv")));
    assertFalse("a complete run leaves no staging folder", Files.exists(staging));
    Map<String, byte[]> written = files(output);

    // As of the first day, every line is on or after the reference date: a data test fails.
    Object[] failed = exit(args(output, "--asOf=2010-12-01"));
    assertEquals(1, failed[0]);
    assertThat((String) failed[1], containsString("no_line_on_or_after_as_of"));
    Path diagnostics = FOLDER.getRoot().toPath().resolve("runs.failed");
    assertThat((String) failed[1], containsString("are in " + diagnostics));
    Map<String, byte[]> after = files(output);
    assertEquals(written.keySet(), after.keySet());
    written.forEach((file, bytes) -> assertArrayEquals(file, bytes, after.get(file)));
    // The failed run's summary names the failing test, and its rejects are beside it.
    assertThat(
        Files.readString(diagnostics.resolve("run_summary.json")),
        containsString("\"no_line_on_or_after_as_of\" : \"fail: "));
    assertTrue(Files.exists(diagnostics.resolve("rejects")));
    assertFalse(Files.exists(diagnostics.resolve("_SUCCESS")));
    assertFalse(Files.exists(staging));
  }

  @Test
  public void withReportFalseTheRunWritesItsMartsAndNoReport() {
    Path output = FOLDER.getRoot().toPath().resolve("no-report");
    Object[] run = exit(args(output, "--report=false"));
    assertEquals(run[1].toString(), 0, run[0]);
    assertTrue(Files.exists(output.resolve("dim_customers/dim_customers.csv")));
    assertFalse(Files.exists(output.resolve("report")));
    assertFalse((String) run[2], ((String) run[2]).contains("  report  "));
  }

  @Test
  public void aWrongOptionExitsTwoSayingWhatToPassAndRunsNothing() {
    Path output = FOLDER.getRoot().toPath().resolve("wrong");
    Object[] badDate = exit(args(output, "--asOf=2011-02-30"));
    assertEquals(2, badDate[0]);
    assertThat(
        (String) badDate[1],
        containsString("--asOf=2011-02-30 is not a date; give it as YYYY-MM-DD"));

    Object[] noFiles =
        exit("--runner=DirectRunner", "--input=" + input + "/*.parquet", "--output=" + output);
    assertEquals(2, noFiles[0]);
    assertThat((String) noFiles[1], containsString("no input file matches"));

    Object[] badConfig =
        exit("--runner=DirectRunner", "--pipeline=pipelines/missing.yaml", "--output=" + output);
    assertEquals(2, badConfig[0]);
    assertFalse(Files.exists(output));
  }

  @Test
  public void aDatabaseThatCannotBeReachedExitsOneWithOneLine() {
    Path output = FOLDER.getRoot().toPath().resolve("no-database");
    Object[] unreachable =
        exit(
            "--runner=DirectRunner",
            "--pipeline=pipelines/online-retail-jdbc.yaml",
            "--jdbcUrl=jdbc:mariadb://127.0.0.1:1/raw_data?connectTimeout=2000",
            "--output=" + output);
    assertEquals(1, unreachable[0]);
    String error = (String) unreachable[1];
    assertThat(
        error,
        containsString(
            "segmart: the run failed: cannot connect to the database of table online_retail at"
                + " jdbc:mariadb://127.0.0.1:1/raw_data: "));
    assertEquals(error, 1, error.lines().count());
    assertFalse(Files.exists(output.resolve("_SUCCESS")));
  }
}
