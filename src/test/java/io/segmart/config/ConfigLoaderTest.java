package io.segmart.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final Path SHIPPED = Path.of("pipelines/online-retail.yaml");

  private static String shipped() throws IOException {
    return Files.readString(SHIPPED);
  }

  private static String problemWith(String yaml) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> ConfigLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"));
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
    String message = problemWith(shipped().replace("  timeZone: UTC", "  timeZone: UTC\n  colums: {}"));
    assertTrue(message.contains("'source.colums'"), message);
  }

  @Test
  void missingRequiredColumnIsNamed() throws IOException {
    String message = problemWith(shipped().replace("    customer_id: CustomerID\n", ""));
    assertTrue(message.contains("'source.columns.customer_id' is required"), message);
  }

  @Test
  void badScoreConditionIsNamed() throws IOException {
    String message = problemWith(shipped().replace("{r: \">=4\", f: \">=4\", m: \">=4\"}", "{r: \"four\"}"));
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
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(Path.of("pipelines/nope.yaml")));
    assertTrue(e.getMessage().contains("pipelines/"), e.getMessage());
  }
}
