package io.segmart.intermediate;

import io.segmart.common.SchemaCoders;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.OrderStatus;
import io.segmart.model.SourceRecord;
import io.segmart.staging.LineRules;
import io.segmart.testing.PipelineTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/**
 * The return rate of the last 365 days from theLook order items of mixed statuses, written in
 * several cases, cleaned by thelook-files.yaml's rules: every order of the window counts, whatever
 * its items' statuses; an order with any returned item is a returned order.
 */
@Category(PipelineTest.class)
public class AddReturnRatesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final PipelineConfig THELOOK =
      ConfigLoader.load(Path.of("pipelines/thelook-files.yaml"));

  /** An order item of customer 7 as the files give it, cleaned; null when it does not count. */
  private static OrderStatus item(String order, String createdAt, String status, String price) {
    Map<String, String> fields = new java.util.HashMap<>();
    fields.put("invoice_id", order);
    fields.put("customer_id", "7");
    fields.put("product_id", "81");
    fields.put("invoice_ts", createdAt);
    fields.put("unit_price", price);
    fields.put("status", status);
    return new LineRules(THELOOK).clean(new SourceRecord("order_items.csv", 2, "", fields)).status;
  }

  private static CustomerMetrics asOf(String date) {
    Instant t = Instant.parse("2022-01-01T00:00:00Z");
    return new CustomerMetrics(
        "7",
        Map.of(),
        t,
        t,
        0,
        1,
        100,
        1,
        100,
        0,
        "BRAZIL",
        0,
        LocalDate.parse(date).toEpochDay(),
        null);
  }

  @Test
  public void ordersWithAReturnedItemOverAllOrdersOfTheLastYear() {
    List<OrderStatus> items = new ArrayList<>();
    // Order 1: one item kept, one returned (status in upper case): a returned order.
    items.add(item("1", "2022-03-01 10:00:00", "Complete", "20.00"));
    items.add(item("1", "2022-03-01 10:00:00", "RETURNED", "15.00"));
    // Order 2: only cancelled: not a sale, but an order of the window, not returned.
    items.add(item("2", "2022-06-01 10:00:00", "Cancelled", "30.00"));
    // Order 3: returned (lower case), on 2021-12-31, a day before the window of 2023-01-01.
    items.add(item("3", "2021-12-31 23:59:59", "returned", "10.00"));
    // Order 4: shipped.
    items.add(item("4", "2022-12-31 12:00:00", "Shipped", "12.50"));
    // A returned item that breaks another rule (no price) is no item of any order.
    items.add(item("5", "2022-07-01 10:00:00", "Returned", ""));
    // Order 6 is on the reference date 2023-01-01: outside the half-open window.
    items.add(item("6", "2023-01-01 00:00:00", "Returned", "9.00"));
    List<OrderStatus> counted = new ArrayList<>(items);
    counted.removeIf(java.util.Objects::isNull);

    PCollection<OrderStatus> statuses =
        pipeline.apply(
            "Items", Create.of(counted).withCoder(SchemaCoders.of(pipeline, OrderStatus.class)));
    PCollection<CustomerMetrics> metrics =
        pipeline.apply(
            "Metrics",
            Create.of(asOf("2023-01-01"), asOf("2022-03-02"), asOf("2020-01-01"))
                .withCoder(SchemaCoders.of(pipeline, CustomerMetrics.class)));
    PAssert.that(metrics.apply(new AddReturnRates(statuses, "UTC")))
        .containsInAnyOrder(
            // Orders 1, 2, 4 in [2022-01-01, 2023-01-01); order 1 returned.
            asOf("2023-01-01").withReturnRate(new BigDecimal("0.3333")),
            // Orders 3 and 1 in [2021-03-02, 2022-03-02); both returned.
            asOf("2022-03-02").withReturnRate(new BigDecimal("1.0000")),
            // No order in the window: no rate.
            asOf("2020-01-01"));
    pipeline.run();
  }
}
