package io.segmart.config;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Puts a metric value into the first band of a {@link PipelineConfig.BandSet} whose bound holds.
 */
public final class Bands {
  private Bands() {}

  public static String label(PipelineConfig.BandSet set, BigDecimal value) {
    for (PipelineConfig.Band band : set.bands) {
      boolean fits =
          band.upTo != null
              ? value.compareTo(band.upTo) <= 0
              : band.below == null || value.compareTo(band.below) < 0;
      if (fits) {
        return band.label;
      }
    }
    throw new IllegalStateException("band set without a last, unbounded band");
  }

  public static Set<String> labels(PipelineConfig.BandSet set) {
    Set<String> labels = new LinkedHashSet<>();
    set.bands.forEach(band -> labels.add(band.label));
    return labels;
  }
}
