package io.segmart.common;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Brings a whole PCollection to one worker as one iterable, for the steps that need every element
 * at once (global ranks). A grouping, not a combine: elements cross the shuffle one by one, so no
 * single record grows with the input (runners such as Flink cap the size of one record; on Flink
 * this holds only with the default timestamp combiner, see DropDuplicates). An empty input gives no
 * output at all.
 */
public class GatherAll<T> extends PTransform<PCollection<T>, PCollection<Iterable<T>>> {

  public static <T> GatherAll<T> of() {
    return new GatherAll<>();
  }

  @Override
  public PCollection<Iterable<T>> expand(PCollection<T> input) {
    return input
        .apply("SingleKey", WithKeys.<Integer, T>of(0).withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), input.getCoder()))
        .apply("GroupAll", GroupByKey.create())
        .apply("All", Values.create());
  }
}
