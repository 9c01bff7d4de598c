package io.segmart.run;

import io.segmart.common.BundleTally;
import io.segmart.common.Exact;
import io.segmart.common.GatherAll;
import io.segmart.io.ReadInvoices;
import io.segmart.model.Reject;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceId;
import io.segmart.staging.DropDuplicates;
import io.segmart.staging.Staging;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
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
    // Every count keyed by input and term, the deduplication's by input id; summed where they
    // arise, then gathered: a few hundred pairs, accounted for on one worker in one step.
    PCollection<KV<String, Long>> read =
        staged
            .get(ReadInvoices.LINES)
            .apply(
                "ReadTerms",
                MapElements.into(COUNT)
                    .via(
                        t ->
                            KV.of(
                                byName(t.getKey().getKey(), t.getKey().getValue()), t.getValue())));
    PCollection<KV<String, Long>> rejected =
        staged
            .get(Staging.REJECTS)
            .apply(
                "RejectTerms",
                ParDo.of(BundleTally.counting((Reject r) -> byName(r.source, term(r)))));
    PCollection<KV<String, Long>> deduplicated =
        staged
            .get(DropDuplicates.PER_SOURCE)
            .apply(
                "DeduplicationTerms",
                MapElements.into(COUNT)
                    .via(
                        t ->
                            KV.of(byId(t.getKey().getKey(), t.getKey().getValue()), t.getValue())));
    return PCollectionList.of(read)
        .and(rejected)
        .and(deduplicated)
        .apply("AllTerms", Flatten.pCollections())
        .apply("SumPerInputAndTerm", Combine.perKey(Exact.sum()))
        .apply("GatherTerms", GatherAll.of())
        .apply(
            "AccountPerInput",
            ParDo.of(new AccountFn()).withOutputTags(FACTS, TupleTagList.of(TESTS)));
  }

  private static final TypeDescriptor<KV<String, Long>> COUNT =
      TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs());

  /** A count's key: term, then the input's name or id. */
  private static String byName(String input, String term) {
    return "n" + term + ":" + input;
  }

  private static String byId(long input, String term) {
    return "i" + term + ":" + input;
  }

  private static String term(Reject reject) {
    return reject.reason.equals(RejectReason.DAMAGED_FILE.code()) ? DAMAGED : REJECTED;
  }

  /** Per input, its terms summed; the facts, and 1 per input whose lines do not add up. */
  static class AccountFn extends DoFn<Iterable<KV<String, Long>>, KV<String, Long>> {
    @ProcessElement
    public void process(@Element Iterable<KV<String, Long>> counts, MultiOutputReceiver out) {
      // Counts by name go straight to their input; those by id wait for the names to be known.
      Map<String, Map<String, Long>> inputs = new TreeMap<>();
      Map<Long, Map<String, Long>> byId = new HashMap<>();
      for (KV<String, Long> count : counts) {
        String key = count.getKey();
        int colon = key.indexOf(':');
        String term = key.substring(1, colon);
        String input = key.substring(colon + 1);
        Map<String, Long> terms =
            key.startsWith("n")
                ? inputs.computeIfAbsent(input, name -> new HashMap<>())
                : byId.computeIfAbsent(Long.parseLong(input), id -> new HashMap<>());
        terms.merge(term, count.getValue(), Exact::add);
      }
      Map<Long, String> names = new HashMap<>();
      inputs.keySet().forEach(name -> names.put(SourceId.of(name), name));
      for (Map.Entry<Long, Map<String, Long>> input : byId.entrySet()) {
        String name =
            names.getOrDefault(input.getKey(), "input #" + Long.toHexString(input.getKey()));
        Map<String, Long> terms = inputs.computeIfAbsent(name, n -> new HashMap<>());
        input.getValue().forEach((term, n) -> terms.merge(term, n, Exact::add));
      }
      long unaccounted = 0;
      for (Map.Entry<String, Map<String, Long>> input : inputs.entrySet()) {
        Map<String, Long> terms = input.getValue();
        terms.forEach(
            (term, n) -> out.get(FACTS).output(KV.of(SummaryKeys.input(input.getKey(), term), n)));
        long parts = 0;
        for (String part : PARTS) {
          parts += terms.getOrDefault(part, 0L);
        }
        if (parts != terms.getOrDefault(ReadInvoices.LINES_READ, 0L)) {
          LOG.error("The lines of input {} do not add up: {}", input.getKey(), terms);
          unaccounted++;
        }
      }
      out.get(TESTS).output(KV.of(TEST, unaccounted));
    }
  }
}
