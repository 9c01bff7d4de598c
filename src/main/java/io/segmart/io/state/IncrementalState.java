package io.segmart.io.state;

import io.segmart.common.SchemaCoders;
import io.segmart.intermediate.Intermediate;
import io.segmart.model.CustomerSegments;
import io.segmart.model.CustomerState;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The state an incremental run keeps for the next one, as Avro files in a {@code state} folder of
 * its output: {@code customers-*.avro} (each customer's orders and line fingerprints, {@link
 * CustomerState}) and {@code segments-*.avro} (each customer's segments in this run's snapshot,
 * {@link CustomerSegments}). Its size grows with customers and orders, plus 8 bytes per kept line.
 */
public final class IncrementalState {
  private static final String CUSTOMERS = "customers";
  private static final String SEGMENTS = "segments";

  private IncrementalState() {}

  /** The state folder of a run's output folder. */
  public static String folder(String output) {
    return output.replaceAll("/+$", "") + "/state";
  }

  /** The files of the customers' state kept in {@code folder}, as a pattern. */
  public static String customerFiles(String folder) {
    return files(folder, CUSTOMERS);
  }

  private static String files(String folder, String name) {
    return folder.replaceAll("/+$", "") + "/" + name + "-*.avro";
  }

  /** The customers' state kept in {@code folder}; none when {@code folder} is null. */
  public static PTransform<PBegin, PCollection<CustomerState>> customers(@Nullable String folder) {
    return read(folder, CUSTOMERS, CustomerState.class);
  }

  /** The segments kept in {@code folder}; none when {@code folder} is null. */
  public static PTransform<PBegin, PCollection<CustomerSegments>> segments(
      @Nullable String folder) {
    return read(folder, SEGMENTS, CustomerSegments.class);
  }

  private static <T> PTransform<PBegin, PCollection<T>> read(
      @Nullable String folder, String name, Class<T> type) {
    if (folder != null) {
      return AvroRecords.read(files(folder, name), type);
    }
    return new PTransform<>() {
      @Override
      public PCollection<T> expand(PBegin begin) {
        return begin.apply(
            "NoPreviousRun", Create.empty(SchemaCoders.of(begin.getPipeline(), type)));
      }
    };
  }

  /** Writes the state of the Intermediate stage's output ({@link Intermediate#STATE}). */
  public static class Write extends PTransform<PCollectionTuple, PDone> {
    private final String folder;

    /** {@code output}: the run's output folder. */
    public Write(String output) {
      this.folder = folder(output);
    }

    @Override
    public PDone expand(PCollectionTuple modelled) {
      modelled
          .get(Intermediate.STATE)
          .apply("WriteCustomers", AvroRecords.write(folder + "/" + CUSTOMERS));
      return modelled
          .get(Intermediate.CUSTOMERS)
          .apply(
              "Segments",
              MapElements.into(TypeDescriptor.of(CustomerSegments.class)).via(CustomerSegments::of))
          .setCoder(SchemaCoders.of(modelled.getPipeline(), CustomerSegments.class))
          .apply("WriteSegments", AvroRecords.write(folder + "/" + SEGMENTS));
    }
  }
}
