package io.segmart.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.Test;

/**
 * schema.yml describes every declared mart and every column of it, in every shipped configuration,
 * and nothing else.
 */
class MartCatalogTest {
  /**
   * The shipped configurations, each with its segment history on, so that every mart is declared.
   */
  private static List<PipelineConfig> shipped() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("pipelines"))) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(ConfigLoader::load)
          .peek(config -> config.history.enabled = true)
          .toList();
    }
  }

  @Test
  void theCatalogDescribesTheDeclaredMartsInTheirOrder() throws IOException {
    List<String> catalog = MartCatalog.load().names();
    Set<String> declaredSomewhere = new HashSet<>();
    for (PipelineConfig config : shipped()) {
      List<String> declared = Marts.names(Marts.of(config));
      assertEquals(declared, catalog.stream().filter(declared::contains).toList(), config.name);
      declaredSomewhere.addAll(declared);
    }
    assertEquals(Set.copyOf(catalog), declaredSomewhere, "marts no shipped configuration declares");
  }

  @Test
  void everyColumnOfEveryShippedConfigurationIsDescribed() throws IOException {
    MartCatalog catalog = MartCatalog.load();
    List<PipelineConfig> configs = shipped();
    assertTrue(configs.size() >= 3, "online-retail, online-retail-bigquery and thelook at least");
    for (PipelineConfig config : configs) {
      for (Mart mart : Marts.of(config)) {
        assertNotNull(catalog.mart(mart.name()).description, mart.name());
        for (Schema.Field field : mart.schema().getFields()) {
          String description = catalog.describe(mart.name(), field.getName(), config);
          assertNotNull(
              description,
              config.name + ": " + mart.name() + "." + field.getName() + " has no description");
          assertFalse(description.isBlank());
        }
      }
    }
  }

  @Test
  void noDescriptionOutlivesItsColumn() throws IOException {
    MartCatalog catalog = MartCatalog.load();
    Set<String> columns = new HashSet<>();
    for (PipelineConfig config : shipped()) {
      for (Mart mart : Marts.of(config)) {
        mart.schema().getFieldNames().forEach(c -> columns.add(mart.name() + "." + c));
      }
    }
    for (String mart : catalog.names()) {
      for (String column : catalog.mart(mart).columns.keySet()) {
        // Patterns ({market}, {horizon}) are checked against the columns they describe above.
        if (!column.contains("{")) {
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
