package io.segmart.intermediate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * NTILE and PERCENT_RANK exactly as SQL defines them, written plainly, to check the scoring
 * against.
 */
final class SqlRanking {
  private SqlRanking() {}

  /** NTILE(5) OVER (ORDER BY metric, id): the first n mod 5 tiles hold one row more. */
  static <T> Map<String, Integer> ntile(
      List<T> rows, ToLongFunction<T> metric, java.util.function.Function<T, String> id) {
    List<T> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.<T>comparingLong(metric)
            .thenComparing((a, b) -> RankKey.compareIds(id.apply(a), id.apply(b))));
    int n = sorted.size();
    Map<String, Integer> tiles = new HashMap<>();
    int index = 0;
    for (int tile = 1; tile <= 5; tile++) {
      int size = n / 5 + (tile <= n % 5 ? 1 : 0);
      for (int k = 0; k < size; k++) {
        tiles.put(id.apply(sorted.get(index++)), tile);
      }
    }
    return tiles;
  }

  /**
   * PERCENT_RANK() OVER (ORDER BY metric) = (rows with a smaller metric) / (n - 1), 0 for one row.
   */
  static <T> Map<String, Double> percentRank(
      List<T> rows, ToLongFunction<T> metric, java.util.function.Function<T, String> id) {
    Map<String, Double> ranks = new HashMap<>();
    for (T row : rows) {
      long smaller =
          rows.stream()
              .filter(other -> metric.applyAsLong(other) < metric.applyAsLong(row))
              .count();
      ranks.put(id.apply(row), rows.size() == 1 ? 0.0 : (double) smaller / (rows.size() - 1));
    }
    return ranks;
  }

  static int score(double percentRank) {
    return percentRank >= 0.8
        ? 5
        : percentRank >= 0.6 ? 4 : percentRank >= 0.4 ? 3 : percentRank >= 0.2 ? 2 : 1;
  }
}
