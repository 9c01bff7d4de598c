package io.segmart.intermediate;

import io.segmart.config.Bands;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SegmentScheme;
import io.segmart.model.ScoredCustomer;
import io.segmart.model.SegmentedCustomer;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Assigns each scored customer its segments: the first rule of the RFM scheme and of the RF grid
 * that its scores (by each scheme's scoring) match, and a label for every configured band.
 */
public class SegmentCustomers
    extends PTransform<PCollection<ScoredCustomer>, PCollection<SegmentedCustomer>> {
  private final PipelineConfig config;

  public SegmentCustomers(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public PCollection<SegmentedCustomer> expand(PCollection<ScoredCustomer> customers) {
    return customers.apply("AssignSegments", ParDo.of(new SegmentFn(config)));
  }

  static class SegmentFn extends DoFn<ScoredCustomer, SegmentedCustomer> {
    private final PipelineConfig config;
    private final SegmentScheme rfm;
    private final SegmentScheme rfGrid;

    SegmentFn(PipelineConfig config) {
      this.config = config;
      this.rfm = new SegmentScheme(config.segments.rfm);
      this.rfGrid = new SegmentScheme(config.segments.rfGrid);
    }

    @ProcessElement
    public void process(@Element ScoredCustomer c, OutputReceiver<SegmentedCustomer> out) {
      int[] rfmScores = scores(c, config.segments.rfm.scoring);
      int[] gridScores = scores(c, config.segments.rfGrid.scoring);
      PipelineConfig.SegmentRule segment = rfm.match(rfmScores[0], rfmScores[1], rfmScores[2]);
      PipelineConfig.SegmentRule grid = rfGrid.match(gridScores[0], gridScores[1], gridScores[2]);
      Map<String, String> bands = new HashMap<>();
      config.bands.forEach(
          (column, band) -> bands.put(column, Bands.label(band, c.metrics.metric(band.metric))));
      out.output(
          new SegmentedCustomer(
              c.metrics,
              rfmScores[0],
              rfmScores[1],
              rfmScores[2],
              segment.segment,
              segment.valueGroup,
              segment.action,
              gridScores[0],
              gridScores[1],
              grid.segment,
              bands));
    }

    private static int[] scores(ScoredCustomer c, PipelineConfig.Scoring scoring) {
      return scoring == PipelineConfig.Scoring.NTILE
          ? new int[] {c.rNtile, c.fNtile, c.mNtile}
          : new int[] {c.rPercentRank, c.fPercentRank, c.mPercentRank};
    }
  }
}
