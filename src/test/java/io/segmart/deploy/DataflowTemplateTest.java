package io.segmart.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmart.SegmentationPipeline;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.marts.Mart;
import io.segmart.marts.Marts;
import io.segmart.options.SegmentationOptions;
import io.segmart.testing.RawInvoicesTable;
import io.segmart.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The production job (BigQuery in, BigQuery and a bucket out) translated by the real
 * DataflowRunner, offline: a classic template written to a local file, with no-op path validation
 * and credentials. What Dataflow would run is then read from the template's job graph.
 */
public class DataflowTemplateTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static final String PROJECT = "segmart-offline";
  private static final String SOURCE = PROJECT + ":raw_data.online_retail";
  private static final String DATASET = PROJECT + ":segmart";

  private static JsonNode steps;

  /** The pipeline options as the template records them. */
  private static final Map<String, String> templateOptions = new HashMap<>();

  /** Table of each BigQuery write, from the display data of the BigQueryIO.Write transforms. */
  private static final Map<String, String> writeTables = new TreeMap<>();

  /** Names our code gives: top-level steps and the steps directly inside our own transforms. */
  private static final PipelineConfig CONFIG =
      ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));

  private static final Set<String> namedByUs = new TreeSet<>();

  private static final List<String> unnamed = new ArrayList<>();

  @BeforeClass
  public static void writeTemplate() throws Exception {
    FakeDatasetService.setUp();
    List<String> lines = new ArrayList<>(List.of(TestData.HEADER));
    lines.add(TestData.realLine("2010-12", "536365,85123A"));
    RawInvoicesTable.create(PROJECT, "raw_data", "online_retail", lines, true);
    new FakeDatasetService().createDataset(PROJECT, "segmart", "", "marts", null);

    Path template = FOLDER.getRoot().toPath().resolve("segmart-template.json");
    Path stagedJar = Files.write(FOLDER.getRoot().toPath().resolve("segmart.jar"), new byte[0]);
    DataflowPipelineOptions options =
        PipelineOptionsFactory.create().as(DataflowPipelineOptions.class);
    options.setRunner(DataflowRunner.class);
    options.setProject(PROJECT);
    options.setRegion("europe-west1");
    options.setJobName("segmart-weekly");
    options.setGcpTempLocation(FOLDER.newFolder("temp").toString());
    options.setTempLocation(options.getGcpTempLocation());
    options.setStagingLocation(FOLDER.newFolder("staging").toString());
    options.setTemplateLocation(template.toString());
    options.setPathValidatorClass(NoopPathValidator.class);
    options.setCredentialFactoryClass(NoopCredentialFactory.class);
    options.setFilesToStage(List.of(stagedJar.toString()));
    SegmentationOptions segmart = options.as(SegmentationOptions.class);
    segmart.setInputTable(SOURCE);
    segmart.setOutputDataset(DATASET);
    segmart.setOutput("gs://segmart-offline-segmart/cx");

    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(
        pipeline,
        CONFIG,
        segmart,
        new FakeBigQueryServices()
            .withDatasetService(new FakeDatasetService())
            .withJobService(new FakeJobService()));
    recordNames(pipeline);
    pipeline.run();

    JsonNode job = new ObjectMapper().readTree(template.toFile());
    steps = job.get("steps");
    job.path("environment")
        .path("sdkPipelineOptions")
        .path("display_data")
        .forEach(
            item -> templateOptions.put(item.path("key").asText(), item.path("value").asText()));
  }

  /**
   * Walks the graph: every step applied by our code must carry a name we gave, not a default one.
   */
  private static void recordNames(Pipeline pipeline) {
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            visit(node);
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            visit(node);
          }

          private void visit(TransformHierarchy.Node node) {
            if (node.isRootNode() || node.getTransform() == null) {
              return;
            }
            TransformHierarchy.Node parent = node.getEnclosingNode();
            boolean appliedByUs =
                parent.isRootNode()
                    || parent.getTransform().getClass().getName().startsWith("io.segmart.");
            if (!appliedByUs) {
              return;
            }
            String fullName = node.getFullName();
            if (node.getTransform() instanceof BigQueryIO.Write) {
              DisplayData.from(node.getTransform()).items().stream()
                  .filter(i -> i.getKey().equals("table"))
                  .forEach(
                      i -> writeTables.put(fullName.split("/")[1], String.valueOf(i.getValue())));
            }
            String name = fullName.substring(fullName.lastIndexOf('/') + 1);
            namedByUs.add(fullName);
            boolean ours = node.getTransform().getClass().getName().startsWith("io.segmart.");
            if (!ours && name.equals(node.getTransform().getName())) {
              unnamed.add(fullName);
            }
          }
        });
  }

  private static List<String> userNames() {
    List<String> names = new ArrayList<>();
    steps.forEach(step -> names.add(userName(step)));
    return names;
  }

  private static String userName(JsonNode step) {
    return step.path("properties").path("user_name").path("value").asText();
  }

  private static String displayData(String stepPrefix, String key) {
    for (JsonNode step : steps) {
      if (userName(step).startsWith(stepPrefix)) {
        for (JsonNode item : step.path("properties").path("display_data")) {
          if (item.path("key").asText().equals(key)) {
            return item.path("value").asText();
          }
        }
      }
    }
    return null;
  }

  @Test
  public void everyStepOfOurPipelineIsInTheTemplate() {
    List<String> userNames = userNames();
    assertTrue("the template has steps", userNames.size() > 100);
    for (String name : namedByUs) {
      assertTrue(
          name + " is a step or encloses steps of the template",
          userNames.stream().anyMatch(n -> n.equals(name) || n.startsWith(name + "/")));
    }
    for (String mart : Marts.names(Marts.of(CONFIG))) {
      assertTrue(
          mart,
          userNames.stream()
              .anyMatch(
                  n ->
                      n.startsWith("WriteMarts/Write_" + mart + "/")
                          || n.startsWith("WriteMarts/WriteCsvMarts/ToCsvLines_" + mart)));
    }
  }

  @Test
  public void noStepOfOursHasADefaultName() {
    assertEquals("steps applied by our code under Beam's default name", List.of(), unnamed);
    for (String userName : userNames()) {
      assertTrue(
          userName + " lies under a step we named",
          namedByUs.stream()
              .anyMatch(name -> userName.equals(name) || userName.startsWith(name + "/")));
    }
  }

  @Test
  public void bigQueryStepsCarryTheConfiguredTables() {
    assertEquals(SOURCE, displayData("Staging/ReadInvoices/ReadBigQuery/ReadRows", "table"));
    assertEquals(
        "InvoiceNo, InvoiceDate, CustomerID, StockCode, Description, Quantity, UnitPrice, Country",
        displayData("Staging/ReadInvoices/ReadBigQuery/ReadRows", "selectedFields"));
    assertEquals(DATASET, templateOptions.get("outputDataset"));
    for (String mart :
        List.of("fct_sales", "customer_insights", "product_intelligence", "rejects")) {
      assertEquals(
          mart,
          "{\"datasetId\":\"segmart\",\"projectId\":\"segmart-offline\",\"tableId\":\""
              + mart
              + "\"}",
          writeTables.get("Write_" + mart));
    }
    List<String> tables =
        Marts.of(CONFIG).stream().filter(m -> m.table().inBigQuery()).map(Mart::name).toList();
    assertEquals(
        List.of(
            "dim_customers",
            "fct_sales",
            "business_overview",
            "kpi_daily",
            "kpi_monthly",
            "kpi_weekday_hour",
            "customer_insights",
            "product_intelligence",
            "rejects",
            "clusters",
            "clv_model",
            "clv_holdout"),
        tables);
    for (String mart : tables) {
      assertEquals(
          mart,
          "WRITE_TRUNCATE",
          displayData(
              "WriteMarts/Write_" + mart + "/WriteTable/BatchLoads/WriteRenameUntriggered",
              "firstPaneWriteDisposition"));
    }
    assertEquals("gs://segmart-offline-segmart/cx", templateOptions.get("output"));
  }
}
