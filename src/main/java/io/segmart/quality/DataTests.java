package io.segmart.quality;

import io.segmart.common.BundleTally;
import io.segmart.common.Exact;
import io.segmart.common.GatherAll;
import io.segmart.common.Money;
import io.segmart.marts.Mart;
import io.segmart.run.RunFailure;
import io.segmart.run.SummaryKeys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The DataTests stage: runs every data test the marts declare (see {@link MartTests}), with the
 * tests of the run as a whole, like dbt's tests. Each test counts its failing rows; the stage fails
 * the run, naming every failing test, when any count is not zero, and the marts are written only
 * after it passes. Its output is every test's result and every mart's row count, as run-summary
 * facts ({@link SummaryKeys#test}, {@link SummaryKeys#rows}).
 *
 * <p>Each mart is read once: one pass measures its rows, its row tests' failures and the column
 * sums and values that reconciliations compare, as a few totals per bundle. All totals are summed
 * by key in one combine and the tests are judged together from them, so the graph grows by a step
 * or two per mart, not by a dozen per test.
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

  /** Buckets of key values per unique test, compared in memory one bucket at a time. */
  private static final int BUCKETS = 16;

  private static final KvCoder<String, Long> TOTAL_CODER =
      KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  private final List<String> marts;
  private final List<DataTest> tests;
  private final boolean failRun;

  /**
   * {@code marts}: every mart, which the input holds under {@link Mart#tag}; {@code tests}: every
   * test they declare; {@code failRun}: whether a failing test fails the job, or is only reported
   * in the results.
   */
  public DataTests(List<String> marts, List<DataTest> tests, boolean failRun) {
    this.marts = marts;
    this.tests = tests;
    this.failRun = failRun;
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollectionTuple input) {
    List<PCollection<KV<String, Long>>> totals = new ArrayList<>();
    totals.add(
        input
            .get(RUN_TESTS)
            .apply(
                "RunTestTotals",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                    .via(result -> KV.of(TotalKeys.failing(result.getKey()), result.getValue()))));
    List<PCollection<KV<String, String>>> uniqueValues = new ArrayList<>();
    for (String mart : marts) {
      PCollection<Row> rows = input.get(Mart.tag(mart));
      totals.add(
          rows.apply("Measure_" + mart, ParDo.of(new MeasureFn(mart, tests)))
              .setCoder(TOTAL_CODER));
      List<DataTest> unique =
          tests.stream()
              .filter(t -> t.kind == DataTest.Kind.UNIQUE && t.mart.equals(mart))
              .toList();
      if (!unique.isEmpty()) {
        uniqueValues.add(
            rows.apply("UniqueKeys_" + mart, ParDo.of(new UniqueKeysFn(unique)))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
      }
    }
    totals.add(
        PCollectionList.of(uniqueValues)
            .apply("AllUniqueKeys", Flatten.pCollections())
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply("GroupByTestAndBucket", GroupByKey.create())
            .apply("Repeated", ParDo.of(new RepeatedFn()))
            .setCoder(TOTAL_CODER));
    return PCollectionList.of(totals)
        .apply("AllTotals", Flatten.pCollections())
        .setCoder(TOTAL_CODER)
        .apply("SumTotals", Combine.perKey(Exact.sum()))
        .apply("CollectTotals", GatherAll.of())
        .apply("JudgeTests", ParDo.of(new JudgeFn(marts, tests, failRun)))
        .setCoder(TOTAL_CODER);
  }

  /** Keys of the totals the tests are judged from. */
  static final class TotalKeys {
    private TotalKeys() {}

    static String rows(String mart) {
      return "rows\u0000" + mart;
    }

    static String failing(String test) {
      return "failing\u0000" + test;
    }

    static String sum(String mart, String column) {
      return "sum\u0000" + mart + "\u0000" + column;
    }

    static String value(String mart, String column) {
      return "value\u0000" + mart + "\u0000" + column;
    }

    /** One group's total of a grouped test in one mart: "rows", "sum" or "fingerprint". */
    static String group(String test, String what, String mart, String group) {
      return "group\u0000" + test + "\u0000" + what + "\u0000" + mart + "\u0000" + group;
    }
  }

  /**
   * One pass over a mart's rows: its row count, each row test's failing rows, the sums of its
   * columns that another mart's reconciliation adds up, and its own values that a reconciliation
   * compares (one-row marts).
   */
  static class MeasureFn extends BundleTally<Row> {
    private final String mart;
    private final List<DataTest> rowTests = new ArrayList<>();
    private final List<String> summed = new ArrayList<>();
    private final Map<String, DataTest.Kind> compared = new LinkedHashMap<>();
    private final List<DataTest> grouped = new ArrayList<>();

    MeasureFn(String mart, List<DataTest> tests) {
      this.mart = mart;
      for (DataTest test : tests) {
        switch (test.kind) {
          case NOT_NULL:
          case ACCEPTED_VALUES:
          case BETWEEN:
            if (test.mart.equals(mart)) {
              rowTests.add(test);
            }
            break;
          case EQUALS_SUM:
            if (test.others.get(0).equals(mart)) {
              summed.add(test.others.get(1));
            }
            if (test.mart.equals(mart)) {
              compared.put(test.column, test.kind);
            }
            break;
          case EQUALS_ROW_COUNTS:
            if (test.mart.equals(mart)) {
              compared.put(test.column, test.kind);
            }
            break;
          case SAME_ROWS:
          case SUM_PER_GROUP_EQUALS_ROWS:
            if (test.mart.equals(mart) || test.others.get(0).equals(mart)) {
              grouped.add(test);
            }
            break;
          default:
        }
      }
    }

    @Override
    protected void add(ProcessContext context, Map<String, Long> totals) {
      Row row = context.element();
      add(totals, TotalKeys.rows(mart), 1);
      for (DataTest test : rowTests) {
        if (test.fails(row)) {
          add(totals, TotalKeys.failing(test.name), 1);
        }
      }
      for (String column : summed) {
        add(totals, TotalKeys.sum(mart, column), Money.cents(row.getDecimal(column)));
      }
      for (DataTest test : grouped) {
        addGroupTotals(test, row, totals);
      }
      compared.forEach(
          (column, kind) -> {
            BigDecimal value = new BigDecimal(row.getValue(column).toString());
            add(
                totals,
                TotalKeys.value(mart, column),
                kind == DataTest.Kind.EQUALS_SUM ? Money.cents(value) : value.longValueExact());
          });
    }

    /** The row's part of a grouped test's totals, by the side of the test this mart is on. */
    private void addGroupTotals(DataTest test, Row row, Map<String, Long> totals) {
      if (test.kind == DataTest.Kind.SAME_ROWS) {
        String group = Objects.toString((Object) row.getValue(test.column));
        add(totals, TotalKeys.group(test.name, "rows", mart, group), 1);
        add(
            totals,
            TotalKeys.group(test.name, "fingerprint", mart, group),
            fingerprint(row, test.others.subList(1, test.others.size())));
      } else if (test.mart.equals(mart)) {
        StringBuilder group = new StringBuilder();
        for (String column : test.others.subList(2, test.others.size())) {
          group.append(Objects.toString((Object) row.getValue(column))).append('\u0000');
        }
        long value = ((Number) row.getValue(test.column)).longValue();
        add(totals, TotalKeys.group(test.name, "sum", mart, group.toString()), value);
      } else {
        String group = Objects.toString((Object) row.getValue(test.others.get(1)));
        add(totals, TotalKeys.group(test.name, "rows", mart, group), 1);
      }
    }

    /** 31 bits of a checksum of every value of the row: sums of these stay exact in a long. */
    private static long fingerprint(Row row, List<String> columns) {
      CRC32 crc = new CRC32();
      for (String column : columns) {
        crc.update(
            Objects.toString((Object) row.getValue(column)).getBytes(StandardCharsets.UTF_8));
        crc.update(0);
      }
      return crc.getValue() & 0x7fffffffL;
    }
  }

  /**
   * Per unique test of a mart, each row's key value, keyed by the test and one of {@link #BUCKETS}
   * buckets of values: a bucket's values are compared in memory, so the grouping has a few dozen
   * keys rather than one per value (the DirectRunner makes a bundle of each key).
   */
  static class UniqueKeysFn extends DoFn<Row, KV<String, String>> {
    private final List<DataTest> unique;

    UniqueKeysFn(List<DataTest> unique) {
      this.unique = unique;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<String, String>> out) {
      for (DataTest test : unique) {
        String value = test.key(row);
        out.output(KV.of(test.name + "\u0000" + Math.floorMod(value.hashCode(), BUCKETS), value));
      }
    }
  }

  /** The values of one bucket that occur more than once: failing rows of its unique test. */
  static class RepeatedFn extends DoFn<KV<String, Iterable<String>>, KV<String, Long>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<String>> bucket, OutputReceiver<KV<String, Long>> out) {
      Set<String> seen = new HashSet<>();
      Set<String> repeated = new HashSet<>();
      for (String value : bucket.getValue()) {
        if (!seen.add(value)) {
          repeated.add(value);
        }
      }
      if (!repeated.isEmpty()) {
        String test = bucket.getKey().substring(0, bucket.getKey().indexOf('\u0000'));
        out.output(KV.of(TotalKeys.failing(test), (long) repeated.size()));
      }
    }
  }

  /**
   * Judges every test from the summed totals (a total never counted is 0) and outputs each result
   * and each mart's row count; fails the run when a test fails and {@code failRun} is set.
   */
  static class JudgeFn extends DoFn<Iterable<KV<String, Long>>, KV<String, Long>> {
    private final List<String> marts;
    private final List<DataTest> tests;
    private final boolean failRun;

    JudgeFn(List<String> marts, List<DataTest> tests, boolean failRun) {
      this.marts = marts;
      this.tests = tests;
      this.failRun = failRun;
    }

    @ProcessElement
    public void process(
        @Element Iterable<KV<String, Long>> all, OutputReceiver<KV<String, Long>> out) {
      Map<String, Long> totals = new HashMap<>();
      all.forEach(t -> totals.put(t.getKey(), t.getValue()));
      Map<String, Long> results = new TreeMap<>();
      String failingPrefix = TotalKeys.failing("");
      totals.forEach(
          (key, n) -> {
            if (key.startsWith(failingPrefix)) {
              results.put(key.substring(failingPrefix.length()), n);
            }
          });
      for (DataTest test : tests) {
        results.put(test.name, failing(test, totals));
      }
      List<String> failed = new ArrayList<>();
      results.forEach(
          (name, failing) -> {
            Metrics.counter("data_tests", failing == 0 ? "passed" : "failed").inc();
            if (failing != 0) {
              failed.add(name + ": " + failing + " failing");
            }
            out.output(KV.of(SummaryKeys.test(name), failing));
          });
      for (String mart : marts) {
        out.output(KV.of(SummaryKeys.rows(mart), totals.getOrDefault(TotalKeys.rows(mart), 0L)));
      }
      if (failRun && !failed.isEmpty()) {
        throw new DataTestFailure(
            failureMessage(failed, results.size()) + ", so no mart was written");
      }
    }

    private static long failing(DataTest test, Map<String, Long> totals) {
      switch (test.kind) {
        case NOT_EMPTY:
          return totals.getOrDefault(TotalKeys.rows(test.mart), 0L) == 0 ? 1 : 0;
        case EQUALS_SUM:
          return mismatches(
              List.of(
                  total(totals, TotalKeys.sum(test.others.get(0), test.others.get(1))),
                  total(totals, TotalKeys.value(test.mart, test.column))));
        case EQUALS_ROW_COUNTS:
          List<Long> numbers = new ArrayList<>();
          test.others.forEach(other -> numbers.add(total(totals, TotalKeys.rows(other))));
          numbers.add(total(totals, TotalKeys.value(test.mart, test.column)));
          return mismatches(numbers);
        case SAME_ROW_COUNTS:
          List<Long> counts = new ArrayList<>();
          test.others.forEach(other -> counts.add(total(totals, TotalKeys.rows(other))));
          counts.add(total(totals, TotalKeys.rows(test.mart)));
          return mismatches(counts);
        case SAME_ROWS:
          return differingGroups(test, totals);
        case SUM_PER_GROUP_EQUALS_ROWS:
          return unequalSums(test, totals);
        default:
          return total(totals, TotalKeys.failing(test.name));
      }
    }

    /** The values of the column held by both marts whose rows differ between them. */
    private static long differingGroups(DataTest test, Map<String, Long> totals) {
      String other = test.others.get(0);
      String prefix = TotalKeys.group(test.name, "rows", other, "");
      long differing = 0;
      for (String key : totals.keySet()) {
        if (!key.startsWith(prefix)) {
          continue;
        }
        String group = key.substring(prefix.length());
        if (!totals.containsKey(TotalKeys.group(test.name, "rows", test.mart, group))) {
          continue;
        }
        for (String what : List.of("rows", "fingerprint")) {
          if (total(totals, TotalKeys.group(test.name, what, other, group))
              != total(totals, TotalKeys.group(test.name, what, test.mart, group))) {
            differing++;
            break;
          }
        }
      }
      return differing;
    }

    /** The groups whose sum differs from the other mart's rows of the group's first value. */
    private static long unequalSums(DataTest test, Map<String, Long> totals) {
      String prefix = TotalKeys.group(test.name, "sum", test.mart, "");
      long unequal = 0;
      for (Map.Entry<String, Long> sum : totals.entrySet()) {
        if (sum.getKey().startsWith(prefix)) {
          String group = sum.getKey().substring(prefix.length());
          String first = group.substring(0, group.indexOf('\u0000'));
          String rows = TotalKeys.group(test.name, "rows", test.others.get(0), first);
          if (!sum.getValue().equals(total(totals, rows))) {
            unequal++;
          }
        }
      }
      return unequal;
    }

    private static long total(Map<String, Long> totals, String key) {
      return totals.getOrDefault(key, 0L);
    }

    /** One failure per number that differs from the first. */
    private static long mismatches(List<Long> numbers) {
      return numbers.stream().filter(n -> !n.equals(numbers.get(0))).count();
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
