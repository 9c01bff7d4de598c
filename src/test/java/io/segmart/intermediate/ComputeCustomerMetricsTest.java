package io.segmart.intermediate;

import io.segmart.model.CustomerMetrics;
import io.segmart.model.Order;
import io.segmart.testing.PipelineTest;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

@Category(PipelineTest.class)
public class ComputeCustomerMetricsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Order order(String invoice, String ts, long cents, long items, String country) {
    return new Order(invoice, "12348", Instant.parse(ts), cents, items, country, Map.of());
  }

  @Test
  public void metricsAsOfTheReferenceDate() {
    // As of 2011-12-10 the trailing year is [2010-12-10, 2011-12-10): the first order falls outside
    // it.
    List<Order> orders =
        List.of(
            order("536000", "2010-12-09T23:59:00Z", 10_000, 10, "FINLAND"),
            order("540000", "2010-12-10T00:00:00Z", 2_001, 3, "UNITED KINGDOM"),
            order("560000", "2011-09-25T13:13:00Z", 5_000, 5, "UNITED KINGDOM"),
            order("570000", "2011-12-09T23:59:00Z", 3_000, 1, "FINLAND"));
    PCollectionView<Long> asOf =
        pipeline
            .apply("AsOf", Create.of(java.time.LocalDate.parse("2011-12-10").toEpochDay()))
            .apply(View.asSingleton());
    org.apache.beam.sdk.values.PCollection<KV<String, List<Order>>> input =
        pipeline.apply(
            Create.of(KV.of("12348", orders))
                .withCoder(
                    KvCoder.of(
                        StringUtf8Coder.of(),
                        ListCoder.of(io.segmart.common.SchemaCoders.of(pipeline, Order.class)))));

    PAssert.that(input.apply(new ComputeCustomerMetrics(asOf, "UTC")))
        .containsInAnyOrder(
            new CustomerMetrics(
                "12348",
                Map.of(),
                Instant.parse("2010-12-09T23:59:00Z"),
                Instant.parse("2011-12-09T23:59:00Z"),
                1,
                4,
                20_001,
                19,
                5_000,
                365,
                "FINLAND",
                10_001,
                java.time.LocalDate.parse("2011-12-10").toEpochDay(),
                null));
    pipeline.run();
  }
}
