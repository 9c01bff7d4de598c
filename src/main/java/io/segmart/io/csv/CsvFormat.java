package io.segmart.io.csv;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;
import org.joda.time.format.DateTimeFormat;
import org.joda.time.format.DateTimeFormatter;

/** Writes mart rows as RFC 4180 CSV lines: header from the schema, values in a fixed text form. */
public final class CsvFormat implements Serializable {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormat.forPattern("yyyy-MM-dd HH:mm:ss").withZoneUTC();

  private final boolean spreadsheetSafe;

  /**
   * With {@code spreadsheetSafe}, a text value that a spreadsheet would run as a formula (it begins
   * with =, +, -, @, tab or carriage return) is written with a leading apostrophe, which
   * spreadsheets show as text; for files meant to be opened by people, like the CX export.
   */
  public CsvFormat(boolean spreadsheetSafe) {
    this.spreadsheetSafe = spreadsheetSafe;
  }

  public static String header(Schema schema) {
    return String.join(",", schema.getFieldNames());
  }

  public String line(Row row) {
    StringBuilder line = new StringBuilder(128);
    List<Object> values = row.getValues();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      appendValue(line, values.get(i));
    }
    return line.toString();
  }

  private void appendValue(StringBuilder line, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof BigDecimal) {
      line.append(((BigDecimal) value).toPlainString());
    } else if (value instanceof ReadableInstant) {
      line.append(TIMESTAMP.print((ReadableInstant) value));
    } else if (value instanceof LocalDate || value instanceof Number || value instanceof Boolean) {
      line.append(value);
    } else {
      appendText(line, value.toString());
    }
  }

  private void appendText(StringBuilder line, String text) {
    if (spreadsheetSafe && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    boolean quote = false;
    for (int i = 0; i < text.length() && !quote; i++) {
      char c = text.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      line.append(text);
      return;
    }
    line.append('"').append(text.replace("\"", "\"\"")).append('"');
  }
}
