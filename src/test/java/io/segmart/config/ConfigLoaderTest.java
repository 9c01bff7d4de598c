package io.segmart.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path SHIPPED = Path.of("pipelines/online-retail.yaml");

  private static String shipped() throws IOException {
    return Files.readString(SHIPPED);
  }

  private static String problemWith(String yaml) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                ConfigLoader.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"));
    return e.getMessage();
  }

  @Test
  void shippedConfigurationHasTheSeedRules() {
    PipelineConfig config = ConfigLoader.load(SHIPPED);
    assertEquals(19, config.cleaning.countries.allow.size());
    assertEquals("IRELAND", config.cleaning.countries.rename.get("EIRE"));
    assertEquals(PipelineConfig.Scoring.NTILE, config.segments.rfm.scoring);
    assertEquals(9, config.segments.rfm.rules.size());
    assertEquals(PipelineConfig.Scoring.PERCENT_RANK, config.segments.rfGrid.scoring);
  }

  @Test
  void unknownFieldIsNamedWithItsPath() throws IOException {
    String message =
        problemWith(shipped().replace("  timeZone: UTC", "  timeZone: UTC\n  colums: {}"));
    assertTrue(message.contains("'source.colums'"), message);
  }

  @Test
  void missingRequiredColumnIsNamed() throws IOException {
    String message = problemWith(shipped().replace("    customer_id: CustomerID\n", ""));
    assertTrue(message.contains("'source.columns.customer_id' is required"), message);
  }

  @Test
  void badScoreConditionIsNamed() throws IOException {
    String message =
        problemWith(shipped().replace("{r: \">=4\", f: \">=4\", m: \">=4\"}", "{r: \"four\"}"));
    assertTrue(message.contains("'segments.rfm.rules[0].when.r'"), message);
  }

  @Test
  void wrongScoringMethodIsNamed() throws IOException {
    String message = problemWith(shipped().replace("scoring: ntile", "scoring: quintile"));
    assertTrue(message.contains("'segments.rfm.scoring'"), message);
  }

  @Test
  void segmentWithoutPriorityIsNamed() throws IOException {
    String message = problemWith(shipped().replace("    Lost: 5\n", ""));
    assertTrue(message.contains("'cx.priorities.Lost'"), message);
  }

  @Test
  void missingFileSaysWhereConfigurationsAre() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> ConfigLoader.load(Path.of("pipelines/nope.yaml")));
    assertTrue(e.getMessage().contains("pipelines/"), e.getMessage());
  }

  @Test
  void extendingConfigurationReplacesOnlyTheSectionsItWrites() {
    PipelineConfig base = ConfigLoader.load(SHIPPED);
    PipelineConfig bigQuery = ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));
    assertEquals(SourceFormat.BIGQUERY, bigQuery.source.format);
    assertEquals("raw_data.online_retail", bigQuery.source.table);
    assertEquals(null, bigQuery.source.input);
    assertEquals(base.cleaning.countries.allow, bigQuery.cleaning.countries.allow);
    assertEquals(base.segments.rfm.rules.size(), bigQuery.segments.rfm.rules.size());
    assertEquals(base.bands.keySet(), bigQuery.bands.keySet());

    PipelineConfig thelook = ConfigLoader.load(Path.of("pipelines/thelook.yaml"));
    assertEquals(List.of("Cancelled", "Returned"), thelook.cleaning.excludedStatuses);
    assertTrue(thelook.cleaning.countries.allow.isEmpty());
    assertEquals(Set.of("US", "EU"), thelook.markets.keySet());
    assertEquals(base.cx.priorities, thelook.cx.priorities);
  }

  @Test
  void extendedFileInputStaysRelativeToTheFileThatWroteIt(@TempDir Path folder) throws IOException {
    Path child =
        Files.writeString(
            folder.resolve("child.yaml"),
            "extends: " + SHIPPED.toAbsolutePath() + "\nname: child\n");
    PipelineConfig config = ConfigLoader.load(child);
    assertEquals(
        SHIPPED.toAbsolutePath().getParent().resolve("../data/online-retail/*.csv.gz").normalize(),
        folder.resolve(config.source.input).normalize());
  }

  @Test
  void bigQuerySourceNeedsATableOrAQuery() throws IOException {
    String message =
        problemWith(
            shipped()
                .replace(
                    "  format: csv\n  input: ../data/online-retail/*.csv.gz   # relative to this file\n",
                    "  format: bigquery\n"));
    assertTrue(
        message.contains("'source.table' or source.query is required for format bigquery"),
        message);
  }

  @Test
  void excludedStatusesNeedAStatusColumn() throws IOException {
    String message =
        problemWith(
            shipped()
                .replace(
                    "  requireDescription: true\n",
                    "  requireDescription: true\n  excludedStatuses: [Returned]\n"));
    assertTrue(
        message.contains(
            "'source.columns.status' is required when cleaning.excludedStatuses is set"),
        message);
  }
}
