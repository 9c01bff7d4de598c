package io.segmart.intermediate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the score of one metric changes: the first key of NTILE tiles 2-5, and the smallest metric
 * values whose PERCENT_RANK reaches 0.2, 0.4, 0.6 and 0.8. Scoring a customer is then a lookup, so
 * the global part of ranking is only this object, whether it comes from an exact sort or from a
 * sketch.
 */
public final class MetricCuts implements Serializable {
  static final int TILES = 5;

  private final boolean lowerIsBetter;
  private final RankKey[] ntileCuts;

  /** Cuts on the oriented value (negated when lower is better), ascending. */
  private final long[] percentRankCuts;

  private MetricCuts(boolean lowerIsBetter, RankKey[] ntileCuts, long[] percentRankCuts) {
    this.lowerIsBetter = lowerIsBetter;
    this.ntileCuts = ntileCuts;
    this.percentRankCuts = percentRankCuts;
  }

  /**
   * Derives the cuts from keys in ascending {@link RankKey#ORDER} and their ranks among all {@code
   * n} customers: every customer with ranks 0..n-1 (exact), or a sample with estimated ranks
   * (approximate).
   */
  public static MetricCuts from(
      List<RankKey> ascending, long[] ranks, long n, boolean lowerIsBetter) {
    List<RankKey> ntile = new ArrayList<>();
    long q = n / TILES;
    long r = n % TILES;
    int at = 0;
    for (int tile = 2; tile <= TILES; tile++) {
      long start = (tile - 1) * q + Math.min(tile - 1, r);
      if (start >= n) {
        break;
      }
      while (at < ranks.length && ranks[at] < start) {
        at++;
      }
      if (at < ranks.length) {
        ntile.add(ascending.get(at));
      }
    }
    List<Long> percentRank = new ArrayList<>();
    if (n > 1) {
      int size = ascending.size();
      int k = 1;
      int i = 0;
      while (i < size && k < TILES) {
        // Walk distinct oriented values upwards; "less" is the rank of the first key holding the
        // value.
        int index = lowerIsBetter ? size - 1 - i : i;
        long oriented = lowerIsBetter ? -ascending.get(index).value : ascending.get(index).value;
        long less = Long.MAX_VALUE;
        while (i < size) {
          int j = lowerIsBetter ? size - 1 - i : i;
          long v = lowerIsBetter ? -ascending.get(j).value : ascending.get(j).value;
          if (v != oriented) {
            break;
          }
          less = Math.min(less, lowerIsBetter ? n - 1 - ranks[j] : ranks[j]);
          i++;
        }
        while (k < TILES && less * TILES >= (long) k * (n - 1)) {
          percentRank.add(oriented);
          k++;
        }
      }
    }
    return new MetricCuts(
        lowerIsBetter,
        ntile.toArray(new RankKey[0]),
        percentRank.stream().mapToLong(Long::longValue).toArray());
  }

  /** NTILE(5) over (metric, customer id) ascending; reversed (6 - tile) when lower is better. */
  public int ntileScore(long value, String customerId) {
    RankKey key = new RankKey(value, customerId);
    int tile = 1;
    for (RankKey cut : ntileCuts) {
      if (RankKey.ORDER.compare(cut, key) <= 0) {
        tile++;
      }
    }
    return lowerIsBetter ? TILES + 1 - tile : tile;
  }

  /** 1-5 from PERCENT_RANK of the metric (best ranks highest): >= 0.8 is 5, ..., below 0.2 is 1. */
  public int percentRankScore(long value) {
    long oriented = lowerIsBetter ? -value : value;
    int score = 1;
    for (long cut : percentRankCuts) {
      if (cut <= oriented) {
        score++;
      }
    }
    return score;
  }

  @Override
  public String toString() {
    return "ntile cuts "
        + java.util.Arrays.toString(ntileCuts)
        + ", percent_rank cuts "
        + java.util.Arrays.toString(percentRankCuts);
  }
}
