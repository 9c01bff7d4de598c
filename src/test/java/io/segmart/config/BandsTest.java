package io.segmart.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
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

  @Test
  void aMartActivityBucketsAndAgeBandsHoldTheirBoundaries() {
    Map<String, PipelineConfig.BandSet> bands =
        ConfigLoader.load(Path.of("pipelines/a-mart.yaml")).bands;
    Map<Integer, String> buckets =
        Map.of(
            0, "0-7", 7, "0-7", 8, "8-14", 14, "8-14", 15, "15-28", 28, "15-28", 29, "29-56", 56,
            "29-56", 57, "57+", 400, "57+");
    buckets.forEach(
        (days, bucket) ->
            assertEquals(
                bucket, Bands.label(bands.get("activity_bucket"), BigDecimal.valueOf(days))));
    Map<Integer, String> activity =
        Map.of(0, "active", 14, "active", 15, "lapsing", 56, "lapsing", 57, "inactive");
    activity.forEach(
        (days, state) ->
            assertEquals(state, Bands.label(bands.get("activity"), BigDecimal.valueOf(days))));
    Map<Integer, String> ages =
        Map.of(
            15, "<=19", 19, "<=19", 20, "20-29", 29, "20-29", 30, "30-39", 49, "40-49", 50, "50+");
    ages.forEach(
        (age, band) ->
            assertEquals(band, Bands.label(bands.get("age_band"), BigDecimal.valueOf(age))));
    assertNull(Bands.label(bands.get("age_band"), null)); // no age, no band
    PipelineConfig.BandSet orderValue = bands.get("order_value_bucket");
    assertEquals("Low", Bands.label(orderValue, new BigDecimal("100.00")));
    assertEquals("Medium", Bands.label(orderValue, new BigDecimal("100.01")));
    assertEquals("Medium", Bands.label(orderValue, new BigDecimal("300")));
    assertEquals("High", Bands.label(orderValue, new BigDecimal("300.01")));
  }
}
