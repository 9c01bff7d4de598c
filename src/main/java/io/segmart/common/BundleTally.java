package io.segmart.common;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Counts or sums what it reads under named keys and outputs one total per key per bundle, for
 * totals over large collections in the global window: a runner ships a handful of totals instead of
 * an element per row, and the graph gets one step instead of a global combine's dozen. The totals
 * are summed by key downstream ({@link Exact#sum()}).
 */
public abstract class BundleTally<T> extends DoFn<T, KV<String, Long>> {
  private transient Map<String, Long> totals;

  /** Adds what the context's element counts for to {@code totals}. */
  protected abstract void add(ProcessContext context, Map<String, Long> totals);

  @StartBundle
  public void startBundle() {
    totals = new HashMap<>();
  }

  @ProcessElement
  public void process(ProcessContext context) {
    add(context, totals);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    totals.forEach(
        (key, total) ->
            context.output(
                KV.of(key, total), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
    totals = null;
  }

  /** Counts elements under the key each one gives. */
  public static <T> BundleTally<T> counting(SerializableFunction<T, String> key) {
    return new BundleTally<T>() {
      @Override
      protected void add(ProcessContext context, Map<String, Long> totals) {
        add(totals, key.apply(context.element()), 1);
      }
    };
  }

  /** Sums a number of each element under {@code key}. */
  public static <T> BundleTally<T> summing(String key, SerializableFunction<T, Long> number) {
    return new BundleTally<T>() {
      @Override
      protected void add(ProcessContext context, Map<String, Long> totals) {
        add(totals, key, number.apply(context.element()));
      }
    };
  }

  /** Adds {@code n} to the total of {@code key}, failing on overflow. */
  protected static void add(Map<String, Long> totals, String key, long n) {
    totals.merge(key, n, Exact::add);
  }
}
