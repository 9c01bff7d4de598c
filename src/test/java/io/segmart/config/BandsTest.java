package io.segmart.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bands at their bounds, on the configurations users run. */
class BandsTest {
  @Test
  void profitLevelIsLevel1UpTo50Level2Below150AndLevel3From150() {
    PipelineConfig.BandSet profit =
        ConfigLoader.load(Path.of("pipelines/thelook-files.yaml")).bands.get("profit_level");
    assertEquals("Level 1", Bands.label(profit, new BigDecimal("0")));
    assertEquals("Level 1", Bands.label(profit, new BigDecimal("50")));
    assertEquals("Level 2", Bands.label(profit, new BigDecimal("50.01")));
    assertEquals("Level 2", Bands.label(profit, new BigDecimal("149.99")));
    assertEquals("Level 3", Bands.label(profit, new BigDecimal("150")));
  }
}
