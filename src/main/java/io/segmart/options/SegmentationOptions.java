package io.segmart.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The options of a SegMart run. Runner-neutral: runner settings come from the runner's own options. */
public interface SegmentationOptions extends PipelineOptions {

  @Description("Pipeline configuration (YAML): source format and column mapping, cleaning rules, scoring and segment schemes.")
  @Default.String("pipelines/online-retail.yaml")
  String getPipeline();

  void setPipeline(String value);

  @Description("Input file pattern (glob, .gz read as gzip). Overrides source.input of the configuration.")
  String getInput();

  void setInput(String value);

  @Description("Output folder: one sub-folder per mart, plus run_summary.json. Default: out/<configuration name>.")
  String getOutput();

  void setOutput(String value);

  @Description("Reference date of the metrics, YYYY-MM-DD. Default: the day after the newest kept line (never the wall clock).")
  String getAsOf();

  void setAsOf(String value);

  @Description("How customers are ranked for scores: EXACT (sorted on one worker; exact up to about 10M customers"
      + " with a 4 GiB worker) or APPROXIMATE (mergeable quantile sketches; any size).")
  @Default.Enum("EXACT")
  Ranking getRanking();

  void setRanking(Ranking value);

  @Description("Rank error allowed by APPROXIMATE ranking, as a fraction of customers.")
  @Default.Double(0.001)
  double getApproximateRankingError();

  void setApproximateRankingError(double value);

  /** Ranking strategies for NTILE and PERCENT_RANK scores. */
  enum Ranking {
    EXACT,
    APPROXIMATE
  }
}
