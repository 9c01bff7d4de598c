package io.segmart.intermediate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segmart.config.ConfigLoader;
import io.segmart.intermediate.NearestCenter.Center;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The nearest distribution center by great-circle distance, on theLook's real centers. */
class NearestCenterTest {
  private static final NearestCenter THELOOK =
      NearestCenter.load(ConfigLoader.load(Path.of("pipelines/thelook-files.yaml")).centers.input);

  @Test
  void theHaversineDistanceOfRosettaCodesExample() {
    // Nashville (BNA) to Los Angeles (LAX): 2887.2599506071106 km on a sphere of radius 6372.8 km.
    double km = NearestCenter.haversineKm(36.12, -86.67, 33.94, -118.40);
    assertEquals(2887.2599506071106, km * 6372.8 / NearestCenter.EARTH_RADIUS_KM, 1e-9);
  }

  @Test
  void aCustomerInHoustonIsServedFromHouston() {
    NearestCenter.Nearest nearest = THELOOK.of(29.7604, -95.3698);
    assertEquals(3, nearest.center().id());
    assertEquals("Houston TX", nearest.center().name());
    assertEquals(0, nearest.km(), 1e-9);
    // Of the ten, Dallas is nearest to Houston.
    assertEquals(3, THELOOK.of(32.7767, -96.7970).center().id());
  }

  @Test
  void ofTwoCentersAtTheSameDistanceTheLowerIdWins() {
    NearestCenter two =
        new NearestCenter(List.of(new Center(7, "East", 0, 10), new Center(2, "West", 0, -10)));
    NearestCenter.Nearest nearest = two.of(0.0, 0.0);
    assertEquals(2, nearest.center().id());
    assertEquals(NearestCenter.haversineKm(0, 0, 0, 10), nearest.km(), 1e-9);
  }

  @Test
  void aCustomerWithoutCoordinatesHasNoCenter() {
    assertNull(THELOOK.of(null, -95.3698));
    assertNull(THELOOK.of(29.7604, null));
  }
}
