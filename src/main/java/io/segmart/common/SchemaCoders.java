package io.segmart.common;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;

/** Schema coders for record classes used inside KVs and lists, where Beam does not infer them. */
public final class SchemaCoders {
  private SchemaCoders() {}

  public static <T> Coder<T> of(Pipeline pipeline, Class<T> type) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(
          type.getName() + " has no Beam schema; annotate it with @DefaultSchema", e);
    }
  }
}
