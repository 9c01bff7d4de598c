package io.segmart.io.bigquery;

import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.TypedRead;

/**
 * A BigQuery source as a run reads it: a table or a query (options override the configuration), the
 * read method, the optional date range and the columns that the configuration maps.
 */
public final class BigQuerySource implements Serializable {
  public final String table;
  public final String query;
  public final TypedRead.Method method;
  public final LocalDate since;
  public final LocalDate until;
  public final boolean checkSchema;

  /** Invoice-line field to the column that holds it, as configured. */
  public final Map<String, String> columns;

  public final String timeZone;

  /** Where the configuration declares this source (source, source.customers), for messages. */
  public final String declaredAt;

  private BigQuerySource(
      String table,
      String query,
      TypedRead.Method method,
      LocalDate since,
      LocalDate until,
      boolean checkSchema,
      Map<String, String> columns,
      String timeZone,
      String declaredAt) {
    this.table = table;
    this.query = query;
    this.method = method;
    this.since = since;
    this.until = until;
    this.checkSchema = checkSchema;
    this.columns = columns;
    this.timeZone = timeZone;
    this.declaredAt = declaredAt;
  }

  /** The source of a run whose options {@code RunChecks} accepted. */
  public static BigQuerySource of(PipelineConfig.Source source, SegmentationOptions options) {
    String table = options.getInputTable();
    String query = options.getInputQuery();
    if (table == null && query == null) {
      table = source.table;
      query = source.query;
    }
    LocalDate since = options.getSince() == null ? null : LocalDate.parse(options.getSince());
    LocalDate until = options.getUntil() == null ? null : LocalDate.parse(options.getUntil());
    return new BigQuerySource(
        table,
        query,
        options.getReadMethod().beam,
        since,
        until,
        options.getCheckSourceSchema(),
        new LinkedHashMap<>(source.columns),
        source.timeZone,
        "source");
  }

  /**
   * A lookup table of a run (customers, products): its own table or query, read whole (the date
   * range and the input options choose the lines only), by the run's read method.
   */
  public static BigQuerySource ofLookupTable(
      PipelineConfig.Source table, String name, SegmentationOptions options) {
    return new BigQuerySource(
        table.table,
        table.query,
        options.getReadMethod().beam,
        null,
        null,
        options.getCheckSourceSchema(),
        new LinkedHashMap<>(table.columns),
        table.timeZone,
        "source." + name);
  }

  /** What the run summary and messages call this source. */
  public String describe() {
    String what = table != null ? "bigquery table " + table : "bigquery query";
    if (since != null || until != null) {
      what +=
          " from "
              + (since == null ? "the start" : since)
              + " until "
              + (until == null ? "the end" : until);
    }
    return what;
  }

  public boolean hasDateRange() {
    return since != null || until != null;
  }

  /**
   * The date range as a BigQuery predicate on the timestamp column, usable as a Storage Read API
   * row restriction and in a WHERE clause. {@code columnType} is the column's BigQuery type.
   */
  public String dateRangePredicate(String column, String columnType) {
    List<String> terms = new ArrayList<>();
    if (since != null) {
      terms.add(quote(column) + " >= " + literal(since, columnType));
    }
    if (until != null) {
      terms.add(quote(column) + " < " + literal(until, columnType));
    }
    return String.join(" AND ", terms);
  }

  private String literal(LocalDate day, String columnType) {
    switch (columnType) {
      case "TIMESTAMP":
        return "TIMESTAMP('" + day + " 00:00:00', '" + timeZone + "')";
      case "DATETIME":
        return "DATETIME '" + day + " 00:00:00'";
      case "DATE":
        return "DATE '" + day + "'";
      default:
        throw new IllegalArgumentException(
            "--since and --until need a TIMESTAMP, DATETIME or DATE column for "
                + "invoice_ts; "
                + columns.get("invoice_ts")
                + " is "
                + columnType
                + ". Filter in source.query instead.");
    }
  }

  /**
   * The SQL that reads this source when it cannot be read as a plain table: a query, or a table
   * with a date range.
   */
  public String sql(List<String> selectedColumns, String timestampColumn, String timestampType) {
    String from = table != null ? quote(table.replace(':', '.')) : "(" + query + ")";
    String select =
        table != null
            ? String.join(", ", selectedColumns.stream().map(BigQuerySource::quote).toList())
            : "*";
    String sql = "SELECT " + select + " FROM " + from;
    return hasDateRange()
        ? sql + " WHERE " + dateRangePredicate(timestampColumn, timestampType)
        : sql;
  }

  private static String quote(String name) {
    return "`" + name + "`";
  }
}
