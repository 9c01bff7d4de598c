package io.segmart.intermediate;

import io.segmart.model.InvoiceLine;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The reference date of the metrics, as an epoch day: the given date, or the day after the newest kept
 * line. Never the wall clock, so that reruns give the same marts.
 */
public class ReferenceDate extends PTransform<PCollection<InvoiceLine>, PCollectionView<Long>> {
  private final String asOf;
  private final String timeZone;

  /** {@code asOf} is YYYY-MM-DD or null for "the day after the newest line". */
  public ReferenceDate(String asOf, String timeZone) {
    this.asOf = asOf;
    this.timeZone = timeZone;
  }

  /** Parses YYYY-MM-DD, with a message that says what to pass. */
  public static long parse(String asOf) {
    try {
      return LocalDate.parse(asOf).toEpochDay();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--asOf=" + asOf + " is not a date; give it as YYYY-MM-DD, e.g. --asOf=2011-12-10");
    }
  }

  @Override
  public PCollectionView<Long> expand(PCollection<InvoiceLine> lines) {
    if (asOf != null && !asOf.isEmpty()) {
      return lines.getPipeline().apply("GivenAsOf", Create.of(parse(asOf))).apply("AsOfView", View.asSingleton());
    }
    String zone = timeZone;
    return lines
        .apply("LineTimes", MapElements.into(TypeDescriptors.longs()).via(line -> line.invoiceTs.getMillis()))
        .apply("NewestLine", Max.longsGlobally())
        .apply("DayAfter", MapElements.into(TypeDescriptors.longs())
            // No kept line at all leaves Max at its identity; the data tests report the empty run.
            .via(millis -> millis == Long.MIN_VALUE ? 0L
                : Instant.ofEpochMilli(millis).atZone(ZoneId.of(zone)).toLocalDate().plusDays(1).toEpochDay()))
        .apply("AsOfView", View.asSingleton());
  }
}
