package io.segmart.marts;

import io.segmart.config.PipelineConfig;
import io.segmart.quality.MartTests;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * A mart, declared in one file: its name, row schema, how it is built from the typed collections
 * ({@link MartInputs}), how it is laid out as files and as a BigQuery table, and its data tests.
 * {@link Marts#of} lists every mart in order; the writers, the data tests, the run summary's row
 * counts, the table docs, the Terraform tables and the Flex Template metadata all follow that list.
 * Column descriptions live in {@code io/segmart/marts/schema.yml} ({@link MartCatalog}).
 */
public abstract class Mart extends PTransform<MartInputs, PCollection<Row>> {
  private final String name;
  protected final PipelineConfig config;

  /** {@code name}: the mart's folder under the output, its BigQuery table, its run-summary key. */
  protected Mart(String name, PipelineConfig config) {
    this.name = name;
    this.config = config;
  }

  public final String name() {
    return name;
  }

  /**
   * Its rows' columns for this configuration (markets, bands and mapped attributes add columns).
   */
  public abstract Schema schema();

  /** How its rows are written as CSV files under the output folder. */
  public abstract FileLayout files();

  /** Its BigQuery table, or {@link TableLayout#filesOnly()}. */
  public abstract TableLayout table();

  /**
   * Whether it is built from every line rather than from the customers: an incremental run, which
   * reads only the new lines and the customers' state, does not write it, and a source of
   * per-customer totals cannot give it.
   */
  public boolean fromLines() {
    return false;
  }

  /** Declares its data tests. */
  public abstract void tests(MartTests tests);

  /** The tag of a mart's rows in the collections the Marts stage outputs. */
  public static TupleTag<Row> tag(String mart) {
    return new TupleTag<>(mart);
  }
}
