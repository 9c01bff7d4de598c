package io.segmart.marts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import io.segmart.common.GatherAll;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Data tests on every run, like dbt's: each test counts its failing rows. {@link #enforce} collects the
 * results and fails the run, naming every failing test, when any count is not zero; the marts are
 * written only after it passes.
 *
 * <p>The row tests of one mart (not null, accepted values, between, not empty) are evaluated together,
 * in one pass over its rows: on Flink every extra reader of a collection is another copy of it.
 */
public final class DataTests {
  private static final KvCoder<String, Long> RESULT_CODER = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  private final List<PCollection<KV<String, Long>>> results = new ArrayList<>();
  private final Map<PCollection<Row>, RowTests> rowTests = new LinkedHashMap<>();

  /** Rows whose column is null. */
  public DataTests notNull(String mart, PCollection<Row> rows, String column) {
    return count(mart, "not_null(" + mart + "." + column + ")", rows, row -> row.getValue(column) == null);
  }

  /** Values of the column that occur more than once, and nulls. */
  public DataTests uniqueAndNotNull(String mart, PCollection<Row> rows, String column) {
    notNull(mart, rows, column);
    String name = "unique(" + mart + "." + column + ")";
    results.add(rows
        .apply(name + "/Values", MapElements.into(TypeDescriptors.strings()).via(row -> Objects.toString(row.getValue(column))))
        .apply(name + "/Occurrences", Count.perElement())
        .apply(name + "/Repeated", Filter.by(kv -> kv.getValue() > 1))
        .apply(name + "/CountFailing", Count.globally())
        .apply(name + "/Result", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(n -> KV.of(name, n))));
    return this;
  }

  /** Rows whose column holds a value outside the accepted set. */
  public DataTests acceptedValues(String mart, PCollection<Row> rows, String column, Set<String> accepted) {
    return count(mart, "accepted_values(" + mart + "." + column + ")", rows,
        row -> !accepted.contains(Objects.toString(row.getValue(column))));
  }

  /** Rows whose integer column is outside [min, max]. */
  public DataTests between(String mart, PCollection<Row> rows, String column, int min, int max) {
    return count(mart, "between(" + mart + "." + column + "," + min + "," + max + ")", rows, row -> {
      int value = ((Number) row.getValue(column)).intValue();
      return value < min || value > max;
    });
  }

  /** Fails when a mart has no rows at all. */
  public DataTests notEmpty(String mart, PCollection<Row> rows) {
    rowTests(mart, rows).notEmpty = "not_empty(" + mart + ")";
    return this;
  }

