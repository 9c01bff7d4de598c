package io.segmart.marts;

import static org.junit.Assert.assertEquals;

import io.segmart.model.CustomerMetrics;
import io.segmart.model.SegmentedCustomer;
import io.segmart.testing.CustomerFixtures;
import io.segmart.testing.MartInputsFixture;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.TestData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

@Category(PipelineTest.class)
public class CustomerInsightsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static SegmentedCustomer customer(String id, long revenueCents) {
    CustomerMetrics metrics = CustomerFixtures.oneOrder(id, revenueCents);
    return new SegmentedCustomer(
        metrics, 3, 3, 3, "Others", "LOW ENGAGEMENT", "Monitor", 3, 3, "Need Attention", Map.of());
  }

  @Test
  public void ranksTiersAndTheSmallestSetMakingHalfOfRevenue() {
    // Ten customers; revenue 40, 20, 10, 9, 6, 5, 4, 3, 2, 1 (total 100): the first two make 60%.
    long[] revenue = {40, 20, 10, 9, 6, 5, 4, 3, 2, 1};
    List<SegmentedCustomer> customers = new ArrayList<>();
    for (int i = 0; i < revenue.length; i++) {
      customers.add(customer(Integer.toString(20 - i), revenue[i] * 100));
    }
    PCollectionView<Long> asOf =
        pipeline.apply("AsOf", Create.of(15_000L)).apply(View.asSingleton());
    MartInputs inputs =
        MartInputsFixture.customersOnly(pipeline, pipeline.apply(Create.of(customers)), asOf);
    PAssert.that(inputs.apply("CustomerInsights", new CustomerInsights(TestData.onlineRetail())))
        .satisfies(
            rows -> {
              int count = 0;
              for (Row row : rows) {
                long rank = row.getInt64("customer_rank");
                assertEquals(Integer.toString(21 - (int) rank), row.getString("customer_id"));
                assertEquals(rank <= 2, row.getBoolean("in_top_half"));
                assertEquals(
                    rank == 1
                        ? "Top 10%"
                        : rank == 2 ? "Top 11-20%" : rank <= 5 ? "Top 21-50%" : "Bottom 50%",
                    row.getString("customer_tier"));
                if (rank == 3) {
                  assertEquals(
                      new BigDecimal("0.7000"), row.getDecimal("cumulative_revenue_share"));
                }
                count++;
              }
              assertEquals(10, count);
              return null;
            });
    pipeline.run();
  }
}
