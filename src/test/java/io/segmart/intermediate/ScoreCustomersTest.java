package io.segmart.intermediate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import io.segmart.config.Ranking;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.ScoredCustomer;
import io.segmart.testing.CustomerFixtures;
import io.segmart.testing.PipelineTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/**
 * Scores of the 4,293 real Online Retail customers: exact ranking against SQL, sketches against
 * exact.
 */
@Category(PipelineTest.class)
public class ScoreCustomersTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void exactRankingGivesSqlNtileAndPercentRankAndTheSketchStaysClose() throws Exception {
    List<CustomerMetrics> customers = CustomerFixtures.onlineRetail();
    PCollection<CustomerMetrics> input = pipeline.apply(Create.of(customers));
    PCollection<ScoredCustomer> exact =
        input.apply("Exact", new ScoreCustomers(Ranking.EXACT, 0.001));
    PCollection<ScoredCustomer> approximate =
        input.apply("Approximate", new ScoreCustomers(Ranking.APPROXIMATE, 0.001));

    Map<String, Integer> r = SqlRanking.ntile(customers, c -> c.recencyDays, c -> c.customerId);
    Map<String, Integer> f = SqlRanking.ntile(customers, c -> c.orders, c -> c.customerId);
    Map<String, Integer> m = SqlRanking.ntile(customers, c -> c.revenueCents, c -> c.customerId);
    Map<String, Double> rp =
        SqlRanking.percentRank(customers, c -> -c.recencyDays, c -> c.customerId);
    Map<String, Double> fp = SqlRanking.percentRank(customers, c -> c.orders, c -> c.customerId);
    Map<String, Double> mp =
        SqlRanking.percentRank(customers, c -> c.revenueCents, c -> c.customerId);
    PAssert.that(exact)
        .satisfies(
            scored -> {
              int[] perTile = new int[6];
              int count = 0;
              for (ScoredCustomer s : scored) {
                String id = s.metrics.customerId;
                assertEquals(id, 6 - r.get(id), s.rNtile);
                assertEquals(id, (int) f.get(id), s.fNtile);
                assertEquals(id, (int) m.get(id), s.mNtile);
                assertEquals(id, SqlRanking.score(rp.get(id)), s.rPercentRank);
                assertEquals(id, SqlRanking.score(fp.get(id)), s.fPercentRank);
                assertEquals(id, SqlRanking.score(mp.get(id)), s.mPercentRank);
                perTile[s.fNtile]++;
                count++;
              }
              assertEquals(4293, count);
              for (int tile = 1; tile <= 5; tile++) {
                assertThat(
                    perTile[tile],
                    greaterThanOrEqualTo(858)); // a fifth of 4,293 each, as NTILE splits them
                assertThat(perTile[tile], lessThanOrEqualTo(859));
              }
              return null;
            });

    Map<String, Integer> ntileF = new HashMap<>(f);
    Map<String, Integer> ntileM = new HashMap<>(m);
    PAssert.that(approximate)
        .satisfies(
            scored -> {
              int differing = 0;
              int count = 0;
              for (ScoredCustomer s : scored) {
                String id = s.metrics.customerId;
                int[][] pairs = {
                  {s.rNtile, 6 - r.get(id)},
                  {s.fNtile, ntileF.get(id)},
                  {s.mNtile, ntileM.get(id)},
                  {s.rPercentRank, SqlRanking.score(rp.get(id))},
                  {s.fPercentRank, SqlRanking.score(fp.get(id))},
                  {s.mPercentRank, SqlRanking.score(mp.get(id))}
                };
                for (int[] pair : pairs) {
                  assertThat(id, Math.abs(pair[0] - pair[1]), lessThanOrEqualTo(1));
                  differing += pair[0] == pair[1] ? 0 : 1;
                  count++;
                }
              }
              // A 0.1% rank error moves only customers next to a cut point.
              assertThat(
                  "scores that differ from the exact ones",
                  differing,
                  lessThanOrEqualTo(count / 100));
              return null;
            });
    pipeline.run();
  }
}
