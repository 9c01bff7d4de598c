package io.segmart.intermediate;

import io.segmart.common.SchemaCoders;
import io.segmart.model.InvoiceLine;
import io.segmart.model.Order;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/** Sums each customer's lines per invoice into that customer's orders, sorted by invoice id. */
public class CollectOrders
    extends PTransform<
        PCollection<KV<String, List<InvoiceLine>>>, PCollection<KV<String, List<Order>>>> {

  @Override
  public PCollection<KV<String, List<Order>>> expand(
      PCollection<KV<String, List<InvoiceLine>>> linesByCustomer) {
    return linesByCustomer
        .apply(
            "SumLinesPerInvoice",
            ParDo.of(
                new DoFn<KV<String, List<InvoiceLine>>, KV<String, List<Order>>>() {
                  @ProcessElement
                  public void process(
                      @Element KV<String, List<InvoiceLine>> customer,
                      OutputReceiver<KV<String, List<Order>>> out) {
                    Map<String, Order> byInvoice = new HashMap<>();
                    for (InvoiceLine line : customer.getValue()) {
                      byInvoice.merge(line.invoiceId, Order.of(line), Order::plus);
                    }
                    List<Order> orders = new ArrayList<>(byInvoice.values());
                    orders.sort(Comparator.comparing(o -> o.invoiceId));
                    out.output(KV.of(customer.getKey(), orders));
                  }
                }))
        .setCoder(
            KvCoder.of(
                StringUtf8Coder.of(),
                ListCoder.of(SchemaCoders.of(linesByCustomer.getPipeline(), Order.class))));
  }
}
