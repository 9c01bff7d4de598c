package io.segmart.intermediate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricCutsTest {

  private static MetricCuts exact(List<RankKey> keys, boolean lowerIsBetter) {
    List<RankKey> sorted = new ArrayList<>(keys);
    sorted.sort(RankKey.ORDER);
    long[] ranks = new long[sorted.size()];
    for (int i = 0; i < ranks.length; i++) {
      ranks[i] = i;
    }
    return MetricCuts.from(sorted, ranks, sorted.size(), lowerIsBetter);
  }

  private static List<RankKey> randomKeys(int n, int distinctValues, long seed) {
    Random random = new Random(seed);
    List<RankKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Unique ids (7919 is prime to 90000) in an order unrelated to the values.
      keys.add(
          new RankKey(
              random.nextInt(distinctValues), Integer.toString(10000 + (i * 7919) % 90000)));
    }
    return keys;
  }

  @Test
  void ntileMatchesSqlForEverySizeAndHeavyTies() {
    for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 11, 99, 1003}) {
      for (boolean lowerIsBetter : new boolean[] {false, true}) {
        List<RankKey> keys = randomKeys(n, 4, n);
        MetricCuts cuts = exact(keys, lowerIsBetter);
        Map<String, Integer> sql = SqlRanking.ntile(keys, k -> k.value, k -> k.customerId);
        for (RankKey key : keys) {
          int expected = lowerIsBetter ? 6 - sql.get(key.customerId) : sql.get(key.customerId);
          assertEquals(
              expected, cuts.ntileScore(key.value, key.customerId), "n=" + n + " key=" + key);
        }
      }
    }
  }

  @Test
  void percentRankMatchesSqlAndTiesShareAScore() {
    for (int n : new int[] {1, 2, 5, 6, 17, 500}) {
      for (boolean lowerIsBetter : new boolean[] {false, true}) {
        List<RankKey> keys = randomKeys(n, 7, 31L * n);
        MetricCuts cuts = exact(keys, lowerIsBetter);
        Map<String, Double> sql =
            SqlRanking.percentRank(
                keys, k -> lowerIsBetter ? -k.value : k.value, k -> k.customerId);
        for (RankKey key : keys) {
          assertEquals(
              SqlRanking.score(sql.get(key.customerId)),
              cuts.percentRankScore(key.value),
              "n=" + n + " key=" + key);
        }
      }
    }
  }

  @Test
  void customerIdsCompareAsNumbersWhenTheyAreNumbers() {
    assertEquals(-1, Integer.signum(RankKey.compareIds("9999", "12346")));
    assertEquals(-1, Integer.signum(RankKey.compareIds("12346", "12347")));
    assertEquals(-1, Integer.signum(RankKey.compareIds("A-1", "B-0")));
  }
}
