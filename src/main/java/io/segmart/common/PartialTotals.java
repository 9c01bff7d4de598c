package io.segmart.common;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableBiConsumer;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.SerializableSupplier;

/**
 * Totals what it reads into one partial total per bundle, for a global combine downstream that then
 * merges a handful of partials instead of encoding every element for its pre-combining sort.
 * Collections in the global window only.
 */
public final class PartialTotals<InputT, T extends Totals.Mergeable<T>> extends DoFn<InputT, T> {
  private final SerializableSupplier<T> empty;
  private final SerializableBiConsumer<T, InputT> add;
  private transient T partial;

  private PartialTotals(SerializableSupplier<T> empty, SerializableBiConsumer<T, InputT> add) {
    this.empty = empty;
    this.add = add;
  }

  public static <InputT, T extends Totals.Mergeable<T>> PartialTotals<InputT, T> of(
      SerializableSupplier<T> empty, SerializableBiConsumer<T, InputT> add) {
    return new PartialTotals<>(empty, add);
  }

  @StartBundle
  public void startBundle() {
    partial = empty.get();
  }

  @ProcessElement
  public void process(@Element InputT element) {
    add.accept(partial, element);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    context.output(partial, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
    partial = null;
  }
}
