package io.segmart.run;

import io.segmart.io.ReadInvoices;
import io.segmart.model.Reject;
import io.segmart.quality.DataTests;
import io.segmart.staging.DropDuplicates;
import io.segmart.staging.Staging;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The run's facts from the Staging stage's output: what was read, kept, rejected per reason and
 * dropped as duplicates ({@link #FACTS}, keyed by {@link SummaryKeys}), and the tests of the run as
 * a whole ({@link #TESTS}): every record read is kept, rejected or a duplicate, every line of every
 * input is accounted for ({@link LineAccounting}), and no kept line is on or after the reference
 * date.
 */
public class RunFacts extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<KV<String, Long>> FACTS = new TupleTag<KV<String, Long>>("facts") {};
  public static final TupleTag<KV<String, Long>> TESTS = DataTests.RUN_TESTS;

  private final PCollectionView<Long> asOfDay;

  public RunFacts(PCollectionView<Long> asOfDay) {
    this.asOfDay = asOfDay;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple staged) {
    PCollection<Reject> rejects = staged.get(Staging.REJECTS);
    PCollection<KV<Long, Long>> linesPerDay = staged.get(DropDuplicates.LINES_PER_DAY);
    PCollection<Long> readRecords =
        staged.get(ReadInvoices.RECORDS).apply("CountReadRecords", Count.globally());
    PCollection<Long> readRejects =
        staged.get(ReadInvoices.REJECTS).apply("CountReadRejects", Count.globally());
    PCollection<Long> kept =
        linesPerDay.apply("KeptPerDay", Values.create()).apply("CountKept", Sum.longsGlobally());
    PCollection<Long> rejected = rejects.apply("CountRejected", Count.globally());
    PCollection<Long> duplicates =
        staged.get(DropDuplicates.DUPLICATES).apply("CountDuplicates", Sum.longsGlobally());
    PCollectionTuple accounting = staged.apply("LineAccounting", new LineAccounting());
    PCollection<KV<String, Long>> facts =
        PCollectionList.of(staged.get(ReadInvoices.FACTS))
            .and(accounting.get(LineAccounting.FACTS))
            .and(fact(SummaryKeys.READ, "ReadRecords", readRecords))
            .and(fact(SummaryKeys.READ, "ReadRejects", readRejects))
            .and(fact(SummaryKeys.KEPT, "Kept", kept))
            .and(fact(SummaryKeys.DUPLICATES, "Duplicates", duplicates))
            .and(
                rejects
                    .apply(
                        "RejectReasons",
                        MapElements.into(TypeDescriptors.strings()).via(r -> r.reason))
                    .apply("CountPerReason", Count.perElement())
                    .apply(
                        "ReasonFacts",
                        MapElements.into(
                                TypeDescriptors.kvs(
                                    TypeDescriptors.strings(), TypeDescriptors.longs()))
                            .via(kv -> KV.of(SummaryKeys.rejected(kv.getKey()), kv.getValue()))))
            .apply("AllFacts", Flatten.pCollections());

    PCollection<KV<String, Long>> readReconciles =
        DataTests.equal(
            "reconcile(read = kept + rejected + duplicates)",
            staged.getPipeline().begin(),
            List.of(
                total("ReadTotal", List.of(readRecords, readRejects)),
                total("AccountedTotal", List.of(kept, rejected, duplicates))));
    PCollection<KV<String, Long>> linesAfterAsOf =
        linesPerDay
            .apply(
                "LinesAfterAsOf", ParDo.of(new LinesAfterAsOfFn(asOfDay)).withSideInputs(asOfDay))
            .apply("CountLinesAfterAsOf", Sum.longsGlobally())
            .apply(
                "LinesAfterAsOfResult",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                    .via(n -> KV.of("no_line_on_or_after_as_of", n)));
    return PCollectionTuple.of(FACTS, facts)
        .and(
            TESTS,
            PCollectionList.of(readReconciles)
                .and(linesAfterAsOf)
                .and(accounting.get(LineAccounting.TESTS))
                .apply("RunTests", Flatten.pCollections()));
  }

  /**
   * Lines on or after the reference date, from the lines per day: metrics "as of" a date cannot use
   * them.
   */
  static class LinesAfterAsOfFn extends DoFn<KV<Long, Long>, Long> {
    private final PCollectionView<Long> asOfDay;

    LinesAfterAsOfFn(PCollectionView<Long> asOfDay) {
      this.asOfDay = asOfDay;
    }

    @ProcessElement
    public void process(@Element KV<Long, Long> day, OutputReceiver<Long> out, ProcessContext c) {
      if (day.getKey() >= c.sideInput(asOfDay)) {
        out.output(day.getValue());
      }
    }
  }

  /** The count as a run-summary fact; {@code step} names the step. */
  private static PCollection<KV<String, Long>> fact(
      String key, String step, PCollection<Long> value) {
    return value.apply(
        "Fact_" + step,
        MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(n -> KV.of(key, n)));
  }

  private static PCollection<BigDecimal> total(String name, List<PCollection<Long>> parts) {
    return PCollectionList.of(parts)
        .apply(name + "/Flatten", Flatten.pCollections())
        .apply(name + "/Sum", Sum.longsGlobally())
        .apply(
            name + "/AsNumber",
            MapElements.into(TypeDescriptors.bigdecimals()).via(BigDecimal::valueOf));
  }
}
