package io.segmart.testing;

import io.segmart.model.CustomerMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;

/**
 * The 4,293 customers of the full Online Retail data as of 2011-12-10 (recency, orders, revenue),
 * taken from a run's dim_customers, for scoring tests that need real distributions without running
 * the whole pipeline.
 */
public final class CustomerFixtures {
  /** The reference date of the fixtures' metrics, 2011-12-10, as an epoch day. */
  public static final long AS_OF_DAY = java.time.LocalDate.parse("2011-12-10").toEpochDay();

  private CustomerFixtures() {}

  public static List<CustomerMetrics> onlineRetail() throws IOException {
    List<String> lines =
        Files.readAllLines(
            Path.of("src/test/resources/fixtures/online-retail-customer-metrics.csv"));
    List<CustomerMetrics> customers = new ArrayList<>();
    Instant t = Instant.parse("2011-01-01T00:00:00Z");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      long orders = Long.parseLong(f[2]);
      long revenue = Long.parseLong(f[3]);
      customers.add(
          new CustomerMetrics(
              f[0],
              Map.of(),
              t,
              t,
              Long.parseLong(f[1]),
              orders,
              revenue,
              0,
              revenue / orders,
              0,
              "UNITED KINGDOM",
              revenue,
              AS_OF_DAY,
              null));
    }
    return customers;
  }

  /** A one-order UK customer with the given revenue (also its revenue of the last 365 days). */
  public static CustomerMetrics oneOrder(String id, long revenueCents) {
    Instant t = Instant.parse("2011-11-01T10:00:00Z");
    return new CustomerMetrics(
        id,
        Map.of(),
        t,
        t,
        39,
        1,
        revenueCents,
        1,
        revenueCents,
        0,
        "UNITED KINGDOM",
        revenueCents,
        AS_OF_DAY,
        null);
  }
}
