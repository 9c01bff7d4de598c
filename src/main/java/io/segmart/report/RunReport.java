package io.segmart.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmart.config.Markets;
import io.segmart.config.PipelineConfig;
import io.segmart.run.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * report/index.html: a dashboard of one run, built from the marts and the run summary it wrote. One
 * file with everything inline (the ECharts library included), so that it opens anywhere with no
 * server and no network. Three pages: the business foundation, the customers, the operations. A
 * chart whose mart the run did not write says why instead. Every figure shown as text carries the
 * mart and column it comes from ({@code data-mart}, {@code data-column}), so that a test can read
 * it back against the marts.
 */
public final class RunReport {
  public static final String FILE = "report/index.html";

  private static final String ECHARTS =
      "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  private final PipelineConfig config;
  private final MartFiles marts;
  private final JsonNode summary;
  private final ObjectNode charts = JsonNodeFactory.instance.objectNode();
  private final StringBuilder html = new StringBuilder();

  private RunReport(PipelineConfig config, Path output) {
    this.config = config;
    this.marts = new MartFiles(output);
    this.summary = marts.summary(RunSummary.FILE);
  }

  /** Writes the report of the run whose marts are under {@code output}; returns its path. */
  public static Path write(PipelineConfig config, Path output) {
    RunReport report = new RunReport(config, output);
    String page = report.page();
    Path file = output.resolve(FILE);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private String page() {
    String title = config.name + " as of " + summary.path("as_of").asText();
    html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>SegMart: ")
        .append(escape(title))
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<header><h1>SegMart: ")
        .append(escape(title))
        .append("</h1><nav><a href=\"#business\">Business</a><a href=\"#customers\">Customers</a>")
        .append("<a href=\"#operations\">Operations</a></nav></header>\n");
    business();
    customers();
    operations();
    html.append("<script>")
        .append(library())
        .append("</script>\n")
        .append("<script type=\"application/json\" id=\"charts\">")
        .append(charts.toString().replace("</", "<\\/"))
        .append("</script>\n<script>")
        .append(RENDER)
        .append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  // Page 1: the business foundation.

  private void business() {
    html.append("<section id=\"business\"><h2>Business foundation</h2>\n");
    if (marts.has("business_overview")) {
      overview();
    } else {
      notProduced("business_overview", null);
    }
    pareto();
    html.append("</section>\n");
  }

  /** The tiles of business_overview, the months of kpi_monthly, the markets' order values. */
  private void overview() {
    Map<String, String> overview = marts.rows("business_overview").get(0);
    html.append("<div class=\"tiles\">");
    tile(overview, "Revenue", "total_revenue", this::money);
    tile(overview, "Orders", "total_orders", RunReport::count);
    tile(overview, "Customers", "total_customers", RunReport::count);
    tile(overview, "Average order value", "aov", this::money);
    tile(overview, "Products", "total_products", RunReport::count);
    tile(overview, "Countries", "total_countries", RunReport::count);
    tile(overview, "Revenue on weekdays", "weekday_revenue_share", RunReport::percent);
    tile(overview, "Days", "days_span", RunReport::count);
    html.append("</div>\n");

    ObjectNode monthly = chart("monthly", "Revenue and orders per month", "kpi_monthly");
    perCategory(
        monthly,
        "xAxis",
        sums(
            marts.rows("kpi_monthly"),
            r -> r.get("month").substring(0, 7),
            column("revenue"),
            column("orders")),
        new Measure("bar", "revenue", revenue()),
        new Measure("line", "orders", "orders"));

    ObjectNode aov = chart("market_aov", "Average order value per market", "business_overview");
    List<String> names = new ArrayList<>(config.markets.keySet());
    axis(aov, "xAxis", "category").set("data", strings(names));
    axis(aov, "yAxis", "value");
    ArrayNode aovs = array();
    names.forEach(m -> aovs.add(Double.parseDouble(overview.get(Markets.column(m) + "_aov"))));
    series(aov, "bar", "AOV", aovs);
  }

  /** The customers' cumulative share of revenue, and where it reaches half. */
  private void pareto() {
    List<Map<String, String>> insights = marts.rows("customer_insights");
    insights.sort(Comparator.comparingLong(r -> Long.parseLong(r.get("customer_rank"))));
    ArrayNode curve = array();
    int half = -1;
    for (int i = 0; i < insights.size(); i++) {
      double share = Double.parseDouble(insights.get(i).get("cumulative_revenue_share"));
      curve.addArray().add(100.0 * (i + 1) / insights.size()).add(100 * share);
      if (half < 0 && share >= 0.5) {
        half = i + 1;
      }
    }
    if (half > 0) {
      html.append(
              "<p class=\"note\">Half of revenue comes from the top <b data-mart=\"customer_insights\" data-column=\"customers_to_half\">")
          .append(count(Integer.toString(half)))
          .append("</b> customers (")
          .append(String.format(Locale.US, "%.1f", 100.0 * half / insights.size()))
          .append("% of ")
          .append(count(Integer.toString(insights.size())))
          .append(").</p>\n");
    }
    ObjectNode pareto =
        chart(
            "pareto", "Pareto curve: share of revenue by share of customers", "customer_insights");
    axis(pareto, "xAxis", "value").put("name", "% of customers").put("max", 100);
    axis(pareto, "yAxis", "value").put("name", "% of revenue").put("max", 100);
    ObjectNode line = series(pareto, "line", "cumulative revenue", curve).put("showSymbol", false);
    if (half > 0) {
      ObjectNode point = line.putObject("markPoint").putArray("data").addObject();
      point.put("name", "half of revenue");
      point.putArray("coord").add(100.0 * half / insights.size()).add(50);
    }
  }

  // Page 2: the customers.

  private void customers() {
    html.append("<section id=\"customers\"><h2>Customers</h2>\n");
    List<Map<String, String>> customers = marts.rows("dim_customers");
    for (String scheme : List.of("rfm_segment", "rf_segment")) {
      ObjectNode bars =
          chart(
              scheme,
              (scheme.equals("rfm_segment") ? "RFM" : "RF grid")
                  + " segments: customers and revenue",
              "dim_customers");
      perCategory(
          bars,
          "yAxis",
          sums(customers, c -> c.get(scheme), ROWS, column("revenue")),
          new Measure("bar", "customers", "customers"),
          new Measure("bar", "revenue", revenue()));
    }

    double[][] grid = new double[5][5];
    customers.forEach(
        c ->
            grid[Integer.parseInt(c.get("rf_r_score")) - 1][
                Integer.parseInt(c.get("rf_f_score")) - 1]++);
    List<String> scores = List.of("1", "2", "3", "4", "5");
    ObjectNode heat =
        chart("rf_grid", "RF grid: customers per recency and frequency score", "dim_customers");
    axis(heat, "xAxis", "category").put("name", "frequency score").set("data", strings(scores));
    axis(heat, "yAxis", "category").put("name", "recency score").set("data", strings(scores));
    heatMap(heat, "customers", grid).putObject("label").put("show", true);

    if (marts.has("segment_migration")) {
      migration();
    } else {
      notProduced(
          "segment_migration",
          "segment migration and segment sizes over time need a history: run with --history or"
              + " --incremental");
    }
    if (marts.has("clusters")) {
      Map<String, String> sizes = new TreeMap<>();
      marts.rows("clusters").forEach(r -> sizes.put(r.get("cluster"), r.get("customers")));
      ObjectNode clusters = chart("clusters", "K-means clusters: customers", "clusters");
      axis(clusters, "xAxis", "category").set("data", strings(sizes.keySet()));
      axis(clusters, "yAxis", "value");
      series(clusters, "bar", "customers", values(sizes.values(), Double::parseDouble));
    }
    if (!customers.isEmpty() && customers.get(0).containsKey("clv_365d")) {
      histogram("clv", "CLV over 365 days: customers per band of value", customers, "clv_365d");
      histogram("p_alive", "P(alive): customers per band of probability", customers, "p_alive");
    }
    html.append("</section>\n");
  }

  private void migration() {
    List<Map<String, String>> moves = marts.rows("segment_migration");
    String last = moves.stream().map(m -> m.get("to_as_of")).max(String::compareTo).orElse("");
    List<Map<String, String>> into =
        moves.stream()
            .filter(m -> m.get("to_as_of").equals(last) && m.get("scheme").equals("rfm"))
            .toList();
    Function<Map<String, String>, String> from =
        m -> m.get("from_segment").isEmpty() ? "(new)" : m.get("from_segment");
    List<String> fromSegments = into.stream().map(from).distinct().sorted().toList();
    List<String> toSegments =
        into.stream().map(m -> m.get("to_segment")).distinct().sorted().toList();
    double[][] customers = new double[fromSegments.size()][toSegments.size()];
    for (Map<String, String> m : into) {
      customers[fromSegments.indexOf(from.apply(m))][toSegments.indexOf(m.get("to_segment"))] +=
          Long.parseLong(m.get("customers"));
    }
    ObjectNode heat = chart("migration", "RFM segment migration into " + last, "segment_migration");
    // Segment names are long: slanted, every one of them fits under the chart.
    ObjectNode to = axis(heat, "xAxis", "category").put("name", "to").put("nameGap", 60);
    to.set("data", strings(toSegments));
    to.putObject("axisLabel").put("rotate", 30).put("interval", 0);
    axis(heat, "yAxis", "category").put("name", "from").set("data", strings(fromSegments));
    heatMap(heat, "customers", customers).putObject("label").put("show", true);

    Map<String, Map<String, Long>> sizes = new TreeMap<>();
    for (Map<String, String> c : marts.rows("segment_history")) {
      sizes
          .computeIfAbsent(c.get("rfm_segment"), s -> new TreeMap<>())
          .merge(c.get("as_of"), 1L, Long::sum);
    }
    List<String> dates =
        sizes.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    ObjectNode over =
        chart("segments_over_time", "RFM segment sizes per snapshot", "segment_history");
    axis(over, "xAxis", "category").set("data", strings(dates));
    axis(over, "yAxis", "value");
    sizes.forEach(
        (segment, perDate) -> {
          ArrayNode counts = array();
          dates.forEach(d -> counts.add(perDate.getOrDefault(d, 0L)));
          series(over, "line", segment, counts).put("stack", "customers").putObject("areaStyle");
        });
  }

  /**
   * Customers per band of a column's values: 19 equal bands up to the 99th percentile and one for
   * the rest, so that a few very large values do not squeeze everyone else into the first band.
   */
  private void histogram(String id, String title, List<Map<String, String>> rows, String column) {
    List<Double> values =
        rows.stream()
            .map(r -> r.get(column))
            .filter(v -> !v.isEmpty())
            .map(Double::parseDouble)
            .sorted()
            .toList();
    if (values.isEmpty()) {
      return;
    }
    int bands = 20;
    double top = values.get((int) Math.floor(0.99 * (values.size() - 1)));
    double width = top > 0 ? top / (bands - 1) : 1;
    long[] counts = new long[bands];
    values.forEach(v -> counts[Math.min(bands - 1, (int) (v / width))]++);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < bands - 1; i++) {
      labels.add(String.format(Locale.US, "%,.2f", width * i));
    }
    labels.add(String.format(Locale.US, "%,.2f+", width * (bands - 1)));
    ObjectNode chart = chart(id, title, "dim_customers");
    axis(chart, "xAxis", "category").set("data", strings(labels));
    axis(chart, "yAxis", "value").put("name", "customers");
    ArrayNode data = array();
    for (long c : counts) {
      data.add(c);
    }
    series(chart, "bar", "customers", data);
  }

  // Page 3: the operations.

  private void operations() {
    html.append("<section id=\"operations\"><h2>Operations</h2>\n");
    if (marts.has("kpi_weekday_hour")) {
      weekdayHour();
    } else {
      notProduced("kpi_weekday_hour", null);
    }
    String product = config.source.constants.get("product_id");
    if (product != null) {
      notProduced(
          "product_intelligence",
          "every line is the product "
              + product
              + ", a constant of the source: no products to rank");
    } else if (marts.has("product_intelligence")) {
      ObjectNode bars =
          chart("product_tiers", "Product tiers: products and revenue", "product_intelligence");
      perCategory(
          bars,
          "xAxis",
          sums(
              marts.rows("product_intelligence"),
              p -> p.get("product_tier"),
              ROWS,
              column("revenue")),
          new Measure("bar", "products", "products"),
          new Measure("bar", "revenue", revenue()));
    } else {
      notProduced("product_intelligence", null);
    }
    Map<String, Long> reasons = new TreeMap<>();
    summary
        .path("rejected_by_reason")
        .fields()
        .forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
    if (reasons.isEmpty()) {
      note(
          "data-empty",
          "rejects",
          "no line was rejected: every line read passed the cleaning rules");
    } else {
      ObjectNode rejects = chart("rejects", "Rejected lines by reason", "rejects");
      axis(rejects, "yAxis", "category").set("data", strings(reasons.keySet()));
      axis(rejects, "xAxis", "value");
      series(rejects, "bar", "lines", values(reasons.values(), Long::doubleValue));
    }

    runSummary();
    dataTests();
    html.append("</section>\n");
  }

  /** What the run read, kept, rejected and wrote, as the run summary states it. */
  private void runSummary() {
    html.append("<h3>Run summary</h3><table class=\"figures\">");
    for (String figure : List.of("read", "kept", "rejected", "duplicates")) {
      html.append("<tr><th>")
          .append(figure)
          .append("</th><td data-summary=\"")
          .append(figure)
          .append("\">")
          .append(count(summary.path(figure).asText()))
          .append("</td></tr>");
    }
    summary
        .path("rows_written")
        .fields()
        .forEachRemaining(
            e ->
                html.append("<tr><th>rows of ")
                    .append(escape(e.getKey()))
                    .append("</th><td data-summary=\"rows_written.")
                    .append(escape(e.getKey()))
                    .append("\">")
                    .append(count(e.getValue().asText()))
                    .append("</td></tr>"));
    html.append("</table>\n");
  }

  /** Every data test and its result; the list is long, so it opens only when a test failed. */
  private void dataTests() {
    html.append("<h3>Data tests</h3>");
    StringBuilder rows = new StringBuilder();
    int tests = 0;
    int failed = 0;
    for (Iterator<Map.Entry<String, JsonNode>> all = summary.path("data_tests").fields();
        all.hasNext(); ) {
      Map.Entry<String, JsonNode> e = all.next();
      boolean pass = RunSummary.passed(e.getValue());
      tests++;
      failed += pass ? 0 : 1;
      rows.append("<tr class=\"")
          .append(pass ? "pass" : "fail")
          .append("\"><td>")
          .append(escape(e.getKey()))
          .append("</td><td>")
          .append(escape(e.getValue().asText()))
          .append("</td></tr>");
    }
    html.append(failed > 0 ? "<details open>" : "<details>")
        .append("<summary data-summary=\"data_tests\">")
        .append(tests)
        .append(" data tests: ")
        .append(tests - failed)
        .append(" passed, ")
        .append(failed)
        .append(" failed</summary><table class=\"tests\">")
        .append(rows)
        .append("</table></details>\n");
  }

  /**
   * Revenue by weekday and hour as a heat map; by weekday alone when every order is at midnight,
   * which is a source whose times are dates without a time of day.
   */
  private void weekdayHour() {
    List<Map<String, String>> cells = marts.rows("kpi_weekday_hour");
    List<String> days = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      days.add(d.getDisplayName(TextStyle.SHORT, Locale.US));
    }
    if (cells.stream().allMatch(c -> c.get("hour").equals("0"))) {
      note(
          "data-not-produced",
          "kpi_weekday_hour",
          "every order is at midnight: the source's times are dates without a time of day, so"
              + " revenue is shown by weekday only");
      double[] revenue = new double[7];
      cells.forEach(
          c ->
              revenue[Integer.parseInt(c.get("weekday")) - 1] +=
                  Double.parseDouble(c.get("revenue")));
      ObjectNode bars =
          chart("weekday", "Revenue by weekday (source time zone)", "kpi_weekday_hour");
      axis(bars, "xAxis", "category").set("data", strings(days));
      axis(bars, "yAxis", "value").put("name", revenue());
      series(bars, "bar", "revenue", values(Arrays.stream(revenue).boxed().toList(), v -> v));
      return;
    }
    double[][] revenue = new double[7][24];
    for (Map<String, String> cell : cells) {
      revenue[Integer.parseInt(cell.get("weekday")) - 1][Integer.parseInt(cell.get("hour"))] =
          Double.parseDouble(cell.get("revenue"));
    }
    List<String> hours = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      hours.add(String.format("%02d", h));
    }
    ObjectNode heat =
        chart("weekday_hour", "Revenue by weekday and hour (source time zone)", "kpi_weekday_hour");
    axis(heat, "xAxis", "category").set("data", strings(hours));
    axis(heat, "yAxis", "category").put("inverse", true).set("data", strings(days));
    heatMap(heat, "revenue", revenue);
  }

  // Building blocks.

  /**
   * Why a mart is missing: the reason given, else the run summary's, else that the run wrote none.
   */
  private void notProduced(String mart, String reason) {
    if (reason == null) {
      reason = summary.path("not_producible").path(mart).asText("this run wrote no " + mart);
    }
    note("data-not-produced", mart, reason);
  }

  /** A note about a mart in place of its chart, marked with {@code attribute} for tests. */
  private void note(String attribute, String mart, String text) {
    html.append("<p class=\"note\" ")
        .append(attribute)
        .append("=\"")
        .append(mart)
        .append("\">")
        .append(escape(mart))
        .append(": ")
        .append(escape(text))
        .append("</p>\n");
  }

  /** A figure of business_overview, formatted, under its label. */
  private void tile(
      Map<String, String> overview, String label, String column, UnaryOperator<String> format) {
    html.append("<div class=\"tile\"><span class=\"label\">")
        .append(escape(label))
        .append("</span><span class=\"value\" data-mart=\"business_overview\" data-column=\"")
        .append(column)
        .append("\">")
        .append(escape(format.apply(overview.get(column))))
        .append("</span></div>");
  }

  /** A chart's container on the page and its options, to be filled in. */
  private ObjectNode chart(String id, String title, String mart) {
    html.append("<figure><figcaption>")
        .append(escape(title))
        .append("</figcaption><div class=\"chart\" id=\"")
        .append(id)
        .append("\" data-mart=\"")
        .append(mart)
        .append("\"></div></figure>\n");
    ObjectNode option = charts.putObject(id);
    option.putObject("tooltip").put("trigger", "item");
    option.putObject("legend").put("top", 0);
    option
        .putObject("grid")
        .put("containLabel", true)
        .put("left", 8)
        .put("right", 24)
        .put("top", 72)
        .put("bottom", 64);
    option.put("animation", false);
    return option;
  }

  private static ObjectNode axis(ObjectNode option, String which, String type) {
    return option.putObject(which).put("type", type);
  }

  private static ObjectNode series(ObjectNode option, String type, String name, ArrayNode data) {
    ArrayNode all =
        option.has("series") ? (ArrayNode) option.get("series") : option.putArray("series");
    ObjectNode series = all.addObject().put("type", type).put("name", name);
    series.set("data", data);
    return series;
  }

  /**
   * A heat map's cells, {@code values[y][x]} on the chart's category axes, and its colour scale
   * from 0 to the largest cell.
   */
  private static ObjectNode heatMap(ObjectNode option, String name, double[][] values) {
    ArrayNode cells = array();
    double most = 0;
    for (int y = 0; y < values.length; y++) {
      for (int x = 0; x < values[y].length; x++) {
        if (values[y][x] != 0) {
          cells.addArray().add(x).add(y).add(Math.round(values[y][x] * 100) / 100.0);
          most = Math.max(most, values[y][x]);
        }
      }
    }
    option
        .putObject("visualMap")
        .put("min", 0)
        .put("max", Math.ceil(most))
        .put("orient", "horizontal")
        .put("left", "center")
        .put("bottom", 0);
    return series(option, "heatmap", name, cells);
  }

  /** One series of a chart that shows two measures per category, on a value axis of its own. */
  private record Measure(String type, String series, String axisName) {}

  /**
   * Categories on {@code categoryAxis} and, for each measure, a value axis and a series of the
   * categories' sums (the measure's place in each sum).
   */
  private static void perCategory(
      ObjectNode option, String categoryAxis, Map<String, double[]> sums, Measure... measures) {
    axis(option, categoryAxis, "category").set("data", strings(sums.keySet()));
    String valueAxis = categoryAxis.equals("xAxis") ? "yAxis" : "xAxis";
    ArrayNode axes = option.putArray(valueAxis);
    for (int i = 0; i < measures.length; i++) {
      int at = i;
      axes.addObject().put("type", "value").put("name", measures[i].axisName());
      series(option, measures[i].type(), measures[i].series(), values(sums.values(), v -> v[at]))
          .put(valueAxis + "Index", i);
    }
  }

  /** A row counted once, in {@link #sums}. */
  private static final ToDoubleFunction<Map<String, String>> ROWS = row -> 1;

  /** A column's value, in {@link #sums}. */
  private static ToDoubleFunction<Map<String, String>> column(String name) {
    return row -> Double.parseDouble(row.get(name));
  }

  /** Per key of the rows, in key order, the sum of each measure over the rows with that key. */
  @SafeVarargs
  private static Map<String, double[]> sums(
      List<Map<String, String>> rows,
      Function<Map<String, String>, String> key,
      ToDoubleFunction<Map<String, String>>... measures) {
    Map<String, double[]> sums = new TreeMap<>();
    for (Map<String, String> row : rows) {
      double[] sum = sums.computeIfAbsent(key.apply(row), k -> new double[measures.length]);
      for (int i = 0; i < measures.length; i++) {
        sum[i] += measures[i].applyAsDouble(row);
      }
    }
    return sums;
  }

  private static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  private static ArrayNode strings(Iterable<String> values) {
    ArrayNode array = array();
    values.forEach(array::add);
    return array;
  }

  private static <T> ArrayNode values(Iterable<T> items, Function<T, Double> value) {
    ArrayNode array = array();
    items.forEach(i -> array.add(Math.round(value.apply(i) * 100) / 100.0));
    return array;
  }

  /** The name of a revenue axis, with the currency where the configuration gives one. */
  private String revenue() {
    return config.report.currency.isEmpty()
        ? "revenue"
        : "revenue (" + config.report.currency + ")";
  }

  private String money(String amount) {
    return config.report.currency + String.format(Locale.US, "%,.2f", new BigDecimal(amount));
  }

  private static String count(String number) {
    return String.format(Locale.US, "%,d", Long.parseLong(number));
  }

  private static String percent(String share) {
    return String.format(Locale.US, "%.1f%%", 100 * Double.parseDouble(share));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String library() {
    try (InputStream in = RunReport.class.getResourceAsStream(ECHARTS)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("</script", "<\\/script");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(
          "the ECharts library is missing from the class path: " + ECHARTS, e);
    }
  }

  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#f6f7f9}"
          + "header{background:#1f3a5f;color:#fff;padding:12px 16px;position:sticky;top:0;z-index:1}"
          + "header h1{font-size:1.2rem;margin:0 0 6px}nav a{color:#fff;margin-right:16px}"
          + "section{padding:8px 16px}h2{border-bottom:2px solid #1f3a5f}"
          + ".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px}"
          + ".tile{background:#fff;border-radius:6px;padding:10px;box-shadow:0 1px 2px #0002}"
          + ".tile .label{display:block;font-size:.8rem;color:#555}.tile .value{font-size:1.3rem;font-weight:600}"
          + "figure{background:#fff;margin:12px 0;padding:8px;border-radius:6px;box-shadow:0 1px 2px #0002}"
          + "figcaption{font-weight:600;margin-bottom:4px}.chart{width:100%;height:360px}"
          + ".note{background:#fff8e1;padding:8px;border-radius:6px}"
          + "table{border-collapse:collapse;background:#fff;width:100%;max-width:720px}"
          + "th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;overflow-wrap:anywhere}"
          + "tr.fail td{color:#b00020;font-weight:600}table.tests td:last-child{white-space:nowrap}"
          + "summary{cursor:pointer;margin:4px 0 8px}"
          // Two tiles side by side on a phone: the longest amounts must fit in half its width.
          + "@media (max-width:480px){.tiles{grid-template-columns:1fr 1fr}"
          + ".tile .value{font-size:1rem}.chart{height:320px}section{padding:8px}}";

  /**
   * Draws every chart. Axis labels that would overlap are left out (a phone's width has no room for
   * 24 hours), value axes read 1.2M rather than 1200000, and tooltips give the full figure with
   * thousands separators.
   */
  private static final String RENDER =
      "const options = JSON.parse(document.getElementById('charts').textContent);"
          + "const compact = new Intl.NumberFormat('en', {notation: 'compact', maximumFractionDigits: 1});"
          + "const full = new Intl.NumberFormat('en', {maximumFractionDigits: 2});"
          + "const all = [];"
          + "for (const [id, option] of Object.entries(options)) {"
          + "  for (const axis of [].concat(option.xAxis, option.yAxis)) {"
          + "    axis.axisLabel = Object.assign({hideOverlap: true}, axis.axisLabel);"
          + "    if (axis.type === 'value') axis.axisLabel.formatter = v => compact.format(v); }"
          // Axis names along the axis, where they cannot be cut off at the chart's edge.
          + "  for (const axis of [].concat(option.xAxis)) {"
          + "    if (axis.name) Object.assign(axis, {nameLocation: 'middle', nameGap: axis.nameGap || 28}); }"
          + "  [].concat(option.yAxis)[0].nameTextStyle = {align: 'left'};"
          + "  if (option.visualMap) option.visualMap.formatter = v => compact.format(v);"
          + "  option.tooltip.valueFormatter = v => typeof v === 'number' ? full.format(v) : v;"
          + "  const chart = echarts.init(document.getElementById(id), null, {renderer: 'svg'});"
          + "  chart.setOption(option); all.push(chart); }"
          + "window.addEventListener('resize', () => all.forEach(c => c.resize()));"
          + "document.body.dataset.rendered = String(all.length);";
}
