package io.segmart.staging;

import io.segmart.model.InvoiceLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
 * Keeps each order line once (SPEC section 2): lines with the same {@link InvoiceLine#identity()} are
 * duplicates whatever their description says; the copy kept carries the alphabetically first
 * description, so the choice does not depend on arrival order.
 *
 * <p>Copies of a line share its customer, so the lines are grouped by customer, not by line: the one
 * shuffle then serves both this step and the customer metrics after it ({@link #BY_CUSTOMER}), and the
 * number of keys is the number of customers. A customer's lines must fit in a worker's memory (a
 * million lines is about 300 MB).
 */
public class DropDuplicates extends PTransform<PCollection<InvoiceLine>, PCollectionTuple> {
  /** Each kept line once, stamped with its invoice time. */
  public static final TupleTag<InvoiceLine> UNIQUE = new TupleTag<InvoiceLine>() {};
  /** Each customer's kept lines, once each. */
  public static final TupleTag<KV<String, List<InvoiceLine>>> BY_CUSTOMER = new TupleTag<KV<String, List<InvoiceLine>>>() {};
  /** Per line that had copies, how many copies were dropped. */
  public static final TupleTag<Long> DUPLICATES = new TupleTag<Long>() {};

  @Override
  public PCollectionTuple expand(PCollection<InvoiceLine> lines) {
    PCollectionTuple result = lines
        .apply("KeyByCustomer", WithKeys.of((InvoiceLine line) -> line.customerId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), lines.getCoder()))
        // Groups take the earliest line's time, so each line can be given back its own event time.
        .apply("EarliestTimestamp", Window.<KV<String, InvoiceLine>>configure().withTimestampCombiner(TimestampCombiner.EARLIEST))
        .apply("GroupByCustomer", GroupByKey.create())
        .apply("KeepOneCopy", ParDo.of(new KeepOneCopyFn()).withOutputTags(BY_CUSTOMER, TupleTagList.of(UNIQUE).and(DUPLICATES)));
    result.get(UNIQUE).setCoder(lines.getCoder());
    result.get(BY_CUSTOMER).setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(lines.getCoder())));
    return result;
  }

  static class KeepOneCopyFn extends DoFn<KV<String, Iterable<InvoiceLine>>, KV<String, List<InvoiceLine>>> {
    private static final Comparator<InvoiceLine> BY_IDENTITY = Comparator.comparing(InvoiceLine::identity);
    private final Counter duplicates = Metrics.counter("dedup", "duplicates");

    @ProcessElement
    public void process(@Element KV<String, Iterable<InvoiceLine>> customer, MultiOutputReceiver out) {
      Map<String, InvoiceLine> kept = new HashMap<>();
      Map<String, Long> copies = new HashMap<>();
      for (InvoiceLine line : customer.getValue()) {
        String identity = line.identity();
        kept.merge(identity, line, KeepOneCopyFn::first);
        copies.merge(identity, 1L, Long::sum);
      }
      List<InvoiceLine> unique = new ArrayList<>(kept.values());
      unique.sort(BY_IDENTITY);
      for (InvoiceLine line : unique) {
        out.get(UNIQUE).outputWithTimestamp(line, line.invoiceTs);
        long dropped = copies.get(line.identity()) - 1;
        if (dropped > 0) {
          duplicates.inc(dropped);
          out.get(DUPLICATES).output(dropped);
        }
      }
      out.get(BY_CUSTOMER).output(KV.of(customer.getKey(), unique));
    }

    private static InvoiceLine first(InvoiceLine a, InvoiceLine b) {
      return Objects.toString(a.description, "").compareTo(Objects.toString(b.description, "")) <= 0 ? a : b;
    }
  }
}
