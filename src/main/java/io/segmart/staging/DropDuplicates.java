package io.segmart.staging;

import io.segmart.model.InvoiceLine;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps each order line once: lines with the same {@link InvoiceLine#identity()} are duplicates
 * whatever their description says; the copy kept carries the alphabetically first description, so
 * the choice does not depend on arrival order.
 *
 * <p>Copies of a line share its customer, so the lines are grouped by customer, not by line: the
 * one shuffle then serves both this step and the customer metrics after it ({@link #BY_CUSTOMER}).
 * The grouping key is one of {@link #BUCKETS} buckets of customers rather than the customer itself,
 * and each bucket is sorted out by customer in memory: a few hundred groups instead of one per
 * customer, which the DirectRunner would each make a bundle of for every step that follows. A
 * bucket's lines must fit in a worker's memory (10M lines make buckets of about 40,000 lines, about
 * 15 MB).
 */
public class DropDuplicates extends PTransform<PCollection<InvoiceLine>, PCollectionTuple> {
  /** Each kept line once, stamped with its invoice time. */
  public static final TupleTag<InvoiceLine> UNIQUE = new TupleTag<InvoiceLine>() {};

  /** Each customer's kept lines, once each. */
  public static final TupleTag<KV<String, List<InvoiceLine>>> BY_CUSTOMER =
      new TupleTag<KV<String, List<InvoiceLine>>>() {};

  /** Per line that had copies, how many copies were dropped. */
  public static final TupleTag<Long> DUPLICATES = new TupleTag<Long>() {};

  /**
   * Kept lines per day (epoch day in the source's time zone) of one bucket of customers. The
   * counts, the newest day and the lines on or after the reference date come from these few pairs,
   * not from another pass over every line.
   */
  public static final TupleTag<KV<Long, Long>> LINES_PER_DAY = new TupleTag<KV<Long, Long>>() {};

  /**
   * Kept lines and dropped copies per input, keyed by {@link io.segmart.model.SourceId} and {@link
   * #KEPT} or {@link #DROPPED}, a few pairs per customer: for each input's line accounting.
   */
  public static final TupleTag<KV<KV<Long, String>, Long>> PER_SOURCE =
      new TupleTag<KV<KV<Long, String>, Long>>() {};

  /** Buckets of customers the lines are grouped by. */
  static final int BUCKETS = 256;

  public static final String KEPT = "kept";
  public static final String DROPPED = "duplicates";

  private final String timeZone;

  public DropDuplicates(String timeZone) {
    this.timeZone = timeZone;
  }

  @Override
  public PCollectionTuple expand(PCollection<InvoiceLine> lines) {
    PCollectionTuple result =
        lines
            .apply(
                "KeyByCustomerBucket",
                WithKeys.of(
                        (InvoiceLine line) -> Math.floorMod(line.customerId.hashCode(), BUCKETS))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), lines.getCoder()))
            // Groups take the earliest line's time, so each line can be given back its own event
            // time.
            .apply(
                "EarliestTimestamp",
                Window.<KV<Integer, InvoiceLine>>configure()
                    .withTimestampCombiner(TimestampCombiner.EARLIEST))
            .apply("GroupByCustomerBucket", GroupByKey.create())
            // Everything after this grouping gets Beam's default combiner back. EARLIEST would
            // carry on into
            // every later grouping, and Flink's batch runner groups such windowing by first
            // gathering each
            // key's values into one record, which a sort buffer cannot hold once a key (a mart
            // file, a global
            // ranking) has millions of values. With END_OF_WINDOW, Flink streams a key's values
            // instead.
            .apply(
                "DefaultTimestampCombiner",
                Window.<KV<Integer, Iterable<InvoiceLine>>>configure()
                    .withTimestampCombiner(TimestampCombiner.END_OF_WINDOW))
            .apply(
                "KeepOneCopy",
                ParDo.of(new KeepOneCopyFn(timeZone))
                    .withOutputTags(
                        BY_CUSTOMER,
                        TupleTagList.of(UNIQUE)
                            .and(DUPLICATES)
                            .and(LINES_PER_DAY)
                            .and(PER_SOURCE)));
    result.get(UNIQUE).setCoder(lines.getCoder());
    result
        .get(BY_CUSTOMER)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(lines.getCoder())));
    result.get(LINES_PER_DAY).setCoder(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()));
    result
        .get(PER_SOURCE)
        .setCoder(
            KvCoder.of(KvCoder.of(VarLongCoder.of(), StringUtf8Coder.of()), VarLongCoder.of()));
    return result;
  }

  static class KeepOneCopyFn
      extends DoFn<KV<Integer, Iterable<InvoiceLine>>, KV<String, List<InvoiceLine>>> {
    private final Counter duplicates = Metrics.counter("dedup", "duplicates");
    private final ZoneId zone;

    KeepOneCopyFn(String timeZone) {
      this.zone = ZoneId.of(timeZone);
    }

    /**
     * The copy kept of one order line, and how many copies were seen. Copies that tie on the
     * description are the same line; the one of the lowest source id is kept so that each input's
     * count of kept lines does not depend on arrival order either.
     */
    private static final class Copies {
      InvoiceLine kept;
      long seen;

      /** The copy this one replaces or drops. */
      InvoiceLine add(InvoiceLine line) {
        seen++;
        if (kept == null) {
          kept = line;
          return null;
        }
        int order =
            Objects.toString(line.description, "")
                .compareTo(Objects.toString(kept.description, ""));
        if (order < 0 || (order == 0 && line.sourceId < kept.sourceId)) {
          InvoiceLine dropped = kept;
          kept = line;
          return dropped;
        }
        return line;
      }
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<InvoiceLine>> bucket, MultiOutputReceiver out) {
      // Customers in id order and each customer's lines ordered by identity, so the output does not
      // depend on arrival order.
      Map<String, Map<String, Copies>> customers = new TreeMap<>();
      Map<KV<Long, String>, Long> perSource = new HashMap<>();
      for (InvoiceLine line : bucket.getValue()) {
        InvoiceLine dropped =
            customers
                .computeIfAbsent(line.customerId, c -> new TreeMap<>())
                .computeIfAbsent(line.identity(), identity -> new Copies())
                .add(line);
        if (dropped != null) {
          perSource.merge(KV.of(dropped.sourceId, DROPPED), 1L, Long::sum);
        }
      }
      Map<Long, Long> linesPerDay = new TreeMap<>();
      customers.forEach(
          (customer, byIdentity) -> {
            List<InvoiceLine> unique = new ArrayList<>(byIdentity.size());
            for (Copies copies : byIdentity.values()) {
              unique.add(copies.kept);
              linesPerDay.merge(
                  copies.kept.localTime(zone).toLocalDate().toEpochDay(), 1L, Long::sum);
              out.get(UNIQUE).outputWithTimestamp(copies.kept, copies.kept.invoiceTs);
              perSource.merge(KV.of(copies.kept.sourceId, KEPT), 1L, Long::sum);
              if (copies.seen > 1) {
                duplicates.inc(copies.seen - 1);
                out.get(DUPLICATES).output(copies.seen - 1);
              }
            }
            out.get(BY_CUSTOMER).output(KV.of(customer, unique));
          });
      linesPerDay.forEach((day, n) -> out.get(LINES_PER_DAY).output(KV.of(day, n)));
      perSource.forEach((source, n) -> out.get(PER_SOURCE).output(KV.of(source, n)));
    }
  }
}
