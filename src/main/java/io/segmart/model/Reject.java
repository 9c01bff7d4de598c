package io.segmart.model;

import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/** A source record that was not kept: the rule that dropped it, why, and the record as it was. */
@DefaultSchema(JavaFieldSchema.class)
public final class Reject {
  public final String reason;
  public final String detail;
  public final String source;
  public final long lineNumber;
  public final String record;

  @SchemaCreate
  public Reject(String reason, String detail, String source, long lineNumber, String record) {
    this.reason = reason;
    this.detail = detail;
    this.source = source;
    this.lineNumber = lineNumber;
    this.record = record;
  }

  public static Reject of(RejectReason reason, String detail, SourceRecord record) {
    return new Reject(reason.code(), detail, record.source, record.lineNumber, record.record);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Reject)) {
      return false;
    }
    Reject that = (Reject) o;
    return lineNumber == that.lineNumber
        && reason.equals(that.reason)
        && detail.equals(that.detail)
        && source.equals(that.source)
        && record.equals(that.record);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, source, lineNumber);
  }

  @Override
  public String toString() {
    return reason + " (" + detail + ") " + source + ":" + lineNumber + " " + record;
  }
}
