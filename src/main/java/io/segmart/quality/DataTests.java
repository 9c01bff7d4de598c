package io.segmart.quality;

import io.segmart.common.Exact;
import io.segmart.common.GatherAll;
import io.segmart.common.Money;
import io.segmart.marts.Mart;
import io.segmart.run.RunFailure;
import io.segmart.run.SummaryKeys;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The DataTests stage: runs every data test the marts declare (see {@link MartTests}), with the
 * tests of the run as a whole, like dbt's tests. Each test counts its failing rows; the stage fails
 * the run, naming every failing test, when any count is not zero, and the marts are written only
 * after it passes. Its output is every test's result as a run-summary fact ({@link
 * SummaryKeys#test}).
 *
 * <p>The row tests of one mart (not null, accepted values, between, not empty) are evaluated
 * together, in one pass over its rows: on Flink every extra reader of a collection is another copy
 * of it.
 */
public class DataTests extends PTransform<PCollectionTuple, PCollection<KV<String, Long>>> {
  /**
   * Results of the tests of the run as a whole (such as the read reconciliation), made elsewhere.
   */
  public static final TupleTag<KV<String, Long>> RUN_TESTS =
      new TupleTag<KV<String, Long>>("run_tests") {};

  /** This stage's output, where a later stage takes it with its marts. */
  public static final TupleTag<KV<String, Long>> RESULTS =
      new TupleTag<KV<String, Long>>("test_results") {};

  private static final KvCoder<String, Long> RESULT_CODER =
      KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  private final List<DataTest> tests;
  private final boolean failRun;

  /**
   * {@code tests}: every test declared by the marts, which the input holds under {@link Mart#tag};
   * {@code failRun}: whether a failing test fails the job, or is only reported in the results.
   */
  public DataTests(List<DataTest> tests, boolean failRun) {
    this.tests = tests;
    this.failRun = failRun;
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollectionTuple input) {
    List<PCollection<KV<String, Long>>> results = new ArrayList<>();
    results.add(input.get(RUN_TESTS));
    Map<String, List<DataTest>> rowTests = new LinkedHashMap<>();
    Map<String, String> notEmpty = new LinkedHashMap<>();
    for (DataTest test : tests) {
      PCollection<Row> rows = input.get(Mart.tag(test.mart));
      switch (test.kind) {
        case UNIQUE:
          results.add(unique(test, rows));
          break;
        case EQUALS_SUM:
          results.add(
              equal(
                  test.name,
                  input.getPipeline().begin(),
                  List.of(
                      columnSum(
                          test.name + "/Sum",
                          input.get(Mart.tag(test.others.get(0))),
                          test.others.get(1)),
                      value(test.name + "/Value", rows, test.column))));
          break;
        case EQUALS_ROW_COUNTS:
          List<PCollection<BigDecimal>> numbers = new ArrayList<>();
          for (String other : test.others) {
            numbers.add(rowCount(test.name + "/" + other, input.get(Mart.tag(other))));
          }
          numbers.add(value(test.name + "/Value", rows, test.column));
          results.add(equal(test.name, input.getPipeline().begin(), numbers));
          break;
        case NOT_EMPTY:
          rowTests.computeIfAbsent(test.mart, m -> new ArrayList<>());
          notEmpty.put(test.mart, test.name);
          break;
        default:
          rowTests.computeIfAbsent(test.mart, m -> new ArrayList<>()).add(test);
      }
    }
    rowTests.forEach(
        (mart, martTests) ->
            results.add(
                input
                    .get(Mart.tag(mart))
                    .apply("RowTests_" + mart, Combine.globally(new CountFailingFn(martTests)))
                    .apply(
                        "RowTestResults_" + mart,
                        ParDo.of(new RowTestResultsFn(martTests, notEmpty.get(mart))))
                    .setCoder(RESULT_CODER)));
    return PCollectionList.of(results)
        .apply("AllDataTests", Flatten.pCollections())
        .setCoder(RESULT_CODER)
        .apply("CollectResults", GatherAll.of())
        .apply("EnforceDataTests", ParDo.of(new EnforceFn(failRun)))
        .setCoder(RESULT_CODER);
  }

