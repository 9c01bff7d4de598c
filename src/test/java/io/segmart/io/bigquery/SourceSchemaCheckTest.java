package io.segmart.io.bigquery;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableSchema;
import io.segmart.SegmentationPipeline;
import io.segmart.config.ConfigLoader;
import io.segmart.config.InvalidConfigException;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import io.segmart.testing.TheLookTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Test;

/**
 * A BigQuery source whose columns do not fit the mapping fails while the job is built, before
 * anything runs, with the configured field and the column named.
 */
public class SourceSchemaCheckTest {
  private static final String PROJECT = "segmart-check";

  @Before
  public void setUp() {
    FakeDatasetService.setUp();
  }

  private static String buildFails(PipelineConfig config, SegmentationOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    FakeBigQueryServices services =
        new FakeBigQueryServices()
            .withDatasetService(new FakeDatasetService())
            .withJobService(new FakeJobService());
    return assertThrows(
            InvalidConfigException.class,
            () -> SegmentationPipeline.build(pipeline, config, options, services))
        .getMessage();
  }

  private static SegmentationOptions options(String table) {
    SegmentationOptions options = PipelineOptionsFactory.create().as(SegmentationOptions.class);
    options.as(BigQueryOptions.class).setProject(PROJECT);
    options.setInputTable(table);
    options.setOutput("unused");
    return options;
  }

  private static String tableWith(String name, TableFieldSchema... fields) throws Exception {
    FakeDatasetService service = new FakeDatasetService();
    service.createDataset(PROJECT, "raw", "", "", null);
    service.createTable(
        new Table()
            .setTableReference(
                new TableReference().setProjectId(PROJECT).setDatasetId("raw").setTableId(name))
            .setSchema(new TableSchema().setFields(List.of(fields))));
    return PROJECT + ":raw." + name;
  }

  private static TableFieldSchema column(String name, String type) {
    return new TableFieldSchema().setName(name).setType(type);
  }

  private static List<TableFieldSchema> rawColumnsBut(
      String replaced, TableFieldSchema replacement) {
    List<TableFieldSchema> fields = new ArrayList<>();
    for (String name :
        List.of(
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
            "Country")) {
      if (!name.equals(replaced)) {
        fields.add(column(name, name.equals("InvoiceDate") ? "TIMESTAMP" : "STRING"));
      } else if (replacement != null) {
        fields.add(replacement);
      }
    }
    return fields;
  }

  private static PipelineConfig bigQueryConfig() {
    return ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));
  }

  @Test
  public void missingColumnIsNamedWithTheTablesColumns() throws Exception {
    String table =
        tableWith("no_price", rawColumnsBut("UnitPrice", null).toArray(new TableFieldSchema[0]));
    String message = buildFails(bigQueryConfig(), options(table));
    assertThat(message, containsString("source.columns.unit_price"));
    assertThat(message, containsString("no column 'UnitPrice'"));
    assertThat(message, containsString("InvoiceNo, StockCode"));
  }

  @Test
  public void mistypedColumnIsNamedWithTheTypesItCanBe() throws Exception {
    String table =
        tableWith(
            "bool_quantity",
            rawColumnsBut("Quantity", column("Quantity", "BOOLEAN"))
                .toArray(new TableFieldSchema[0]));
    String message = buildFails(bigQueryConfig(), options(table));
    assertEquals(
        "source.columns.quantity: column 'Quantity' of bigquery table "
            + table
            + " is BOOL; quantity is read from INT64, NUMERIC, BIGNUMERIC, FLOAT64, STRING",
        message);
  }

  @Test
  public void timestampColumnCannotBeANumber() throws Exception {
    String table =
        tableWith(
            "int_time",
            rawColumnsBut("InvoiceDate", column("InvoiceDate", "INTEGER"))
                .toArray(new TableFieldSchema[0]));
    assertThat(
        buildFails(bigQueryConfig(), options(table)),
        containsString("'InvoiceDate' of bigquery table " + table + " is INT64"));
  }

  @Test
  public void missingTableSaysWhatTheAccountNeeds() {
    assertThat(
        buildFails(bigQueryConfig(), options(PROJECT + ":raw.nowhere")),
        containsString("roles/bigquery.dataViewer"));
  }

  @Test
  public void columnNamesAreMatchedWithoutCaseAsBigQueryDoes() {
    TableSchema table =
        new TableSchema().setFields(rawColumnsBut("Quantity", column("Quantity", "INT64")));
    Map<String, String> mapping = new LinkedHashMap<>(bigQueryConfig().source.columns);
    mapping.put("quantity", "QUANTITY");
    Map<String, SourceSchemaCheck.Column> columns =
        SourceSchemaCheck.check("bigquery table t", table, mapping);
    assertEquals("Quantity", columns.get("quantity").name);
    assertEquals("INT64", columns.get("quantity").type);
  }

  /**
   * thelook.yaml's three tables, checked against the public data set's column types: the lookup
   * tables' columns as the lines'.
   */
  @Test
  public void theLookTablesAreCheckedByTheirSchemas() throws Exception {
    PipelineConfig thelook = ConfigLoader.load(Path.of("pipelines/thelook.yaml"));
    SegmentationOptions options = PipelineOptionsFactory.create().as(SegmentationOptions.class);
    options.as(BigQueryOptions.class).setProject(PROJECT);
    options.setOutput("unused");
    TheLookTables.create(TheLookTables.SCHEMAS);
    SegmentationPipeline.build(
        Pipeline.create(options),
        thelook,
        options,
        new FakeBigQueryServices()
            .withDatasetService(new FakeDatasetService())
            .withJobService(new FakeJobService()));

    FakeDatasetService.setUp();
    Map<String, Map<String, String>> schemas = new LinkedHashMap<>(TheLookTables.SCHEMAS);
    Map<String, String> users = new LinkedHashMap<>(schemas.get("users"));
    users.put("age", "BOOLEAN");
    schemas.put("users", users);
    TheLookTables.create(schemas);
    assertThat(
        buildFails(thelook, options),
        containsString(
            "source.customers.columns.age: column 'age' of bigquery table"
                + " bigquery-public-data:thelook_ecommerce.users is BOOL"));
  }
}
