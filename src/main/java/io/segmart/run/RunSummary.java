package io.segmart.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmart.common.GatherAll;
import io.segmart.io.ReadInvoices;
import io.segmart.quality.DataTests;
import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * run_summary.json: what was read, kept, rejected (per reason), dropped as duplicates and written
 * (rows per mart), and every data test. Facts arrive as (key, number) pairs keyed by {@link
 * SummaryKeys}.
 */
public class RunSummary extends PTransform<PCollectionList<KV<String, Long>>, PDone> {
  public static final String FILE = "run_summary.json";
  public static final String COUNTER_NAMESPACE = "summary";

  private final String output;
  private final String pipelineName;
  private final String input;
  private final PCollectionView<Long> asOfDay;
  private final @Nullable Incremental incremental;
  private final List<String> notProducible;

  /** What a run of a source that gives no lines states for the marts built from lines. */
  public static final String NOT_PRODUCIBLE_REASON =
      "needs invoice lines; this source gives one row of totals per customer";

  /** What an incremental run states besides: the state it continued from, the marts it left out. */
  public static final class Incremental implements Serializable {
    final String continuesFrom;
    final List<String> notWritten;

    /** {@code continuesFrom}: the previous run's state folder, or null for a first run. */
    public Incremental(@Nullable String continuesFrom, List<String> notWritten) {
      this.continuesFrom = continuesFrom == null ? "none (first run)" : continuesFrom;
      this.notWritten = List.copyOf(notWritten);
    }
  }

  public RunSummary(
      String output, String pipelineName, String input, PCollectionView<Long> asOfDay) {
    this(output, pipelineName, input, asOfDay, null, List.of());
  }

  /**
   * {@code notProducible}: the marts that the source cannot give ({@link
   * io.segmart.marts.Marts#notProducible}), which the summary names with the reason.
   */
  public RunSummary(
      String output,
      String pipelineName,
      String input,
      PCollectionView<Long> asOfDay,
      @Nullable Incremental incremental,
      List<String> notProducible) {
    this.output = output;
    this.pipelineName = pipelineName;
    this.input = input;
    this.asOfDay = asOfDay;
    this.incremental = incremental;
    this.notProducible = List.copyOf(notProducible);
  }

  @Override
  public PDone expand(PCollectionList<KV<String, Long>> facts) {
    String prefix = (output.endsWith("/") ? output : output + "/") + FILE;
    facts
        .apply("AllFacts", Flatten.pCollections())
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("FactsAsCounters", ParDo.of(new FactsAsCountersFn()))
        .apply("CollectFacts", GatherAll.of())
        .apply(
            "ToJson",
            ParDo.of(new ToJsonFn(pipelineName, input, asOfDay, incremental, notProducible))
                .withSideInputs(asOfDay))
        .apply("WriteSummary", ParDo.of(new WriteFileFn(prefix)));
    return PDone.in(facts.getPipeline());
  }

  /**
   * Every figure of the summary is also a Beam counter in namespace "summary", for runners' UIs and
   * tests.
   */
  static class FactsAsCountersFn extends DoFn<KV<String, Long>, KV<String, Long>> {
    @ProcessElement
    public void process(@Element KV<String, Long> fact, OutputReceiver<KV<String, Long>> out) {
      Metrics.counter(COUNTER_NAMESPACE, fact.getKey()).inc(fact.getValue());
      out.output(fact);
    }
  }

  /** What the summary states for a data test that passed; a failing one states its count. */
  private static final String PASS = "pass";

  /** Whether a data test's result in the summary's {@code data_tests} is a pass. */
  public static boolean passed(JsonNode result) {
    return result.asText().equals(PASS);
  }

  /**
   * The data tests a summary (the JSON of {@link #FILE}) reports as failing, as {@link
   * DataTests#failureMessage}; null when all passed.
   */
  public static String failedTests(String summaryJson) throws JsonProcessingException {
    JsonNode tests = new ObjectMapper().readTree(summaryJson).path("data_tests");
    List<String> failed = new ArrayList<>();
    tests
        .fields()
        .forEachRemaining(
            t -> {
              if (!passed(t.getValue())) {
                failed.add(
                    t.getKey() + ": " + t.getValue().asText().replace("fail: ", "") + " failing");
              }
            });
    return failed.isEmpty() ? null : DataTests.failureMessage(failed, tests.size());
  }

