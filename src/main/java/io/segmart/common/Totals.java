package io.segmart.common;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.util.SerializableSupplier;

/**
 * A combine that merges partial totals (a few counters and maps, such as {@link PartialTotals}' one
 * per bundle) into one: the totals class says how two of them merge.
 */
public final class Totals<T extends Totals.Mergeable<T>> extends Combine.CombineFn<T, T, T> {

  /** Totals that can take in another of their kind. */
  public interface Mergeable<T> extends Serializable {
    void merge(T other);
  }

  /** Intermediate totals in the first of {@link #merged}'s two rounds. */
  private static final int FANOUT = 16;

  private final Coder<T> coder;
  private final SerializableSupplier<T> empty;

  private Totals(Coder<T> coder, SerializableSupplier<T> empty) {
    this.coder = coder;
    this.empty = empty;
  }

  /**
   * Merges partial totals into one, in two rounds. The DirectRunner keeps a key's values in a
   * buffer that it copies, value by value through the coder, each time another bundle adds to it:
   * merged in one round, every partial is copied once per later partial. Through {@value #FANOUT}
   * intermediate totals the copies are about {@value #FANOUT} times fewer; other runners pay one
   * more small shuffle.
   */
  public static <T extends Mergeable<T>> Combine.Globally<T, T> merged(
      Coder<T> coder, SerializableSupplier<T> empty) {
    return Combine.globally(new Totals<>(coder, empty)).withFanout(FANOUT);
  }

  @Override
  public T createAccumulator() {
    return empty.get();
  }

  @Override
  public T addInput(T totals, T input) {
    totals.merge(input);
    return totals;
  }

  @Override
  public T mergeAccumulators(Iterable<T> all) {
    // Into the first one, as Beam allows: runners merge a growing total with one new total per
    // element, and copying the growing one each time is quadratic.
    Iterator<T> totals = all.iterator();
    T merged = totals.hasNext() ? totals.next() : empty.get();
    totals.forEachRemaining(merged::merge);
    return merged;
  }

  @Override
  public T extractOutput(T totals) {
    return totals;
  }

  @Override
  public Coder<T> getAccumulatorCoder(CoderRegistry registry, Coder<T> inputCoder) {
    return coder;
  }

  @Override
  public Coder<T> getDefaultOutputCoder(CoderRegistry registry, Coder<T> inputCoder) {
    return coder;
  }
}
