package io.segmart.intermediate;

import io.segmart.common.SchemaCoders;
import io.segmart.model.CustomerState;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An incremental run's customers: the state the previous run kept ({@link CustomerState}) with this
 * delivery's lines added. Every customer of either comes out with all their orders ({@link
 * #ORDERS_BY_CUSTOMER}, sorted by invoice id as {@link CollectOrders} sorts them), so the metrics
 * as of this run's date equal those of a run over every line ever delivered:
 *
 * <ul>
 *   <li>a line of an invoice already in the state (a late part of it) grows that order, which keeps
 *       its earliest time;
 *   <li>a line dated in an earlier week is counted by its own time: the metrics as of a date only
 *       look at order times, whenever the lines arrived;
 *   <li>a copy of a line an earlier delivery held (same {@link InvoiceLine#identity()}, recognised
 *       by its fingerprint) is dropped and counted in {@link #EARLIER_COPIES}; copies within the
 *       delivery are dropped before, by {@link io.segmart.staging.DropDuplicates}.
 * </ul>
 *
 * The state keeps every order, not only the last 365 days': the 365-day revenue is taken from the
 * order times as of each run's date, and a late line may belong to any earlier order.
 */
public class AddDelivery extends PTransform<PCollectionTuple, PCollectionTuple> {
  /** This delivery's kept lines, each customer's together. */
  public static final TupleTag<KV<String, List<InvoiceLine>>> LINES =
      new TupleTag<KV<String, List<InvoiceLine>>>("delivery_lines") {};

  /** The state the previous run kept. */
  public static final TupleTag<CustomerState> PREVIOUS =
      new TupleTag<CustomerState>("previous_state") {};

  public static final TupleTag<KV<String, List<Order>>> ORDERS_BY_CUSTOMER =
      new TupleTag<KV<String, List<Order>>>("orders_by_customer") {};

  /** The state for the next run. */
  public static final TupleTag<CustomerState> STATE = new TupleTag<CustomerState>("state") {};

  /** Per customer with any, the lines dropped as copies of lines of an earlier delivery. */
  public static final TupleTag<Long> EARLIER_COPIES = new TupleTag<Long>("earlier_copies") {};

  /**
   * Buckets of customers the lines and the state are joined by: a few hundred groups rather than
   * one per customer, which the DirectRunner would each make a bundle of for every later step.
   */
  static final int BUCKETS = 256;

  @Override
  public PCollectionTuple expand(PCollectionTuple input) {
    PCollection<CustomerState> previous = input.get(PREVIOUS);
    PCollection<KV<String, List<InvoiceLine>>> delivered = input.get(LINES);
    TupleTag<KV<String, List<InvoiceLine>>> lines = new TupleTag<>();
    TupleTag<CustomerState> state = new TupleTag<>();
    PCollectionTuple merged =
        KeyedPCollectionTuple.of(
                lines,
                delivered
                    .apply("LinesByBucket", WithKeys.of(c -> bucket(c.getKey())))
                    .setCoder(KvCoder.of(VarIntCoder.of(), delivered.getCoder())))
            .and(
                state,
                previous
                    .apply("StateByBucket", WithKeys.of((CustomerState s) -> bucket(s.customerId)))
                    .setCoder(KvCoder.of(VarIntCoder.of(), previous.getCoder())))
            .apply("JoinStateAndLines", CoGroupByKey.create())
            .apply(
                "AddLinesToOrders",
                ParDo.of(new AddLinesFn(lines, state))
                    .withOutputTags(
                        ORDERS_BY_CUSTOMER, TupleTagList.of(STATE).and(EARLIER_COPIES)));
    merged
        .get(ORDERS_BY_CUSTOMER)
        .setCoder(
            KvCoder.of(
                StringUtf8Coder.of(),
                ListCoder.of(SchemaCoders.of(input.getPipeline(), Order.class))));
    merged.get(STATE).setCoder(previous.getCoder());
    merged.get(EARLIER_COPIES).setCoder(VarLongCoder.of());
    return merged;
  }

  static int bucket(String customerId) {
    return Math.floorMod(customerId.hashCode(), BUCKETS);
  }

  static class AddLinesFn extends DoFn<KV<Integer, CoGbkResult>, KV<String, List<Order>>> {
    private final Counter earlierCopies =
        Metrics.counter(AddDelivery.class, "copies_of_earlier_deliveries");
    private final TupleTag<KV<String, List<InvoiceLine>>> lines;
    private final TupleTag<CustomerState> state;

    AddLinesFn(TupleTag<KV<String, List<InvoiceLine>>> lines, TupleTag<CustomerState> state) {
      this.lines = lines;
      this.state = state;
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> bucket, MultiOutputReceiver out) {
      // Customers in id order, so that outputs do not depend on arrival order.
      Map<String, CustomerState> before = new TreeMap<>();
      bucket.getValue().getAll(state).forEach(s -> before.put(s.customerId, s));
      Map<String, List<InvoiceLine>> delivered = new TreeMap<>();
      for (KV<String, List<InvoiceLine>> customer : bucket.getValue().getAll(lines)) {
        delivered
            .computeIfAbsent(customer.getKey(), k -> new ArrayList<>())
            .addAll(customer.getValue());
      }
      Set<String> customers = new TreeSet<>(before.keySet());
      customers.addAll(delivered.keySet());
      for (String customer : customers) {
        add(customer, before.get(customer), delivered.getOrDefault(customer, List.of()), out);
      }
    }

    private void add(
        String customer,
        @Nullable CustomerState before,
        List<InvoiceLine> delivered,
        MultiOutputReceiver out) {
      Map<String, Order> byInvoice = new HashMap<>();
      long[] known = new long[0];
      if (before != null) {
        before.orders.forEach(o -> byInvoice.put(o.invoiceId, o));
        known = before.lineFingerprints.stream().mapToLong(Long::longValue).toArray();
      }
      Set<Long> added = new TreeSet<>();
      long copies = 0;
      for (InvoiceLine line : delivered) {
        long fingerprint = line.fingerprint();
        if (Arrays.binarySearch(known, fingerprint) >= 0 || !added.add(fingerprint)) {
          copies++;
          continue;
        }
        byInvoice.merge(line.invoiceId, Order.of(line), Order::plus);
      }
      List<Order> orders = new ArrayList<>(byInvoice.values());
      orders.sort(Comparator.comparing(o -> o.invoiceId));
      List<Long> fingerprints = new ArrayList<>(known.length + added.size());
      for (long f : known) {
        fingerprints.add(f);
      }
      fingerprints.addAll(added);
      fingerprints.sort(null);
      out.get(ORDERS_BY_CUSTOMER).output(KV.of(customer, orders));
      out.get(STATE).output(new CustomerState(customer, orders, fingerprints));
      if (copies > 0) {
        earlierCopies.inc(copies);
        out.get(EARLIER_COPIES).output(copies);
      }
    }
  }
}
