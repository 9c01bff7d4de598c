package io.segmart.testing;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A raw invoices table in {@link FakeDatasetService}, filled from real Online Retail CSV lines:
 * either with BigQuery types (INT64 quantity, NUMERIC price, FLOAT64 customer id as pandas loads
 * it, TIMESTAMP time) or every column STRING, as the seed's raw table. Values are stored as Avro
 * values, the form that Beam's fake export jobs and {@link FakeStorageReads} serve.
 */
public final class RawInvoicesTable {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

  private RawInvoicesTable() {}

  /**
   * Creates {@code project:dataset.table} and inserts the lines (header first); returns the table
   * spec.
   */
  public static String create(
      String project, String dataset, String table, List<String> csvLines, boolean typed)
      throws IOException, InterruptedException {
    FakeDatasetService service = new FakeDatasetService();
    service.createDataset(project, dataset, "", "raw invoices", null);
    TableReference ref =
        new TableReference().setProjectId(project).setDatasetId(dataset).setTableId(table);
    service.createTable(
        new Table().setTableReference(ref).setNumBytes(1L << 20).setSchema(schema(typed)));
    List<TableRow> rows = new ArrayList<>();
    for (CSVRecord line :
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .build()
            .parse(new StringReader(String.join("\n", csvLines)))) {
      rows.add(typed ? typedRow(line) : stringRow(line));
    }
    service.insertAll(ref, rows, null);
    return project + ":" + dataset + "." + table;
  }

  private static TableSchema schema(boolean typed) {
    return new TableSchema()
        .setFields(
            List.of(
                field("InvoiceNo", "STRING"),
                field("StockCode", "STRING"),
                field("Description", "STRING"),
                field("Quantity", typed ? "INTEGER" : "STRING"),
                field("InvoiceDate", typed ? "TIMESTAMP" : "STRING"),
                field("UnitPrice", typed ? "NUMERIC" : "STRING"),
                field("CustomerID", typed ? "FLOAT" : "STRING"),
                field("Country", "STRING")));
  }

  private static TableFieldSchema field(String name, String type) {
    return new TableFieldSchema().setName(name).setType(type).setMode("NULLABLE");
  }

  private static TableRow stringRow(CSVRecord line) {
    TableRow row = new TableRow();
    for (String column :
        List.of(
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
            "Country")) {
      row.set(column, line.get(column).isEmpty() ? null : line.get(column));
    }
    return row;
  }

  private static TableRow typedRow(CSVRecord line) {
    long micros =
        LocalDateTime.parse(line.get("InvoiceDate"), FILE_TIME).toEpochSecond(ZoneOffset.UTC)
            * 1_000_000L;
    BigDecimal price = new BigDecimal(line.get("UnitPrice")).setScale(9);
    return new TableRow()
        .set("InvoiceNo", line.get("InvoiceNo"))
        .set("StockCode", line.get("StockCode"))
        .set("Description", line.get("Description").isEmpty() ? null : line.get("Description"))
        .set("Quantity", Long.parseLong(line.get("Quantity")))
        .set("InvoiceDate", micros)
        .set("UnitPrice", ByteBuffer.wrap(price.unscaledValue().toByteArray()))
        .set(
            "CustomerID",
            line.get("CustomerID").isEmpty() ? null : Double.parseDouble(line.get("CustomerID")))
        .set("Country", line.get("Country"));
  }
}
