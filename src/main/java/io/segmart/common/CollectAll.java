package io.segmart.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Collects a whole PCollection into one list on one worker, for the steps that need every element at
 * once (global ranks). Gives an empty list for an empty input.
 */
public class CollectAll<T> extends Combine.CombineFn<T, List<T>, List<T>> {

  public static <T> Combine.Globally<T, List<T>> globally() {
    return Combine.globally(new CollectAll<T>());
  }

  @Override
  public List<T> createAccumulator() {
    return new ArrayList<>();
  }

  @Override
  public List<T> addInput(List<T> acc, T element) {
    acc.add(element);
    return acc;
  }

  @Override
  public List<T> mergeAccumulators(Iterable<List<T>> accumulators) {
    List<T> merged = new ArrayList<>();
    accumulators.forEach(merged::addAll);
    return merged;
  }

  @Override
  public List<T> extractOutput(List<T> acc) {
    return acc;
  }

  @Override
  public Coder<List<T>> getAccumulatorCoder(CoderRegistry registry, Coder<T> inputCoder) {
    return ListCoder.of(inputCoder);
  }

  @Override
  public Coder<List<T>> getDefaultOutputCoder(CoderRegistry registry, Coder<T> inputCoder) {
    return ListCoder.of(inputCoder);
  }
}
