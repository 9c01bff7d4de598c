package io.segmart.config;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Puts a metric value into the first band of a {@link PipelineConfig.BandSet} whose bound holds.
 */
public final class Bands {
  private Bands() {}

  /** The band of {@code value}; null when the customer has no such value (no age). */
  public static @Nullable String label(PipelineConfig.BandSet set, @Nullable BigDecimal value) {
    if (value == null) {
      return null;
    }
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
