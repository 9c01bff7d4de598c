package io.segmart.intermediate;

import io.segmart.common.SchemaCoders;
import io.segmart.model.CustomerMetrics;
import io.segmart.model.CustomerTotals;
import io.segmart.testing.PipelineTest;
import java.time.LocalDate;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/** A customer's metrics from the source's totals, as of the reference date. */
@Category(PipelineTest.class)
public class MetricsFromTotalsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static long day(String date) {
    return LocalDate.parse(date).toEpochDay();
  }

  @Test
  public void recencyLifespanAverageAndAgeComeFromTheTotalsAndTheReferenceDate() {
    CustomerTotals born1991 =
        new CustomerTotals(
            "2333",
            Map.of("birth_date", "1991-10-26", "age", "99"),
            "UNITED STATES",
            3,
            100,
            day("2020-03-03"),
            day("2021-09-02"),
            0);
    PCollectionView<Long> asOf =
        pipeline.apply("AsOf", Create.of(day("2021-10-25"))).apply(View.asSingleton());
    PAssert.that(
            pipeline
                .apply(
                    Create.of(born1991).withCoder(SchemaCoders.of(pipeline, CustomerTotals.class)))
                .apply(new MetricsFromTotals(asOf, "UTC"))
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (CustomerMetrics m) ->
                                String.format(
                                    "recency=%d lifespan=%d aov=%d age=%s first=%s",
                                    m.recencyDays,
                                    m.lifespanDays,
                                    m.aovCents,
                                    m.attributes.get("age"),
                                    m.firstOrderAt))))
        // 53 days to the reference date; 548 days of orders; 100 cents over 3 orders, half up;
        // the day before the 30th birthday.
        .containsInAnyOrder("recency=53 lifespan=548 aov=33 age=29 first=2020-03-03T00:00:00.000Z");
    pipeline.run();
  }
}
