package io.segmart.intermediate;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;

public class FitClustersTest {
  @Test
  public void theSampleDependsOnlyOnWhichCustomersThereAre() {
    List<KV<String, List<Double>>> customers = new ArrayList<>();
    for (int id = 12346; id < 16346; id++) {
      customers.add(KV.of(Integer.toString(id), List.of((double) id)));
    }
    List<KV<String, List<Double>>> sample = FitClusters.sample(customers, 500);
    Collections.shuffle(customers, new Random(3));

    assertEquals(sample, FitClusters.sample(customers, 500));
    assertEquals(500, sample.size());
    List<String> ids = sample.stream().map(KV::getKey).toList();
    assertEquals(ids.stream().sorted().toList(), ids);
    // Spread over the ids, not the first 500 of them: about an eighth in each eighth of the range.
    for (int eighth = 0; eighth < 8; eighth++) {
      int from = 12346 + eighth * 500;
      long inRange =
          ids.stream().mapToInt(Integer::parseInt).filter(i -> i >= from && i < from + 500).count();
      assertEquals("ids from " + from, 62.5, inRange, 25);
    }
    assertEquals(customers.size(), FitClusters.sample(customers, 100_000).size());
  }
}
