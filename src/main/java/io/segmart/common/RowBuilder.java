package io.segmart.common;

import java.util.Arrays;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Builds a {@link Row} by field name. {@link #build} fails naming the first field left unset, so a
 * column added to a schema cannot silently shift the values after it.
 */
public final class RowBuilder {
  private static final Object UNSET = new Object();

  private final Schema schema;
  private final Object[] values;

  private RowBuilder(Schema schema) {
    this.schema = schema;
    this.values = new Object[schema.getFieldCount()];
    Arrays.fill(values, UNSET);
  }

  public static RowBuilder of(Schema schema) {
    return new RowBuilder(schema);
  }

  public RowBuilder set(String field, @Nullable Object value) {
    values[schema.indexOf(field)] = value;
    return this;
  }

  public Row build() {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == UNSET) {
        throw new IllegalStateException(
            "field " + schema.getField(i).getName() + " of the row was not set");
      }
    }
    return Row.withSchema(schema).addValues(values).build();
  }
}
