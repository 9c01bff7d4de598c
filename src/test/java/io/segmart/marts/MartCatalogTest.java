package io.segmart.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmart.SegmentationPipeline;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.Test;

/**
 * schema.yml describes every column of every mart of every shipped configuration, and nothing else.
 */
class MartCatalogTest {
  private static List<PipelineConfig> shipped() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("pipelines"))) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(ConfigLoader::load)
          .toList();
    }
  }

  @Test
  void everyColumnOfEveryShippedConfigurationIsDescribed() throws IOException {
    MartCatalog catalog = MartCatalog.load();
    List<PipelineConfig> configs = shipped();
    assertTrue(configs.size() >= 3, "online-retail, online-retail-bigquery and thelook at least");
    for (PipelineConfig config : configs) {
      Map<String, Schema> schemas = MartSchemas.of(config);
      assertEquals(SegmentationPipeline.MARTS, List.copyOf(schemas.keySet()));
      schemas.forEach(
          (mart, schema) -> {
            assertNotNull(catalog.mart(mart).description, mart);
            for (Schema.Field field : schema.getFields()) {
              String description = catalog.describe(mart, field.getName(), config);
              assertNotNull(
                  description,
                  config.name + ": " + mart + "." + field.getName() + " has no description");
              assertFalse(description.isBlank());
            }
          });
    }
  }

  @Test
  void noDescriptionOutlivesItsColumn() throws IOException {
    MartCatalog catalog = MartCatalog.load();
    Set<String> columns = new HashSet<>();
    for (PipelineConfig config : shipped()) {
      MartSchemas.of(config)
          .forEach(
              (mart, schema) -> schema.getFieldNames().forEach(c -> columns.add(mart + "." + c)));
    }
    for (String mart : SegmentationPipeline.MARTS) {
      for (String column : catalog.mart(mart).columns.keySet()) {
        if (!column.contains("{market}")) {
          assertTrue(
              columns.contains(mart + "." + column),
              mart + "." + column + " is described but no mart has it");
        }
      }
    }
  }

  @Test
  void marketAndBandColumnsAreDescribedFromTheConfiguration() {
    PipelineConfig config = ConfigLoader.load(Path.of("pipelines/online-retail.yaml"));
    MartCatalog catalog = MartCatalog.load();
    assertEquals(
        "Revenue of the market. Market EU.",
        catalog.describe(BusinessOverview.NAME, "eu_revenue", config));
    assertEquals(
        "Band of revenue_365d (bands.profit_level of the pipeline configuration): Level 1, Level 2, Level 3.",
        catalog.describe(DimCustomers.NAME, "profit_level", config));
  }
}
