package io.segmart.run;

import io.segmart.common.Exact;
import io.segmart.io.ReadInvoices;
import io.segmart.model.Reject;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceId;
import io.segmart.staging.DropDuplicates;
import io.segmart.staging.Staging;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every physical line of every input accounted for: per input, its lines and how many were a
 * header, blank, continuation lines of multi-line records, kept, rejected or dropped as duplicates
 * ({@link #FACTS}, keyed by {@link SummaryKeys#input}), and the data test {@link #TEST} that {@code
 * lines = header + blank + continuation + kept + rejected + duplicates} holds for each. The unread
 * rest of a damaged file is counted apart ({@link #DAMAGED}): it has no lines to count.
 */
public class LineAccounting extends PTransform<PCollectionTuple, PCollectionTuple> {
  private static final Logger LOG = LoggerFactory.getLogger(LineAccounting.class);

  public static final TupleTag<KV<String, Long>> FACTS = new TupleTag<KV<String, Long>>() {};
  public static final TupleTag<KV<String, Long>> TESTS = new TupleTag<KV<String, Long>>() {};

  public static final String TEST =
      "accounting(lines = header + blank + continuation + kept + rejected + duplicates) per input";
  public static final String REJECTED = "rejected";
  public static final String DAMAGED = "damaged";

  /** The terms that must add up to the lines, in the order the summary lists them. */
  public static final List<String> PARTS =
      List.of(
          ReadInvoices.HEADER,
          ReadInvoices.BLANK,
          ReadInvoices.CONTINUATION,
          DropDuplicates.KEPT,
          REJECTED,
          DropDuplicates.DROPPED);

  @Override
  public PCollectionTuple expand(PCollectionTuple staged) {
    PCollection<KV<KV<String, String>, Long>> read = staged.get(ReadInvoices.LINES);
    PCollectionView<Map<Long, String>> names =
        read.apply(
                "OneTermPerInput",
                Filter.by(t -> t.getKey().getValue().equals(ReadInvoices.LINES_READ)))
            .apply(
                "InputIds",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.strings()))
                    .via(t -> KV.of(SourceId.of(t.getKey().getKey()), t.getKey().getKey())))
            .apply("DistinctInputIds", Combine.perKey(a -> a.iterator().next()))
            .apply("InputNames", View.asMap());
    PCollection<KV<KV<String, String>, Long>> rejected =
        staged
            .get(Staging.REJECTS)
            .apply(
                "RejectsPerInput",
                MapElements.into(termType()).via((Reject r) -> KV.of(KV.of(r.source, term(r)), 1L)))
            .setCoder(termCoder());
    PCollection<KV<KV<String, String>, Long>> deduplicated =
        staged
            .get(DropDuplicates.PER_SOURCE)
            .apply("NameInputs", ParDo.of(new NameInputsFn(names)).withSideInputs(names))
            .setCoder(termCoder());
    PCollection<KV<KV<String, String>, Long>> totals =
        PCollectionList.of(read)
            .and(rejected)
            .and(deduplicated)
            .apply("AllTerms", Flatten.pCollections())
            .apply("SumPerInputAndTerm", Combine.perKey(Exact.sum()));
    PCollection<KV<String, Long>> facts =
        totals.apply(
            "AsFacts",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(
                    t ->
                        KV.of(
                            SummaryKeys.input(t.getKey().getKey(), t.getKey().getValue()),
                            t.getValue())));
    PCollection<KV<String, Long>> failing =
        totals
            .apply(
                "ByInput",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(),
                            TypeDescriptors.kvs(
                                TypeDescriptors.strings(), TypeDescriptors.longs())))
                    .via(
                        t ->
                            KV.of(t.getKey().getKey(), KV.of(t.getKey().getValue(), t.getValue()))))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
            .apply("GroupByInput", GroupByKey.create())
            .apply("UnaccountedInputs", ParDo.of(new UnaccountedFn()))
            .apply("CountUnaccounted", Sum.longsGlobally())
            .apply(
                "AsTest",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                    .via(n -> KV.of(TEST, n)));
    return PCollectionTuple.of(FACTS, facts).and(TESTS, failing);
  }

  private static String term(Reject reject) {
    return reject.reason.equals(RejectReason.DAMAGED_FILE.code()) ? DAMAGED : REJECTED;
  }

  private static TypeDescriptor<KV<KV<String, String>, Long>> termType() {
    return TypeDescriptors.kvs(
        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()),
        TypeDescriptors.longs());
  }

  private static KvCoder<KV<String, String>, Long> termCoder() {
    return KvCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), VarLongCoder.of());
  }

  /** The deduplication's counts, keyed by input id, under the input's name. */
  static class NameInputsFn extends DoFn<KV<KV<Long, String>, Long>, KV<KV<String, String>, Long>> {
    private final PCollectionView<Map<Long, String>> names;

    NameInputsFn(PCollectionView<Map<Long, String>> names) {
      this.names = names;
    }

    @ProcessElement
    public void process(
        @Element KV<KV<Long, String>, Long> count,
        OutputReceiver<KV<KV<String, String>, Long>> out,
        ProcessContext c) {
      long id = count.getKey().getKey();
      String name = c.sideInput(names).getOrDefault(id, "input #" + Long.toHexString(id));
      out.output(KV.of(KV.of(name, count.getKey().getValue()), count.getValue()));
    }
  }

  /** 1 for an input whose lines do not add up, logged with its figures; nothing otherwise. */
  static class UnaccountedFn extends DoFn<KV<String, Iterable<KV<String, Long>>>, Long> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<KV<String, Long>>> input, OutputReceiver<Long> out) {
      Map<String, Long> terms = new HashMap<>();
      input.getValue().forEach(t -> terms.merge(t.getKey(), t.getValue(), Long::sum));
      long parts = 0;
      for (String part : PARTS) {
        parts += terms.getOrDefault(part, 0L);
      }
      if (parts != terms.getOrDefault(ReadInvoices.LINES_READ, 0L)) {
        LOG.error("The lines of input {} do not add up: {}", input.getKey(), terms);
        out.output(1L);
      }
    }
  }
}
