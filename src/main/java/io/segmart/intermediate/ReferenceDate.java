package io.segmart.intermediate;

import java.time.LocalDate;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The reference date of the metrics, as an epoch day: the given date, or the day after the newest
 * kept line. Never the wall clock, so that reruns give the same marts.
 */
public class ReferenceDate extends PTransform<PCollection<KV<Long, Long>>, PCollectionView<Long>> {
  private final String asOf;

  /**
   * {@code asOf} is YYYY-MM-DD (checked by {@code RunChecks}) or null for "the day after the newest
   * line".
   */
  public ReferenceDate(String asOf) {
    this.asOf = asOf;
  }

  /** A date given by the user (YYYY-MM-DD) as an epoch-day view, as the metrics read dates. */
  public static PCollectionView<Long> given(Pipeline pipeline, String name, String date) {
    return pipeline
        .apply("Given" + name, Create.of(LocalDate.parse(date).toEpochDay()))
        .apply(name + "View", View.asSingleton());
  }

  /** Takes kept lines per day ({@link io.segmart.staging.DropDuplicates#LINES_PER_DAY}). */
  @Override
  public PCollectionView<Long> expand(PCollection<KV<Long, Long>> linesPerDay) {
    if (asOf != null && !asOf.isEmpty()) {
      return given(linesPerDay.getPipeline(), "AsOf", asOf);
    }
    return linesPerDay
        .apply("Days", Keys.create())
        .apply("NewestDay", Max.longsGlobally())
        .apply(
            "DayAfter",
            MapElements.into(TypeDescriptors.longs())
                // No kept line at all leaves Max at its identity; the data tests report the empty
                // run.
                .via(day -> day == Long.MIN_VALUE ? 0L : day + 1))
        .apply("AsOfView", View.asSingleton());
  }
}
