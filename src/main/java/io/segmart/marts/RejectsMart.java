package io.segmart.marts;

import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.config.PipelineConfig;
import io.segmart.model.Reject;
import io.segmart.quality.MartTests;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * rejects: every source record that was not kept, with the rule that dropped it; one file per
 * reason and source file, so that no file of rejects grows beyond one input file (files are sorted
 * in memory).
 */
public class RejectsMart extends Mart {
  public static final String NAME = "rejects";
  // Compiled once: partition() runs for every reject.
  private static final Pattern CSV_EXTENSION = Pattern.compile("\\.csv(\\.gz)?$");
  private static final Pattern NOT_IN_FILE_NAMES = Pattern.compile("[^A-Za-z0-9._-]+");
  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField("reason")
          .addStringField("detail")
          .addStringField("source")
          .addInt64Field("line_number")
          .addStringField("record")
          .build();

  public RejectsMart(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public FileLayout files() {
    return FileLayout.partitioned(RejectsMart::partition, RejectsMart::sortKey);
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().clusteredBy("reason");
  }

  @Override
  public void tests(MartTests tests) {
    // Every reject is kept as read; a reject row has nothing left to test.
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    return inputs
        .rejects
        .apply(
            "ToRejectRows",
            MapElements.into(TypeDescriptors.rows())
                .via(
                    (Reject r) ->
                        RowBuilder.of(SCHEMA)
                            .set("reason", r.reason)
                            .set("detail", r.detail)
                            .set("source", r.source)
                            .set("line_number", r.lineNumber)
                            .set("record", r.record)
                            .build()))
        .setRowSchema(SCHEMA);
  }

  /**
   * The file of a reject: its reason and the name of its source file without extensions, e.g.
   * missing_customer_id-2010-12-01.
   */
  static String partition(Row row) {
    String stem = CSV_EXTENSION.matcher(row.getString("source")).replaceFirst("");
    return row.getString("reason") + "-" + NOT_IN_FILE_NAMES.matcher(stem).replaceAll("_");
  }

  static String sortKey(Row row) {
    // A line number identifies a file's record. BigQuery rows have none (0): their record (JSON)
    // orders them, and only then is it worth carrying in the key.
    long line = row.getInt64("line_number");
    String key = row.getString("source") + "|" + Money.ascending(line);
    return line > 0 ? key : key + "|" + row.getString("record");
  }
}
