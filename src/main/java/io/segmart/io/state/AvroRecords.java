package io.segmart.io.state;

import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Records of a class with a Beam schema as Avro files, the Avro schema derived from the Beam one:
 * how an incremental run keeps its per-customer state for the next run. Avro, so that the state can
 * also be read by other tools (BigQuery, Spark, {@code avro-tools tojson}).
 */
public final class AvroRecords {
  private AvroRecords() {}

  /** Writes the records as {@code prefix-SSSSS-of-NNNNN.avro}. */
  public static <T> PTransform<PCollection<T>, PDone> write(String prefix) {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<T> records) {
        Schema schema = records.getSchema();
        org.apache.avro.Schema avro = AvroUtils.toAvroSchema(schema);
        return records
            .apply("ToRows", Convert.toRows())
            .apply(
                "ToAvroRecords",
                MapElements.into(TypeDescriptor.of(GenericRecord.class))
                    .via(AvroUtils.getRowToGenericRecordFunction(avro)))
            .setCoder(AvroCoder.of(avro))
            .apply(
                "WriteAvroFiles", AvroIO.writeGenericRecords(avro).to(prefix).withSuffix(".avro"));
      }
    };
  }

  /** Reads the records of {@code type} from the Avro files matching {@code pattern}. */
  public static <T> PTransform<PBegin, PCollection<T>> read(String pattern, Class<T> type) {
    return new PTransform<>() {
      @Override
      public PCollection<T> expand(PBegin begin) {
        Schema schema = schemaOf(begin, type);
        org.apache.avro.Schema avro = AvroUtils.toAvroSchema(schema);
        return begin
            .apply(
                "ReadAvroFiles",
                AvroIO.readGenericRecords(avro)
                    .from(pattern)
                    .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW_IF_WILDCARD))
            .apply(
                "ToRows",
                MapElements.into(TypeDescriptors.rows())
                    .via(AvroUtils.getGenericRecordToRowFunction(schema)))
            .setRowSchema(schema)
            .apply("ToRecords", Convert.fromRows(type));
      }
    };
  }

  private static Schema schemaOf(PBegin begin, Class<?> type) {
    try {
      return begin.getPipeline().getSchemaRegistry().getSchema(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type.getName() + " has no Beam schema", e);
    }
  }
}
