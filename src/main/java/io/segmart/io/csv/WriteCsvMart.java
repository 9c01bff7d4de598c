package io.segmart.io.csv;

import io.segmart.marts.Mart;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/** Writes one mart as {@link WriteCsvMarts} writes many: {@code <output>/<name>/} CSV files. */
public class WriteCsvMart extends PTransform<PCollection<Row>, PDone> {
  private final String output;
  private final Mart mart;
  private final boolean spreadsheetSafe;

  /**
   * Writes {@code mart} as {@code <output>/<name>/}, laid out as the mart declares; with {@code
   * spreadsheetSafe}, safe to open in a spreadsheet even when the mart itself keeps values exactly.
   */
  public WriteCsvMart(String output, Mart mart, boolean spreadsheetSafe) {
    this.output = output;
    this.mart = mart;
    this.spreadsheetSafe = spreadsheetSafe;
  }

  @Override
  public PDone expand(PCollection<Row> rows) {
    return PCollectionTuple.of(Mart.tag(mart.name()), rows)
        .apply(new WriteCsvMarts(output, List.of(mart), spreadsheetSafe, null));
  }
}
