package io.segmart.staging;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.model.CustomerTotals;
import io.segmart.model.Reject;
import io.segmart.model.SourceRecord;
import io.segmart.model.SourceRecordCoder;
import io.segmart.testing.PipelineTest;
import java.nio.file.Path;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/** One row of totals per customer: a second row of a customer is rejected, not summed. */
@Category(PipelineTest.class)
public class CleanCustomerTotalsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final PipelineConfig CONFIG =
      ConfigLoader.load(Path.of("pipelines/a-mart-files.yaml"));

  private static SourceRecord at(long line, SourceRecord row) {
    return new SourceRecord(row.source, line, row.record, row.fields);
  }

  @Test
  public void aCustomersLaterRowIsADuplicateAndTheFirstIsKept() {
    SourceRecord first = at(2, CustomerTotalRulesTest.row());
    SourceRecord later = at(9, CustomerTotalRulesTest.row("orders", "5", "customer_id", "2333.0"));
    SourceRecord other = at(3, CustomerTotalRulesTest.row("customer_id", "2334"));
    SourceRecord broken = at(4, CustomerTotalRulesTest.row("customer_id", "2335", "orders", "0"));
    PCollectionTuple out =
        pipeline
            .apply(Create.of(later, broken, first, other).withCoder(SourceRecordCoder.of()))
            .apply(new CleanCustomerTotals(CONFIG));
    PAssert.that(
            out.get(CleanCustomerTotals.TOTALS)
                .apply(
                    "IdAndOrders",
                    MapElements.into(TypeDescriptors.strings())
                        .via((CustomerTotals t) -> t.customerId + ":" + t.orders)))
        .containsInAnyOrder("2333:61", "2334:61");
    PAssert.that(
            out.get(CleanCustomerTotals.REJECTS)
                .apply(
                    "ReasonAndDetail",
                    MapElements.into(TypeDescriptors.strings())
                        .via((Reject r) -> r.reason + ": " + r.detail)))
        .containsInAnyOrder(
            "duplicate_customer: customer 2333 has a row already (EDA.csv line 2)",
            "bad_order_count: orders '0' is not a whole number of at least 1");
    PAssert.that(out.get(DropDuplicates.LINES_PER_DAY).apply(Sum.longsPerKey()))
        .containsInAnyOrder(KV.of(java.time.LocalDate.of(2021, 9, 2).toEpochDay(), 2L));
    pipeline.run();
  }
}
