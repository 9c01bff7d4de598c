package io.segmart.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The end of a run as a person reads it: a short table of what was read, kept, rejected (largest
 * reasons first), dropped as duplicates and written, the data tests, and where the output is. Every
 * figure stays in run_summary.json.
 */
public final class ConsoleSummary {
  private ConsoleSummary() {}

  /**
   * The table for a run_summary.json, the folder it was written to and the run's report (null when
   * the run wrote none).
   */
  public static String render(String summaryJson, String output, @Nullable String report)
      throws IOException {
    JsonNode summary = new ObjectMapper().readTree(summaryJson);
    List<Map.Entry<String, JsonNode>> reasons = new ArrayList<>();
    summary.get("rejected_by_reason").fields().forEachRemaining(reasons::add);
    reasons.sort((a, b) -> Long.compare(b.getValue().asLong(), a.getValue().asLong()));
    List<String> rejected = new ArrayList<>();
    reasons.forEach(r -> rejected.add(r.getKey() + " " + number(r.getValue().asLong())));
    List<String> rows = new ArrayList<>();
    summary
        .get("rows_written")
        .fields()
        .forEachRemaining(m -> rows.add(m.getKey() + " " + number(m.getValue().asLong())));
    long tests = summary.get("data_tests").size();
    long failed = 0;
    for (JsonNode result : summary.get("data_tests")) {
      failed += RunSummary.passed(result) ? 0 : 1;
    }
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "segmart: %s as of %s, %s files read (%s empty)%n",
            summary.get("pipeline").asText(),
            summary.get("as_of").asText(),
            number(summary.get("files_read").asLong()),
            number(summary.get("empty_files").asLong())));
    line(table, "read", number(summary.get("read").asLong()));
    line(table, "kept", number(summary.get("kept").asLong()));
    line(
        table,
        "rejected",
        number(summary.get("rejected").asLong())
            + (rejected.isEmpty() ? "" : "  (" + String.join(", ", rejected) + ")"));
    line(table, "duplicates", number(summary.get("duplicates").asLong()));
    if (summary.has(SummaryKeys.UNKNOWN_AMOUNTS)) {
      line(
          table,
          "no amount",
          number(summary.get(SummaryKeys.UNKNOWN_AMOUNTS).asLong())
              + "  (kept lines whose amount the source did not know: orders without spend)");
    }
    if (summary.has("continues_from")) {
      line(
          table,
          "redelivered",
          number(summary.get(SummaryKeys.EARLIER_COPIES).asLong())
              + "  (copies of lines that an earlier delivery held, dropped)");
      line(table, "continues", "from " + summary.get("continues_from").asText());
      List<String> notWritten = new ArrayList<>();
      summary.get("not_written").forEach(m -> notWritten.add(m.asText()));
      line(
          table,
          "not written",
          String.join(", ", notWritten) + "  (built from every line: run without --incremental)");
    }
    if (summary.has(SummaryKeys.NOT_PRODUCIBLE)) {
      List<String> marts = new ArrayList<>();
      summary.get(SummaryKeys.NOT_PRODUCIBLE).fieldNames().forEachRemaining(marts::add);
      line(
          table,
          "cannot build",
          String.join(", ", marts) + "  (" + RunSummary.NOT_PRODUCIBLE_REASON + ")");
    }
    line(table, "rows written", String.join(", ", rows));
    line(
        table, "data tests", failed == 0 ? tests + " passed" : failed + " of " + tests + " failed");
    line(table, "output", output + " (every figure in " + RunSummary.FILE + ")");
    if (report != null) {
      line(table, "report", report + " (open it in a browser)");
    }
    return table.toString();
  }

  private static void line(StringBuilder table, String label, String value) {
    table.append(String.format(Locale.ROOT, "  %-13s %s%n", label, value));
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
