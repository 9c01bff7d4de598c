package io.segmart.config;

/** How customers are ranked for NTILE and PERCENT_RANK scores. */
public enum Ranking {
  /** Sorted on one worker: exact, up to about 10M customers. */
  EXACT,
  /** Quantile sketches: any number of customers, within a configured rank error. */
  APPROXIMATE
}
