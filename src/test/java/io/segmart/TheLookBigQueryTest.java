package io.segmart;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.marts.Marts;
import io.segmart.marts.RejectsMart;
import io.segmart.options.SegmentationOptions;
import io.segmart.testing.FakeStorageReads;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TheLookTables;
import io.segmart.tools.GenerateTheLook;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * pipelines/thelook.yaml, which joins BigQuery's order_items table to its users and products
 * tables, against pipelines/thelook-files.yaml on the same rows as files: generated order items of
 * 60 of the real users in theLook's public column types, read with the real BigQueryIO (Storage
 * Read API) on Beam's fake services. Both runs on the test runner (the DirectRunner in the default
 * test phase).
 */
@Category(PipelineTest.class)
public class TheLookBigQueryTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static final int USERS = 60;

  private static RunOutput fromFiles;
  private static RunOutput fromBigQuery;

  @BeforeClass
  public static void runBoth() throws Exception {
    Path data = FOLDER.newFolder("thelook").toPath();
    GenerateTheLook.generate(Path.of("data/thelook/users.csv.gz"), data, 42);
    Path items = data.resolve("order_items.csv.gz");
    List<String> lines = gunzip(items);
    Set<String> buyers =
        lines.stream()
            .skip(1)
            .map(l -> l.split(",")[2])
            .distinct()
            .limit(USERS)
            .collect(Collectors.toSet());
    List<String> kept = new ArrayList<>(List.of(lines.get(0)));
    lines.stream().skip(1).filter(l -> buyers.contains(l.split(",")[2])).forEach(kept::add);
    Path someItems = data.resolve("some_order_items.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(someItems))) {
      out.write((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    PipelineConfig files = ConfigLoader.load(Path.of("pipelines/thelook-files.yaml"));
    files.source.products.input = data.resolve("products.csv.gz").toString();
    SegmentationOptions fileOptions = options("files");
    fileOptions.setInput(someItems.toString());
    Pipeline filePipeline = Pipeline.create(fileOptions);
    SegmentationPipeline.build(filePipeline, files, fileOptions);
    filePipeline.run().waitUntilFinish();
    fromFiles = new RunOutput(Path.of(fileOptions.getOutput()));

    FakeDatasetService.setUp();
    TheLookTables.create(TheLookTables.SCHEMAS);
    TheLookTables.insert("order_items", GenerateTheLook.csvRows(Files.newInputStream(someItems)));
    TheLookTables.insert(
        "users",
        GenerateTheLook.csvRows(Files.newInputStream(Path.of("data/thelook/users.csv.gz"))));
    TheLookTables.insert(
        "products", GenerateTheLook.csvRows(Files.newInputStream(data.resolve("products.csv.gz"))));
    SegmentationOptions bigQueryOptions = options("bigquery");
    bigQueryOptions.as(BigQueryOptions.class).setProject("segmart-test");
    Pipeline bigQueryPipeline = Pipeline.create(bigQueryOptions);
    SegmentationPipeline.build(
        bigQueryPipeline,
        ConfigLoader.load(Path.of("pipelines/thelook.yaml")),
        bigQueryOptions,
        new FakeBigQueryServices()
            .withDatasetService(new FakeDatasetService())
            .withJobService(new FakeJobService())
            .withStorageClient(new FakeStorageReads()));
    bigQueryPipeline.run().waitUntilFinish();
    fromBigQuery = new RunOutput(Path.of(bigQueryOptions.getOutput()));
  }

  private static SegmentationOptions options(String name) throws Exception {
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setOutput(FOLDER.newFolder(name).toString());
    options.setTempLocation(FOLDER.newFolder("tmp-" + name).toString());
    return options;
  }

  private static List<String> gunzip(Path file) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  @Test
  public void theTablesInBigQueryGiveTheMartsOfTheFiles() throws Exception {
    PipelineConfig config = ConfigLoader.load(Path.of("pipelines/thelook.yaml"));
    for (String mart : Marts.names(Marts.of(config))) {
      if (mart.equals(RejectsMart.NAME)) {
        continue; // the same rejects, but each names its own source
      }
      Map<String, byte[]> expected = fromFiles.files(mart);
      Map<String, byte[]> actual = fromBigQuery.files(mart);
      assertEquals(mart, expected.keySet(), actual.keySet());
      expected.forEach(
          (file, bytes) -> {
            List<String> want = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            List<String> got =
                List.of(new String(actual.get(file), StandardCharsets.UTF_8).split("\n"));
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
              assertEquals(mart + "/" + file + " line " + (i + 1), want.get(i), got.get(i));
            }
            assertEquals(mart + "/" + file + " lines", want.size(), got.size());
          });
    }
    assertTrue(fromBigQuery.rows("dim_customers").size() > USERS / 2);
  }

  @Test
  public void theRunSummariesCountTheSameRowsAndTables() throws Exception {
    fromFiles.assertSameFigures(
        fromBigQuery,
        "read",
        "kept",
        "rejected",
        "duplicates",
        "rejected_by_reason",
        "table_rows",
        "lines_without_a_table_row");
    JsonNode bigQuery = fromBigQuery.summary();
    assertEquals(1000 + 300, bigQuery.get("table_rows").asLong());
    assertTrue(bigQuery.get("input").asText().startsWith("bigquery table "));
  }
}
