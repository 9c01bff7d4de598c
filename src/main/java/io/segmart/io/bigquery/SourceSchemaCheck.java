package io.segmart.io.bigquery;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import io.segmart.config.InvalidConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a BigQuery source's schema against the column mapping before the run: every mapped column
 * must exist (BigQuery compares names without case) with a type the cleaning can read.
 */
public final class SourceSchemaCheck {
  private static final List<String> NUMBERS =
      List.of("INT64", "NUMERIC", "BIGNUMERIC", "FLOAT64", "STRING");
  private static final List<String> IDS = List.of("STRING", "INT64");

  /** Invoice-line field to the BigQuery types it can be read from. */
  static final Map<String, List<String>> ACCEPTED_TYPES =
      Map.ofEntries(
          Map.entry("invoice_id", IDS),
          Map.entry("invoice_ts", List.of("TIMESTAMP", "DATETIME", "DATE", "STRING")),
          Map.entry("customer_id", NUMBERS),
          Map.entry("line_id", IDS),
          Map.entry("product_id", IDS),
          Map.entry("quantity", NUMBERS),
          Map.entry("unit_price", NUMBERS),
          Map.entry("line_total", NUMBERS),
          Map.entry("age", NUMBERS),
          Map.entry("latitude", NUMBERS),
          Map.entry("longitude", NUMBERS));

  private SourceSchemaCheck() {}

  /**
   * Returns each mapped field's column as the source spells it, with its type (INT64, STRING, ...).
   *
   * @throws InvalidConfigException naming the first missing or mistyped column
   */
  public static Map<String, Column> check(
      String sourceName, TableSchema schema, Map<String, String> mapping) {
    return check(sourceName, schema, mapping, "source");
  }

  /** As {@link #check(String, TableSchema, Map)}, for a source declared at {@code declaredAt}. */
  public static Map<String, Column> check(
      String sourceName, TableSchema schema, Map<String, String> mapping, String declaredAt) {
    Map<String, TableFieldSchema> byName = new LinkedHashMap<>();
    for (TableFieldSchema field : schema.getFields()) {
      byName.put(field.getName().toLowerCase(Locale.ROOT), field);
    }
    Map<String, Column> columns = new LinkedHashMap<>();
    for (Map.Entry<String, String> mapped : mapping.entrySet()) {
      String field = mapped.getKey();
      TableFieldSchema column = byName.get(mapped.getValue().toLowerCase(Locale.ROOT));
      if (column == null) {
        throw new InvalidConfigException(
            String.format(
                "%s.columns.%s: %s has no column '%s' (its columns: %s)",
                declaredAt,
                field,
                sourceName,
                mapped.getValue(),
                schema.getFields().stream()
                    .map(TableFieldSchema::getName)
                    .collect(Collectors.joining(", "))));
      }
      String type = standardType(column.getType());
      List<String> accepted = ACCEPTED_TYPES.getOrDefault(field, List.of("STRING"));
      if ("REPEATED".equals(column.getMode()) || !accepted.contains(type)) {
        throw new InvalidConfigException(
            String.format(
                "%s.columns.%s: column '%s' of %s is %s%s; %s is read from %s",
                declaredAt,
                field,
                column.getName(),
                sourceName,
                "REPEATED".equals(column.getMode()) ? "REPEATED " : "",
                type,
                field,
                String.join(", ", accepted)));
      }
      columns.put(field, new Column(column.getName(), type));
    }
    return columns;
  }

  /** The standard SQL name of a type that the API may give by its legacy name. */
  public static String standardType(String type) {
    switch (type.toUpperCase(Locale.ROOT)) {
      case "INTEGER":
        return "INT64";
      case "FLOAT":
        return "FLOAT64";
      case "BOOLEAN":
        return "BOOL";
      case "STRUCT":
        return "RECORD";
      default:
        return type.toUpperCase(Locale.ROOT);
    }
  }

  /** A source column: its name as the source spells it and its standard SQL type. */
  public static final class Column implements java.io.Serializable {
    public final String name;
    public final String type;

    public Column(String name, String type) {
      this.name = name;
      this.type = type;
    }
  }
}
