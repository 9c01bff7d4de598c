package io.segmart.run;

import io.segmart.common.BundleTally;
import io.segmart.common.Exact;
import io.segmart.common.GatherAll;
import io.segmart.io.ReadInvoices;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Reject;
import io.segmart.quality.DataTests;
import io.segmart.staging.DropDuplicates;
import io.segmart.staging.Staging;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The run's facts from the Staging stage's output: what was read, kept, rejected per reason and
 * dropped as duplicates ({@link #FACTS}, keyed by {@link SummaryKeys}), and the tests of the run as
 * a whole ({@link #TESTS}): every record read is kept (a line, or a row of a lookup table),
 * rejected or a duplicate, every line of every input is accounted for ({@link LineAccounting}), and
 * no kept line is on or after the reference date.
 */
public class RunFacts extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<KV<String, Long>> FACTS = new TupleTag<KV<String, Long>>("facts") {};
  public static final TupleTag<KV<String, Long>> TESTS = DataTests.RUN_TESTS;

  private final PCollectionView<Long> asOfDay;
  private final boolean flagsUnknownAmounts;

  /**
   * {@code flagsUnknownAmounts}: whether lines may have unknown amounts, which the facts then count
   * ({@link SummaryKeys#UNKNOWN_AMOUNTS}).
   */
  public RunFacts(PCollectionView<Long> asOfDay, boolean flagsUnknownAmounts) {
    this.asOfDay = asOfDay;
    this.flagsUnknownAmounts = flagsUnknownAmounts;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple staged) {
    PCollectionList<KV<String, Long>> tallies =
        PCollectionList.of(
                staged
                    .get(DropDuplicates.LINES_PER_DAY)
                    .apply(
                        "TallyKept", ParDo.of(BundleTally.summing(SummaryKeys.KEPT, KV::getValue))))
            .and(
                staged
                    .get(DropDuplicates.DUPLICATES)
                    .apply(
                        "TallyDuplicates",
                        ParDo.of(BundleTally.summing(SummaryKeys.DUPLICATES, n -> n))))
            .and(
                staged
                    .get(Staging.REJECTS)
                    .apply(
                        "TallyRejected",
                        ParDo.of(
                            BundleTally.counting((Reject r) -> SummaryKeys.rejected(r.reason)))));
    if (flagsUnknownAmounts) {
      tallies =
          tallies.and(
              staged
                  .get(DropDuplicates.UNIQUE)
                  .apply(
                      "TallyUnknownAmounts",
                      ParDo.of(
                          BundleTally.summing(
                              SummaryKeys.UNKNOWN_AMOUNTS,
                              (InvoiceLine line) -> line.amountKnown ? 0L : 1L))));
    }
    PCollection<KV<String, Long>> tallied =
        tallies
            .apply("AllTallies", Flatten.pCollections())
            .setCoder(FACT_CODER)
            .apply("SumTallies", Combine.perKey(Exact.sum()));
    PCollectionTuple accounting = staged.apply("LineAccounting", new LineAccounting());
    PCollection<KV<String, Long>> facts =
        PCollectionList.of(staged.get(ReadInvoices.FACTS))
            .and(accounting.get(LineAccounting.FACTS))
            .and(tallied)
            .apply("AllFacts", Flatten.pCollections());
    PCollection<KV<String, Long>> linesAfterAsOf =
        staged
            .get(DropDuplicates.LINES_PER_DAY)
            .apply(
                "TallyLinesAfterAsOf",
                ParDo.of(new LinesAfterAsOfFn(asOfDay)).withSideInputs(asOfDay))
            .setCoder(FACT_CODER);
    PCollection<KV<String, Long>> runTests =
        PCollectionList.of(staged.get(ReadInvoices.FACTS))
            .and(tallied)
            .and(linesAfterAsOf)
            .apply("FactsAndLinesAfterAsOf", Flatten.pCollections())
            .apply("CollectFacts", GatherAll.of())
            .apply("JudgeRunTests", ParDo.of(new RunTestsFn()))
            .setCoder(FACT_CODER);
    return PCollectionTuple.of(FACTS, facts)
        .and(
            TESTS,
            PCollectionList.of(runTests)
                .and(accounting.get(LineAccounting.TESTS))
                .apply("RunTests", Flatten.pCollections()));
  }

  private static final KvCoder<String, Long> FACT_CODER =
      KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
  private static final String LINES_AFTER_AS_OF = "lines_on_or_after_as_of";

  /**
   * Kept lines on or after the reference date, from the lines per day: metrics "as of" a date
   * cannot use them.
   */
  static class LinesAfterAsOfFn extends BundleTally<KV<Long, Long>> {
    private final PCollectionView<Long> asOfDay;

    LinesAfterAsOfFn(PCollectionView<Long> asOfDay) {
      this.asOfDay = asOfDay;
    }

    @Override
    protected void add(ProcessContext context, Map<String, Long> totals) {
      if (context.element().getKey() >= context.sideInput(asOfDay)) {
        add(totals, LINES_AFTER_AS_OF, context.element().getValue());
      }
    }
  }

  /**
   * The tests of the run as a whole from its summed facts: every record read is kept, rejected or a
   * duplicate, and no kept line is on or after the reference date.
   */
  static class RunTestsFn extends DoFn<Iterable<KV<String, Long>>, KV<String, Long>> {
    @ProcessElement
    public void process(
        @Element Iterable<KV<String, Long>> all, OutputReceiver<KV<String, Long>> out) {
      Map<String, Long> facts = new HashMap<>();
      all.forEach(f -> facts.merge(f.getKey(), f.getValue(), Exact::add));
      long accounted =
          Exact.add(
              Exact.add(
                  Exact.add(
                      facts.getOrDefault(SummaryKeys.KEPT, 0L),
                      facts.getOrDefault(SummaryKeys.TABLE_ROWS, 0L)),
                  facts.getOrDefault(SummaryKeys.DUPLICATES, 0L)),
              SummaryKeys.rejectedByReason(facts).values().stream().reduce(0L, Exact::add));
      out.output(
          KV.of(
              "reconcile(read = kept + table_rows + rejected + duplicates)",
              facts.getOrDefault(SummaryKeys.READ, 0L) == accounted ? 0L : 1L));
      out.output(KV.of("no_line_on_or_after_as_of", facts.getOrDefault(LINES_AFTER_AS_OF, 0L)));
    }
  }
}