  /** Values of the column that occur more than once, as failing rows. */
  private static PCollection<KV<String, Long>> unique(DataTest test, PCollection<Row> rows) {
    String name = test.name;
    String column = test.column;
    return rows.apply(
            name + "/Values",
            MapElements.into(TypeDescriptors.strings())
                .via(row -> Objects.toString(row.getValue(column))))
        .apply(name + "/Occurrences", Count.perElement())
        .apply(name + "/Repeated", Filter.by(kv -> kv.getValue() > 1))
        .apply(name + "/CountFailing", Count.globally())
        .apply(
            name + "/Result",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(n -> KV.of(name, n)));
  }

  /**
   * The test {@code name}: one failure per number that differs from the first, every number a
   * one-element PCollection. Also used for the tests of the run as a whole.
   */
  public static PCollection<KV<String, Long>> equal(
      String name, PBegin begin, List<PCollection<BigDecimal>> numbers) {
    List<PCollectionView<BigDecimal>> views = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      views.add(numbers.get(i).apply(name + "/View" + i, View.asSingleton()));
    }
    return begin
        .apply(name + "/Start", Create.of(name))
        .apply(name + "/Compare", ParDo.of(new CompareFn(name, views)).withSideInputs(views))
        .setCoder(RESULT_CODER);
  }

  private static PCollection<BigDecimal> rowCount(String name, PCollection<Row> rows) {
    return rows.apply(name + "/RowCount", Count.globally())
        .apply(
            name + "/AsNumber",
            MapElements.into(TypeDescriptors.bigdecimals()).via(BigDecimal::valueOf));
  }

  private static PCollection<BigDecimal> columnSum(
      String name, PCollection<Row> rows, String column) {
    return rows.apply(
            name + "/Cents",
            MapElements.into(TypeDescriptors.longs())
                .via(row -> Money.cents(row.getDecimal(column))))
        .apply(name + "/Sum", Combine.globally(Exact.sum()))
        .apply(name + "/AsMoney", MapElements.into(TypeDescriptors.bigdecimals()).via(Money::of));
  }

  /** A decimal or integer column of a one-row mart. */
  private static PCollection<BigDecimal> value(
      String name, PCollection<Row> oneRow, String column) {
    return oneRow.apply(
        name + "/Value",
        MapElements.into(TypeDescriptors.bigdecimals())
            .via(row -> new BigDecimal(row.getValue(column).toString())));
  }

  /** Per test, the rows that fail it; the last slot counts all rows. */
  static class CountFailingFn extends Combine.CombineFn<Row, long[], long[]> {
    private final List<DataTest> failing;

    CountFailingFn(List<DataTest> failing) {
      this.failing = failing;
    }

    @Override
    public long[] createAccumulator() {
      return new long[failing.size() + 1];
    }

    @Override
    public long[] addInput(long[] counts, Row row) {
      for (int i = 0; i < failing.size(); i++) {
        if (failing.get(i).fails(row)) {
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
    private final List<String> names = new ArrayList<>();
    private final @Nullable String notEmpty;

    RowTestResultsFn(List<DataTest> tests, @Nullable String notEmpty) {
      tests.forEach(t -> names.add(t.name));
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
    private final boolean failRun;

    EnforceFn(boolean failRun) {
      this.failRun = failRun;
    }

    @ProcessElement
    public void process(
        @Element Iterable<KV<String, Long>> results, OutputReceiver<KV<String, Long>> out) {
      Map<String, Long> sorted = new TreeMap<>();
      results.forEach(r -> sorted.put(r.getKey(), r.getValue()));
      List<String> failed = new ArrayList<>();
      sorted.forEach(
          (name, failing) -> {
            Metrics.counter("data_tests", failing == 0 ? "passed" : "failed").inc();
            if (failing != 0) {
              failed.add(name + ": " + failing + " failing");
            }
            out.output(KV.of(SummaryKeys.test(name), failing));
          });
      if (failRun && !failed.isEmpty()) {
        throw new DataTestFailure(
            failureMessage(failed, sorted.size()) + ", so no mart was written");
      }
    }
  }

  /** "N of M data tests failed: name: n failing; ..." */
  public static String failureMessage(List<String> failed, int tests) {
    return failed.size() + " of " + tests + " data tests failed: " + String.join("; ", failed);
  }

  /** Thrown by the run when a data test fails; its message names the tests. */
  public static class DataTestFailure extends RunFailure {
    public DataTestFailure(String message) {
      super(message);
    }
  }
}
