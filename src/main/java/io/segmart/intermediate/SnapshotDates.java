package io.segmart.intermediate;

import io.segmart.config.Snapshots;
import io.segmart.model.CustomerSegments;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.Min;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The segment history's snapshot dates (epoch days, ascending; see {@link Snapshots#dates}): from
 * the given first date, or else the first snapshot after the data's first day, to the given last
 * date, or else the run's reference date. Computed from the kept lines per day, a few hundred
 * pairs, not from the lines.
 */
public class SnapshotDates
    extends PTransform<PCollection<KV<Long, Long>>, PCollectionView<List<Long>>> {
  private final String every;
  private final @Nullable String from;
  private final @Nullable String to;
  private final PCollectionView<Long> asOfDay;

  /** {@code from} and {@code to} are YYYY-MM-DD or null; {@code every} an ISO period. */
  public SnapshotDates(
      String every, @Nullable String from, @Nullable String to, PCollectionView<Long> asOfDay) {
    this.every = every;
    this.from = from;
    this.to = to;
    this.asOfDay = asOfDay;
  }

  @Override
  public PCollectionView<List<Long>> expand(PCollection<KV<Long, Long>> linesPerDay) {
    return linesPerDay
        .apply("Days", Keys.create())
        .apply("FirstDay", Min.longsGlobally())
        .apply(
            "SnapshotSeries",
            ParDo.of(new SeriesFn(every, from, to, asOfDay)).withSideInputs(asOfDay))
        .apply("SnapshotDatesView", View.asSingleton());
  }

  /**
   * The snapshot dates of an incremental run, from the segments the previous run kept: the previous
   * run's snapshot date when there is one, then this run's reference date.
   */
  public static PTransform<PCollection<CustomerSegments>, PCollectionView<List<Long>>> continuing(
      PCollectionView<Long> asOfDay) {
    return new PTransform<>() {
      @Override
      public PCollectionView<List<Long>> expand(PCollection<CustomerSegments> previous) {
        return previous
            .apply(
                "PreviousDays",
                MapElements.into(TypeDescriptors.longs()).via((CustomerSegments s) -> s.asOfDay))
            .apply("PreviousSnapshot", Max.longsGlobally())
            .apply(
                "ThenThisOne",
                ParDo.of(
                        new DoFn<Long, List<Long>>() {
                          @ProcessElement
                          public void process(
                              @Element Long previousDay,
                              OutputReceiver<List<Long>> out,
                              ProcessContext context) {
                            long day = context.sideInput(asOfDay);
                            // No previous state leaves Max at its identity: a first snapshot.
                            out.output(
                                previousDay == Long.MIN_VALUE
                                    ? List.of(day)
                                    : List.of(previousDay, day));
                          }
                        })
                    .withSideInputs(asOfDay))
            .apply("SnapshotDatesView", View.asSingleton());
      }
    };
  }

  static class SeriesFn extends DoFn<Long, List<Long>> {
    private final String every;
    private final @Nullable String from;
    private final @Nullable String to;
    private final PCollectionView<Long> asOfDay;

    SeriesFn(
        String every, @Nullable String from, @Nullable String to, PCollectionView<Long> asOfDay) {
      this.every = every;
      this.from = from;
      this.to = to;
      this.asOfDay = asOfDay;
    }

    @ProcessElement
    public void process(
        @Element Long firstDay, OutputReceiver<List<Long>> out, ProcessContext context) {
      Period period = Snapshots.period(every);
      // No kept line leaves Min at its identity: no snapshot then.
      long first =
          from != null
              ? LocalDate.parse(from).toEpochDay()
              : firstDay == Long.MAX_VALUE ? Long.MAX_VALUE : firstDay + 1;
      long last = to != null ? LocalDate.parse(to).toEpochDay() : context.sideInput(asOfDay);
      out.output(Snapshots.dates(period, first, last));
    }
  }
}
