package io.segmart.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * One record of a source, before cleaning: the invoice-line fields as text, and where it came from.
 */
@DefaultSchema(JavaFieldSchema.class)
public final class SourceRecord {
  public final String source;
  public final long lineNumber;

  /** The record as it stands in the source, for the rejects output. */
  public final String record;

  /**
   * Invoice-line field name (invoice_id, ...) to its text; fields the source does not map are
   * absent.
   */
  public final Map<String, String> fields;

  @SchemaCreate
  public SourceRecord(String source, long lineNumber, String record, Map<String, String> fields) {
    this.source = source;
    this.lineNumber = lineNumber;
    this.record = record;
    this.fields = fields;
  }

  /**
   * A row of a table (BigQuery, a database): its mapped fields, and as its record the row's columns
   * as JSON (what a reject of the row shows).
   */
  public static SourceRecord ofTableRow(
      String source, Map<String, String> columns, Map<String, String> fields, ObjectMapper json) {
    try {
      return new SourceRecord(source, 0, json.writeValueAsString(columns), fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a row as JSON: " + columns, e);
    }
  }

  public String field(String name) {
    return fields.get(name);
  }

  // The DirectRunner checks that no step mutates its input by comparing elements with equals().
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SourceRecord)) {
      return false;
    }
    SourceRecord that = (SourceRecord) o;
    return lineNumber == that.lineNumber
        && source.equals(that.source)
        && record.equals(that.record)
        && fields.equals(that.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, lineNumber, record);
  }

  @Override
  public String toString() {
    return source + ":" + lineNumber + " " + fields;
  }
}
