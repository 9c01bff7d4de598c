package io.segmart.marts;

import io.segmart.config.PipelineConfig;
import io.segmart.quality.MartTests;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * segment_history: one row per customer per snapshot date, with dim_customers' columns as of that
 * date (as_of), but no CLV scores: every customer who ordered before it, scored among the customers
 * of the same snapshot. A snapshot dated D equals dim_customers of a run with {@code --asOf=D} over
 * the lines before D; the last snapshot is this run's dim_customers. One file per snapshot.
 */
public class SegmentHistory extends DimCustomers {
  public static final String NAME = "segment_history";

  public SegmentHistory(PipelineConfig config) {
    super(NAME, config, false);
  }

  @Override
  public FileLayout files() {
    return FileLayout.partitioned(
        row -> row.getValue("as_of").toString(), row -> row.getString("customer_id"));
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().snapshotsBy("as_of").clusteredBy("rfm_segment", "customer_id");
  }

  @Override
  public void tests(MartTests tests) {
    segmentTests(
        tests
            .notEmpty()
            .uniqueKey("as_of", "customer_id")
            .sameRowsAs(DimCustomers.NAME, "as_of", schema().getFieldNames()));
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    return rows(inputs.history, inputs.clusterModel, "ToSegmentHistoryRows");
  }
}