  /** Fails when the numbers differ; every one given as a one-element PCollection. */
  public DataTests equal(String name, PBegin begin, List<PCollection<BigDecimal>> numbers) {
    List<PCollectionView<BigDecimal>> views = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      views.add(numbers.get(i).apply(name + "/View" + i, View.asSingleton()));
    }
    results.add(begin.apply(name + "/Start", org.apache.beam.sdk.transforms.Create.of(name))
        .apply(name + "/Compare", ParDo.of(new CompareFn(name, views)).withSideInputs(views)).setCoder(RESULT_CODER));
    return this;
  }

  /** A test computed elsewhere, as (test name, failing rows). */
  public DataTests add(PCollection<KV<String, Long>> result) {
    results.add(result);
    return this;
  }

  /** A mart's row count, as a number for {@link #equal}. */
  public static PCollection<BigDecimal> rowCount(String name, PCollection<Row> rows) {
    return rows.apply(name + "/RowCount", Count.globally())
        .apply(name + "/AsNumber", MapElements.into(TypeDescriptors.bigdecimals()).via(BigDecimal::valueOf));
  }

  /** The sum of a decimal column, as a number for {@link #equal}. */
  public static PCollection<BigDecimal> columnSum(String name, PCollection<Row> rows, String column) {
    return rows.apply(name + "/Cents", MapElements.into(TypeDescriptors.longs()).via(row -> Money.cents(row.getDecimal(column))))
        .apply(name + "/Sum", Sum.longsGlobally())
        .apply(name + "/AsMoney", MapElements.into(TypeDescriptors.bigdecimals()).via(Money::of));
  }

  /** A decimal or integer column of a one-row mart, as a number for {@link #equal}. */
  public static PCollection<BigDecimal> value(String name, PCollection<Row> oneRow, String column) {
    return oneRow.apply(name + "/Value", MapElements.into(TypeDescriptors.bigdecimals())
        .via(row -> new BigDecimal(row.getValue(column).toString())));
  }

  private DataTests count(String mart, String name, PCollection<Row> rows, SerializableFunction<Row, Boolean> failing) {
    RowTests tests = rowTests(mart, rows);
    tests.names.add(name);
    tests.failing.add(failing);
    return this;
  }

  private RowTests rowTests(String mart, PCollection<Row> rows) {
    return rowTests.computeIfAbsent(rows, r -> new RowTests(mart));
  }

  /** All results, test name to failing rows; the run fails here when any test fails. */
  public PCollection<KV<String, Long>> enforce(PBegin begin) {
    List<PCollection<KV<String, Long>>> all = new ArrayList<>(results);
    rowTests.forEach((rows, tests) -> all.add(rows
        .apply("RowTests_" + tests.mart, Combine.globally(new CountFailingFn(tests.failing)))
        .apply("RowTestResults_" + tests.mart, ParDo.of(new RowTestResultsFn(tests.names, tests.notEmpty)))
        .setCoder(RESULT_CODER)));
    return PCollectionList.of(all).apply("AllDataTests", Flatten.pCollections()).setCoder(RESULT_CODER)
        .apply("CollectResults", GatherAll.of())
        .apply("EnforceDataTests", ParDo.of(new EnforceFn()))
        .setCoder(RESULT_CODER);
  }

  /** The row tests registered on one mart. */
  private static final class RowTests {
    final String mart;
    final List<String> names = new ArrayList<>();
    final List<SerializableFunction<Row, Boolean>> failing = new ArrayList<>();
    @Nullable String notEmpty;

    RowTests(String mart) {
      this.mart = mart;
    }
  }

  /** Per test, the rows that fail it; the last slot counts all rows. */
  static class CountFailingFn extends Combine.CombineFn<Row, long[], long[]> {
    private final List<SerializableFunction<Row, Boolean>> failing;

    CountFailingFn(List<SerializableFunction<Row, Boolean>> failing) {
      this.failing = failing;
    }

    @Override
    public long[] createAccumulator() {
      return new long[failing.size() + 1];
    }

    @Override
    public long[] addInput(long[] counts, Row row) {
      for (int i = 0; i < failing.size(); i++) {
        if (failing.get(i).apply(row)) {
          counts[i]++;
        }
      }
      counts[failing.size()]++;
      return counts;
    }

    @Override
    public long[] mergeAccumulators(Iterable<long[]> all) {
      long[] merged = createAccumulator();
      for (long[] counts : all) {
        for (int i = 0; i < merged.length; i++) {
          merged[i] += counts[i];
        }
      }
      return merged;
    }

    @Override
    public long[] extractOutput(long[] counts) {
      return counts;
    }

    @Override
    public Coder<long[]> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(long[].class);
    }

    @Override
    public Coder<long[]> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(long[].class);
    }
  }

  static class RowTestResultsFn extends DoFn<long[], KV<String, Long>> {
    private final List<String> names;
    private final @Nullable String notEmpty;

    RowTestResultsFn(List<String> names, @Nullable String notEmpty) {
      this.names = names;
      this.notEmpty = notEmpty;
    }

    @ProcessElement
    public void process(@Element long[] counts, OutputReceiver<KV<String, Long>> out) {
      for (int i = 0; i < names.size(); i++) {
        out.output(KV.of(names.get(i), counts[i]));
      }
      if (notEmpty != null) {
        out.output(KV.of(notEmpty, counts[names.size()] == 0 ? 1L : 0L));
      }
    }
  }

  static class CompareFn extends DoFn<String, KV<String, Long>> {
    private final String name;
    private final List<PCollectionView<BigDecimal>> views;

    CompareFn(String name, List<PCollectionView<BigDecimal>> views) {
      this.name = name;
      this.views = views;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      BigDecimal first = c.sideInput(views.get(0));
      long mismatches = views.stream().filter(v -> c.sideInput(v).compareTo(first) != 0).count();
      c.output(KV.of(name, mismatches));
    }
  }

  static class EnforceFn extends DoFn<Iterable<KV<String, Long>>, KV<String, Long>> {
    @ProcessElement
    public void process(@Element Iterable<KV<String, Long>> results, OutputReceiver<KV<String, Long>> out) {
      Map<String, Long> sorted = new TreeMap<>();
      results.forEach(r -> sorted.put(r.getKey(), r.getValue()));
      List<String> failed = new ArrayList<>();
      sorted.forEach((name, failing) -> {
        Metrics.counter("data_tests", failing == 0 ? "passed" : "failed").inc();
        if (failing != 0) {
          failed.add(name + ": " + failing + " failing");
        }
        out.output(KV.of(name, failing));
      });
      if (!failed.isEmpty()) {
        throw new DataTestFailure(failed.size() + " of " + sorted.size() + " data tests failed, so no mart was written: "
            + String.join("; ", failed));
      }
    }
  }

  /** Thrown by the run when a data test fails; its message names the tests. */
  public static class DataTestFailure extends RuntimeException {
    public DataTestFailure(String message) {
      super(message);
    }
  }
}
