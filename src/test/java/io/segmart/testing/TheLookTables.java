package io.segmart.testing;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/**
 * theLook's order_items, users and products tables in {@link FakeDatasetService}, under the public
 * data set's name and with its column types (INTEGER ids, TIMESTAMP times, FLOAT prices and
 * coordinates), filled from rows of the files that {@code GenerateTheLook} writes and the bundled
 * users table. Values are stored as Avro values, as the Storage Read API fake serves them.
 */
public final class TheLookTables {
  public static final String PROJECT = "bigquery-public-data";
  public static final String DATASET = "thelook_ecommerce";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Each table's columns and their types, as in the public data set (the mapped ones). */
  public static final Map<String, Map<String, String>> SCHEMAS =
      Map.of(
          "order_items",
          columns(
              "id",
              "INTEGER",
              "order_id",
              "INTEGER",
              "user_id",
              "INTEGER",
              "product_id",
              "INTEGER",
              "status",
              "STRING",
              "created_at",
              "TIMESTAMP",
              "sale_price",
              "FLOAT"),
          "users",
          columns(
              "id",
              "INTEGER",
              "email",
              "STRING",
              "age",
              "INTEGER",
              "gender",
              "STRING",
              "state",
              "STRING",
              "city",
              "STRING",
              "country",
              "STRING",
              "latitude",
              "FLOAT",
              "longitude",
              "FLOAT"),
          "products",
          columns("id", "INTEGER", "name", "STRING"));

  private TheLookTables() {}

  private static Map<String, String> columns(String... nameThenType) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < nameThenType.length; i += 2) {
      columns.put(nameThenType[i], nameThenType[i + 1]);
    }
    return columns;
  }

  /** Creates the data set and the three tables with these types, empty. */
  public static void create(Map<String, Map<String, String>> schemas)
      throws IOException, InterruptedException {
    FakeDatasetService service = new FakeDatasetService();
    service.createDataset(PROJECT, DATASET, "", "theLook", null);
    for (Map.Entry<String, Map<String, String>> table : schemas.entrySet()) {
      List<TableFieldSchema> fields = new ArrayList<>();
      table
          .getValue()
          .forEach(
              (name, type) ->
                  fields.add(
                      new TableFieldSchema().setName(name).setType(type).setMode("NULLABLE")));
      service.createTable(
          new Table()
              .setTableReference(reference(table.getKey()))
              .setNumBytes(1L << 20)
              .setSchema(new TableSchema().setFields(fields)));
    }
  }

  /** Inserts rows of a file of the table (columns by name) with the table's types. */
  public static void insert(String table, List<Map<String, String>> fileRows)
      throws IOException, InterruptedException {
    List<TableRow> rows = new ArrayList<>();
    for (Map<String, String> fileRow : fileRows) {
      TableRow row = new TableRow();
      SCHEMAS.get(table).forEach((name, type) -> row.set(name, typed(type, fileRow.get(name))));
      rows.add(row);
    }
    new FakeDatasetService().insertAll(reference(table), rows, null);
  }

  private static Object typed(String type, String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    switch (type) {
      case "INTEGER":
        return Long.parseLong(text);
      case "FLOAT":
        return Double.parseDouble(text);
      case "TIMESTAMP":
        return LocalDateTime.parse(text, TIME).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
      default:
        return text;
    }
  }

  private static TableReference reference(String table) {
    return new TableReference().setProjectId(PROJECT).setDatasetId(DATASET).setTableId(table);
  }
}
