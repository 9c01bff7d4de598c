package io.segmart.testing;

import io.segmart.common.SchemaCoders;
import io.segmart.intermediate.FitClusters;
import io.segmart.marts.MartInputs;
import io.segmart.model.InvoiceLine;
import io.segmart.model.InvoiceLineCoder;
import io.segmart.model.Order;
import io.segmart.model.Reject;
import io.segmart.model.SegmentedCustomer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Mart inputs with only customers, for the marts built from customers alone. */
public final class MartInputsFixture {
  private MartInputsFixture() {}

  public static MartInputs customersOnly(
      Pipeline pipeline, PCollection<SegmentedCustomer> customers, PCollectionView<Long> asOf) {
    return new MartInputs(
        pipeline.apply("NoLines", Create.empty(TypeDescriptor.of(InvoiceLine.class))),
        pipeline.apply(
            "NoCustomerLines",
            Create.empty(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(InvoiceLineCoder.of())))),
        pipeline.apply("NoOrders", Create.empty(SchemaCoders.of(pipeline, Order.class))),
        pipeline.apply(
            "NoCustomerOrders",
            Create.empty(
                KvCoder.of(
                    StringUtf8Coder.of(), ListCoder.of(SchemaCoders.of(pipeline, Order.class))))),
        customers,
        pipeline.apply("NoRejects", Create.empty(SchemaCoders.of(pipeline, Reject.class))),
        asOf,
        null,
        null,
        null,
        // The clusters of the Online Retail configuration, which the tests' marts are built with.
        customers.apply("FitClusters", new FitClusters(TestData.onlineRetail().clusters, 100_000)),
        null,
        null);
  }
}
