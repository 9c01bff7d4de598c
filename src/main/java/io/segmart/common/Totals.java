package io.segmart.common;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.SerializableBiConsumer;
import org.apache.beam.sdk.util.SerializableSupplier;

/**
 * A combine over small mutable totals (a few counters and sets): the totals class says how two of
 * them merge; the caller says how one input is added. Totals are encoded with Java serialization,
 * which is fine for the handful of partial totals per worker that a combine ships.
 */
public final class Totals<InputT, T extends Totals.Mergeable<T>>
    extends Combine.CombineFn<InputT, T, T> {

  /** Totals that can take in another of their kind. */
  public interface Mergeable<T> extends Serializable {
    void merge(T other);
  }

  private final Coder<T> coder;
  private final SerializableSupplier<T> empty;
  private final SerializableBiConsumer<T, InputT> add;

  private Totals(
      Coder<T> coder, SerializableSupplier<T> empty, SerializableBiConsumer<T, InputT> add) {
    this.coder = coder;
    this.empty = empty;
    this.add = add;
  }

  public static <InputT, T extends Mergeable<T>> Totals<InputT, T> of(
      Class<T> type, SerializableSupplier<T> empty, SerializableBiConsumer<T, InputT> add) {
    return new Totals<>(SerializableCoder.of(type), empty, add);
  }

  /**
   * Totals encoded by {@code coder}: for totals that a combine ships once per key rather than once
   * per worker.
   */
  public static <InputT, T extends Mergeable<T>> Totals<InputT, T> of(
      Coder<T> coder, SerializableSupplier<T> empty, SerializableBiConsumer<T, InputT> add) {
    return new Totals<>(coder, empty, add);
  }

  @Override
  public T createAccumulator() {
    return empty.get();
  }

  @Override
  public T addInput(T totals, InputT input) {
    add.accept(totals, input);
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
  public Coder<T> getAccumulatorCoder(CoderRegistry registry, Coder<InputT> inputCoder) {
    return coder;
  }

  @Override
  public Coder<T> getDefaultOutputCoder(CoderRegistry registry, Coder<InputT> inputCoder) {
    return coder;
  }
}
