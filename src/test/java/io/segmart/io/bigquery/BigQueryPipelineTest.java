package io.segmart.io.bigquery;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.bigquery.model.Job;
import com.google.api.services.bigquery.model.JobConfigurationLoad;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.cloud.bigquery.storage.v1.CreateReadSessionRequest;
import io.segmart.SegmentationPipeline;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.marts.CxExport;
import io.segmart.marts.Mart;
import io.segmart.marts.Marts;
import io.segmart.options.SegmentationOptions;
import io.segmart.options.SegmentationOptions.ReadMethod;
import io.segmart.options.SegmentationOptions.WriteMethod;
import io.segmart.run.IncrementalRuns;
import io.segmart.testing.FakeStorageReads;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.RawInvoicesTable;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import io.segmart.testing.TestOptions;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The BigQuery path against the file path on the same real Online Retail lines, with the real
 * BigQueryIO transforms on Beam's fake BigQuery services: a raw invoices table read with the
 * Storage Read API or an export job, every mart written with load jobs or the Storage Write API.
 */
@Category(PipelineTest.class)
public class BigQueryPipelineTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static final String PROJECT = "segmart-test";
  private static final List<String> MAPPED_COLUMNS =
      List.of(
          "InvoiceNo",
          "InvoiceDate",
          "CustomerID",
          "StockCode",
          "Description",
          "Quantity",
          "UnitPrice",
          "Country");

  private static List<String> lines;
  private static RunOutput fileRun;

  @BeforeClass
  public static void runFilePath() throws Exception {
    FakeDatasetService.setUp();
    List<List<String>> days = TestData.firstTwoDays(250, 150);
    lines = new ArrayList<>(List.of(TestData.HEADER));
    lines.addAll(days.get(0));
    lines.addAll(days.get(1));
    lines.add(days.get(1).get(0)); // an exact duplicate
    Path input =
        TestData.write(
            FOLDER.getRoot().toPath().resolve("landing/sample.csv"),
            String.join("\n", lines) + "\n");
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(input.toString());
    options.setOutput(FOLDER.getRoot().toPath().resolve("files").toString());
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, TestData.onlineRetail(), options);
    pipeline.run().waitUntilFinish();
    fileRun = new RunOutput(Path.of(options.getOutput()));
  }

  @Test
  public void typedTableReadWithTheStorageReadApiAndLoadedGivesTheFileMarts() throws Exception {
    String table = RawInvoicesTable.create(PROJECT, "raw_typed", "online_retail", lines, true);
    RunOutput out =
        runBigQuery(
            "typed",
            table,
            ReadMethod.DIRECT_READ,
            WriteMethod.FILE_LOADS,
            BigQueryIO.Write.WriteDisposition.WRITE_TRUNCATE,
            null);

    assertSameMarts("typed", out);
    CreateReadSessionRequest session = lastSessionOf("raw_typed");
    assertThat(
        session.getReadSession().getReadOptions().getSelectedFieldsList(),
        containsInAnyOrder(MAPPED_COLUMNS.toArray()));
    assertEquals("", session.getReadSession().getReadOptions().getRowRestriction());
  }

  @Test
  public void stringTableReadWithAnExportAndWrittenWithTheStorageWriteApiGivesTheFileMarts()
      throws Exception {
    String table = RawInvoicesTable.create(PROJECT, "raw_strings", "online_retail", lines, false);
    RunOutput out =
        runBigQuery(
            "strings",
            table,
            ReadMethod.EXPORT,
            WriteMethod.STORAGE_WRITE_API,
            BigQueryIO.Write.WriteDisposition.WRITE_APPEND,
            null);

    assertSameMarts("strings", out);
  }

  @Test
  public void martTablesCarryDescribedSchemasPartitioningAndClustering() throws Exception {
    String table = RawInvoicesTable.create(PROJECT, "raw_layout", "online_retail", lines, true);
    runBigQuery(
        "layout",
        table,
        ReadMethod.DIRECT_READ,
        WriteMethod.FILE_LOADS,
        BigQueryIO.Write.WriteDisposition.WRITE_TRUNCATE,
        null);

    for (Mart declared : Marts.of(bigQueryConfig())) {
      String mart = declared.name();
      Table written = new FakeDatasetService().getTable(reference("marts_layout", mart));
      if (mart.equals(CxExport.NAME)) {
        assertEquals("cx_export goes to files only", null, written);
        continue;
      }
      for (TableFieldSchema field : written.getSchema().getFields()) {
        assertFalse(
            mart + "." + field.getName() + " has a description",
            field.getDescription() == null || field.getDescription().isBlank());
      }
      assertEquals(mart, MartTables.partitioning(declared), written.getTimePartitioning());
      assertEquals(mart, MartTables.clustering(declared), written.getClustering());
    }
    Table dim = new FakeDatasetService().getTable(reference("marts_layout", "dim_customers"));
    assertEquals(List.of("rfm_segment", "customer_id"), dim.getClustering().getFields());
    assertEquals("as_of", dim.getTimePartitioning().getField());
    Table fct = new FakeDatasetService().getTable(reference("marts_layout", "fct_sales"));
    assertEquals("invoice_date", fct.getTimePartitioning().getField());
    assertEquals("DAY", fct.getTimePartitioning().getType());
    assertEquals(List.of("customer_id", "product_id"), fct.getClustering().getFields());
    assertEquals("NUMERIC", field(fct, "line_total").getType());
    assertEquals("TIMESTAMP", field(fct, "invoice_ts").getType());
    assertEquals("DATE", field(fct, "invoice_date").getType());

    // Snapshot marts load into the partition of their reference date (the day after the newest
    // line, 2010-12-03) with WRITE_TRUNCATE: a rerun replaces that partition and no other.
    Map<String, JobConfigurationLoad> loads = new java.util.TreeMap<>();
    for (Job job : new FakeJobService().getAllJobs()) {
      JobConfigurationLoad load = job.getConfiguration().getLoad();
      if (load != null && load.getDestinationTable().getDatasetId().equals("marts_layout")) {
        loads.put(load.getDestinationTable().getTableId(), load);
      }
    }
    assertThat(
        loads.keySet(),
        containsInAnyOrder(
            "dim_customers$20101203",
            "business_overview$20101203",
            "fct_sales",
            "kpi_daily",
            "kpi_monthly",
            "customer_insights",
            "product_intelligence",
            "rejects",
            "clusters$20101203",
            "kpi_weekday_hour$20101203"));
    loads.values().forEach(load -> assertEquals("WRITE_TRUNCATE", load.getWriteDisposition()));
  }

  /**
   * Weekly incremental runs load their own snapshot only: the second week's load jobs go to the
   * partitions of its date, the customer tables it replaces and its rejects; no mart built from
   * every line is loaded, and no partition of the first week is written again.
   */
  @Test
  public void incrementalRunsLoadTheirOwnSnapshotPartitions() throws Exception {
    // One delivery per day: the fake Storage Read API does not apply row restrictions.
    List<List<String>> days = TestData.firstTwoDays(250, 150);
    List<String> first = new ArrayList<>(List.of(TestData.HEADER));
    first.addAll(days.get(0));
    List<String> second = new ArrayList<>(List.of(TestData.HEADER));
    second.addAll(days.get(1));
    Set<String> firstWeek =
        runWeek(
            RawInvoicesTable.create(PROJECT, "raw_week1", "online_retail", first, true),
            "2010-12-02");
    Set<String> secondWeek =
        runWeek(
            RawInvoicesTable.create(PROJECT, "raw_week2", "online_retail", second, true),
            "2010-12-03");
    assertThat(
        firstWeek,
        containsInAnyOrder(
            "dim_customers$20101202",
            "segment_history$20101202",
            "customer_insights",
            "rejects",
            "clusters$20101202"));
    assertEquals(
        Set.of(
            "dim_customers$20101203",
            "segment_history$20101203",
            "segment_migration$20101203",
            "customer_insights",
            "rejects",
            "clusters$20101203"),
        secondWeek);
  }

  /** An incremental run over {@code table} as of {@code asOf}; the tables its load jobs wrote. */
  private static Set<String> runWeek(String table, String asOf) throws Exception {
    Set<String> before = loadJobs("marts_weekly").keySet();
    SegmentationOptions options =
        bigQueryOptions(
            "weekly",
            table,
            ReadMethod.DIRECT_READ,
            WriteMethod.FILE_LOADS,
            BigQueryIO.Write.WriteDisposition.WRITE_TRUNCATE);
    options.setAsOf(asOf);
    options.setIncremental(true);
    IncrementalRuns.resolve(options, "_SUCCESS");
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, bigQueryConfig(), options, services());
    pipeline.run().waitUntilFinish();
    Files.createFile(Path.of(options.getOutput(), "_SUCCESS"));
    Map<String, String> after = loadJobs("marts_weekly");
    after.keySet().removeAll(before);
    return new HashSet<>(after.values());
  }

  /** The load jobs into {@code dataset} so far: job id to destination table. */
  private static Map<String, String> loadJobs(String dataset) throws Exception {
    Map<String, String> jobs = new java.util.TreeMap<>();
    for (Job job : new FakeJobService().getAllJobs()) {
      JobConfigurationLoad load = job.getConfiguration().getLoad();
      if (load != null && load.getDestinationTable().getDatasetId().equals(dataset)) {
        jobs.put(job.getJobReference().getJobId(), load.getDestinationTable().getTableId());
      }
    }
    return jobs;
  }

  @Test
  public void dateRangeIsPushedDownAsARowRestriction() throws Exception {
    String table = RawInvoicesTable.create(PROJECT, "raw_range", "online_retail", lines, true);
    SegmentationOptions options =
        bigQueryOptions(
            "range",
            table,
            ReadMethod.DIRECT_READ,
            WriteMethod.FILE_LOADS,
            BigQueryIO.Write.WriteDisposition.WRITE_TRUNCATE);
    options.setSince("2010-12-02");
    options.setUntil("2010-12-03");
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, bigQueryConfig(), options, services());
    pipeline.run().waitUntilFinish();

    assertEquals(
        "`InvoiceDate` >= TIMESTAMP('2010-12-02 00:00:00', 'UTC') AND `InvoiceDate` < TIMESTAMP('2010-12-03 00:00:00', 'UTC')",
        lastSessionOf("raw_range").getReadSession().getReadOptions().getRowRestriction());
  }

  private static RunOutput runBigQuery(
      String name,
      String table,
      ReadMethod read,
      WriteMethod write,
      BigQueryIO.Write.WriteDisposition disposition,
      String since)
      throws Exception {
    SegmentationOptions options = bigQueryOptions(name, table, read, write, disposition);
    options.setSince(since);
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, bigQueryConfig(), options, services());
    pipeline.run().waitUntilFinish();
    return new RunOutput(Path.of(options.getOutput()));
  }

  private static SegmentationOptions bigQueryOptions(
      String name,
      String table,
      ReadMethod read,
      WriteMethod write,
      BigQueryIO.Write.WriteDisposition disposition)
      throws IOException, InterruptedException {
    new FakeDatasetService().createDataset(PROJECT, "marts_" + name, "", "marts", null);
    // BigQuery's sinks make the graph large: the checks cost half of these runs. The steps between
    // the BigQuery edges run with them in SegmentationPipelineTest.
    SegmentationOptions options =
        TestOptions.withoutDirectRunnerChecks().as(SegmentationOptions.class);
    options.as(BigQueryOptions.class).setProject(PROJECT);
    options.setTempLocation(FOLDER.getRoot().toPath().resolve("tmp-" + name).toString());
    options.setInputTable(table);
    options.setReadMethod(read);
    options.setOutputDataset(PROJECT + ":marts_" + name);
    options.setWriteMethod(write);
    options.setWriteDisposition(disposition);
    options.setOutput(FOLDER.getRoot().toPath().resolve(name).toString());
    return options;
  }

  private static FakeBigQueryServices services() {
    return new FakeBigQueryServices()
        .withDatasetService(new FakeDatasetService())
        .withJobService(new FakeJobService())
        .withStorageClient(new FakeStorageReads());
  }

  private static PipelineConfig bigQueryConfig() {
    PipelineConfig config = ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));
    // The test's days are too short to fit the CLV models on (TestData.onlineRetail()).
    config.clv = null;
    return config;
  }

  private static CreateReadSessionRequest lastSessionOf(String dataset) {
    return FakeStorageReads.SESSIONS.stream()
        .filter(s -> s.getReadSession().getTable().contains("/datasets/" + dataset + "/"))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no Storage Read API session on " + dataset));
  }

  private static TableReference reference(String dataset, String table) {
    return new TableReference().setProjectId(PROJECT).setDatasetId(dataset).setTableId(table);
  }

  private static TableFieldSchema field(Table table, String name) {
    return table.getSchema().getFields().stream()
        .filter(f -> f.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Every mart table holds the rows of the file run's mart; cx_export and the counts are the file
   * run's.
   */
  private static void assertSameMarts(String name, RunOutput out) throws Exception {
    for (String mart : Marts.names(Marts.of(bigQueryConfig()))) {
      if (mart.equals(CxExport.NAME)) {
        assertArrayEquals(
            fileRun.files(mart).values().iterator().next(),
            out.files(mart).values().iterator().next());
        continue;
      }
      Table table = new FakeDatasetService().getTable(reference("marts_" + name, mart));
      assertNotNull(mart + " written", table);
      List<TableRow> rows = new FakeDatasetService().getAllRows(PROJECT, "marts_" + name, mart);
      List<TableFieldSchema> fields = table.getSchema().getFields();
      if (mart.equals("rejects")) {
        assertEquals(
            column(csvRows(fileRun, mart, fields), "reason"),
            column(tableRows(rows, fields), "reason"));
      } else {
        assertSameRows(mart, csvRows(fileRun, mart, fields), tableRows(rows, fields));
      }
    }
    fileRun.assertSameFigures(
        out,
        "read",
        "kept",
        "rejected",
        "duplicates",
        "rejected_by_reason",
        "rows_written",
        "data_tests");
    JsonNode bigQuery = out.summary();
    assertTrue(bigQuery.get("input").asText().startsWith("bigquery table "));
  }

  /**
   * Equal lists of rows; on a difference, names the first differing row rather than printing every
   * row.
   */
  private static void assertSameRows(String mart, List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(mart + " row " + i, expected.get(i), actual.get(i));
    }
    assertEquals(mart + " rows", expected.size(), actual.size());
  }

  private static List<String> column(List<String> rows, String name) {
    List<String> values = new ArrayList<>();
    for (String row : rows) {
      values.add(row.substring(row.indexOf(name + "=")).split("\\|")[0]);
    }
    values.sort(null);
    return values;
  }

  private static List<String> csvRows(RunOutput run, String mart, List<TableFieldSchema> fields)
      throws IOException {
    List<Function<String, Object>> rows = new ArrayList<>();
    for (byte[] file : run.files(mart).values()) {
      for (CSVRecord record :
          CSVFormat.DEFAULT
              .builder()
              .setHeader()
              .build()
              .parse(new StringReader(new String(file, "UTF-8")))) {
        rows.add(record::get);
      }
    }
    return canonical(rows, fields);
  }

  private static List<String> tableRows(List<TableRow> tableRows, List<TableFieldSchema> fields) {
    List<Function<String, Object>> rows = new ArrayList<>();
    tableRows.forEach(row -> rows.add(row::get));
    return canonical(rows, fields);
  }

  /**
   * Rows as sorted strings of column=value, each value in {@link #canonical(String, Object)}
   * spelling.
   */
  private static List<String> canonical(
      List<Function<String, Object>> rows, List<TableFieldSchema> fields) {
    List<String> canonical = new ArrayList<>();
    for (Function<String, Object> value : rows) {
      StringBuilder row = new StringBuilder();
      for (TableFieldSchema field : fields) {
        row.append(field.getName())
            .append('=')
            .append(canonical(field.getType(), value.apply(field.getName())))
            .append('|');
      }
      canonical.add(row.toString());
    }
    canonical.sort(null);
    return canonical;
  }

  /** Day, hour, minute and second of the spellings that CSV files and the BigQuery APIs use. */
  private static final Pattern TIME =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T]+(\\d{1,2}):(\\d{2}):?(\\d{0,2})");

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** One spelling per value, whichever way a CSV file or a BigQuery API wrote it. */
  private static String canonical(String type, Object value) {
    String text = value == null ? "" : value.toString();
    if (text.isEmpty()) {
      return "";
    }
    switch (type) {
      case "TIMESTAMP":
        if (text.matches("-?\\d+")) {
          return SECONDS.format(Instant.ofEpochSecond(Long.parseLong(text) / 1_000_000L));
        }
        Matcher time = TIME.matcher(text);
        assertTrue("a timestamp: " + text, time.find());
        return String.format(
            "%s %02d:%s:%02d",
            time.group(1),
            Integer.parseInt(time.group(2)),
            time.group(3),
            time.group(4).isEmpty() ? 0 : Integer.parseInt(time.group(4)));
      case "NUMERIC":
      case "FLOAT":
      case "FLOAT64":
        return new BigDecimal(text).stripTrailingZeros().toPlainString();
      default:
        return text.toLowerCase(java.util.Locale.ROOT).equals("true")
                || text.equalsIgnoreCase("false")
            ? text.toLowerCase(java.util.Locale.ROOT)
            : text;
    }
  }
}