  /** Per input, its lines and how they were accounted for, in the order they add up. */
  static Map<String, Map<String, Long>> inputs(Map<String, Long> totals) {
    Map<String, Map<String, Long>> inputs = new LinkedHashMap<>();
    SummaryKeys.inputs(totals)
        .forEach(
            (name, terms) -> {
              Map<String, Long> ordered = new LinkedHashMap<>();
              ordered.put(ReadInvoices.LINES_READ, terms.getOrDefault(ReadInvoices.LINES_READ, 0L));
              for (String part : LineAccounting.PARTS) {
                ordered.put(part, terms.getOrDefault(part, 0L));
              }
              if (terms.containsKey(LineAccounting.DAMAGED)) {
                ordered.put(LineAccounting.DAMAGED, terms.get(LineAccounting.DAMAGED));
              }
              inputs.put(name, ordered);
            });
    return inputs;
  }

  /**
   * Writes the one summary to {@code file}, on any file system Beam knows; a retried write writes
   * the same file again.
   */
  static class WriteFileFn extends DoFn<String, Void> {
    private final String file;

    WriteFileFn(String file) {
      this.file = file;
    }

    @ProcessElement
    public void process(@Element String json) throws IOException {
      ResourceId resource = FileSystems.matchNewResource(file, false);
      try (Writer out =
          Channels.newWriter(
              FileSystems.create(resource, "application/json"), StandardCharsets.UTF_8)) {
        out.write(json);
        out.write('\n');
      }
    }
  }

  static class ToJsonFn extends DoFn<Iterable<KV<String, Long>>, String> {
    private final String pipelineName;
    private final String input;
    private final PCollectionView<Long> asOfDay;
    private final @Nullable Incremental incremental;
    private final List<String> notProducible;

    ToJsonFn(
        String pipelineName,
        String input,
        PCollectionView<Long> asOfDay,
        @Nullable Incremental incremental,
        List<String> notProducible) {
      this.notProducible = notProducible;
      this.pipelineName = pipelineName;
      this.input = input;
      this.asOfDay = asOfDay;
      this.incremental = incremental;
    }

    @ProcessElement
    public void process(
        @Element Iterable<KV<String, Long>> facts, OutputReceiver<String> out, ProcessContext c)
        throws JsonProcessingException {
      Map<String, Long> totals = new TreeMap<>();
      facts.forEach(f -> totals.merge(f.getKey(), f.getValue(), Long::sum));
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("pipeline", pipelineName);
      summary.put("input", input);
      summary.put("as_of", LocalDate.ofEpochDay(c.sideInput(asOfDay)).toString());
      summary.put("files_read", totals.getOrDefault(SummaryKeys.FILES_READ, 0L));
      summary.put("empty_files", totals.getOrDefault(SummaryKeys.EMPTY_FILES, 0L));
      summary.put("read", totals.getOrDefault(SummaryKeys.READ, 0L));
      summary.put("kept", totals.getOrDefault(SummaryKeys.KEPT, 0L));
      Map<String, Long> rejected = SummaryKeys.rejectedByReason(totals);
      summary.put("rejected", rejected.values().stream().mapToLong(Long::longValue).sum());
      summary.put("rejected_by_reason", rejected);
      summary.put("duplicates", totals.getOrDefault(SummaryKeys.DUPLICATES, 0L));
      if (totals.containsKey(SummaryKeys.UNKNOWN_AMOUNTS)) {
        summary.put(SummaryKeys.UNKNOWN_AMOUNTS, totals.get(SummaryKeys.UNKNOWN_AMOUNTS));
      }
      Map<String, Long> withoutRow = SummaryKeys.linesWithoutRow(totals);
      if (!withoutRow.isEmpty()) {
        summary.put(SummaryKeys.TABLE_ROWS, totals.getOrDefault(SummaryKeys.TABLE_ROWS, 0L));
        summary.put("lines_without_a_table_row", withoutRow);
      }
      if (incremental != null) {
        summary.put("continues_from", incremental.continuesFrom);
        summary.put(
            SummaryKeys.EARLIER_COPIES, totals.getOrDefault(SummaryKeys.EARLIER_COPIES, 0L));
        summary.put("not_written", incremental.notWritten);
      }
      if (!notProducible.isEmpty()) {
        Map<String, String> reasons = new LinkedHashMap<>();
        notProducible.forEach(mart -> reasons.put(mart, NOT_PRODUCIBLE_REASON));
        summary.put(SummaryKeys.NOT_PRODUCIBLE, reasons);
      }
      summary.put("rows_written", SummaryKeys.rowsWritten(totals));
      summary.put("inputs", inputs(totals));
      Map<String, String> tests = new TreeMap<>();
      SummaryKeys.tests(totals)
          .forEach((name, failing) -> tests.put(name, failing == 0 ? PASS : "fail: " + failing));
      summary.put("data_tests", tests);
      out.output(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(summary));
    }
  }
}
