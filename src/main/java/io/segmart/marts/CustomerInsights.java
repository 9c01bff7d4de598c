package io.segmart.marts;

import io.segmart.common.Exact;
import io.segmart.common.GatherAll;
import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.config.PipelineConfig;
import io.segmart.intermediate.RankKey;
import io.segmart.quality.MartTests;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * customer_insights: revenue concentration. Customers ranked by revenue (highest first, ties by
 * id), their cumulative share, tier (Top 10%, Top 11-20%, Top 21-50%, Bottom 50%) and whether they
 * belong to the smallest set of customers that makes at least half of revenue. The ranking is a
 * sort of (customer, revenue) pairs on one worker: about 50 bytes a customer.
 */
public class CustomerInsights extends Mart {
  public static final String NAME = "customer_insights";
  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField("customer_id")
          .addDecimalField("revenue")
          .addInt64Field("customer_rank")
          .addDecimalField("revenue_share")
          .addDecimalField("cumulative_revenue_share")
          .addStringField("customer_tier")
          .addBooleanField("in_top_half")
          .build();
  public static final List<String> TIERS =
      List.of("Top 10%", "Top 11-20%", "Top 21-50%", "Bottom 50%");

  public CustomerInsights(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(row -> Money.ascending(row.getInt64("customer_rank")));
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().clusteredBy("customer_tier");
  }

  @Override
  public void tests(MartTests tests) {
    tests.uniqueKey("customer_id").acceptedValues("customer_tier", TIERS);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    return inputs
        .customers
        .apply(
            "RevenuePerCustomer",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(c -> KV.of(c.metrics.customerId, c.metrics.revenueCents)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("AllCustomers", GatherAll.of())
        .apply("RankByRevenue", ParDo.of(new RankFn()))
        .setRowSchema(SCHEMA);
  }

  static class RankFn extends DoFn<Iterable<KV<String, Long>>, Row> {
    @ProcessElement
    public void process(@Element Iterable<KV<String, Long>> customers, OutputReceiver<Row> out) {
      List<KV<String, Long>> sorted = new ArrayList<>();
      customers.forEach(sorted::add);
      sorted.sort(
          (a, b) -> {
            int byRevenue = Long.compare(b.getValue(), a.getValue());
            return byRevenue != 0 ? byRevenue : RankKey.compareIds(a.getKey(), b.getKey());
          });
      long total = 0;
      for (KV<String, Long> c : sorted) {
        total = Exact.add(total, c.getValue());
      }
      long n = sorted.size();
      long cumulative = 0;
      long rank = 0;
      for (KV<String, Long> c : sorted) {
        boolean inTopHalf =
            cumulative < total - cumulative; // before this customer, less than half was reached
        cumulative = Exact.add(cumulative, c.getValue());
        rank++;
        out.output(
            RowBuilder.of(SCHEMA)
                .set("customer_id", c.getKey())
                .set("revenue", Money.of(c.getValue()))
                .set("customer_rank", rank)
                .set("revenue_share", Money.share(c.getValue(), total))
                .set("cumulative_revenue_share", Money.share(cumulative, total))
                .set("customer_tier", tier(rank, n))
                .set("in_top_half", inTopHalf)
                .build());
      }
    }

    static String tier(long rank, long n) {
      if (rank * 10 <= n) {
        return TIERS.get(0);
      }
      if (rank * 5 <= n) {
        return TIERS.get(1);
      }
      return rank * 2 <= n ? TIERS.get(2) : TIERS.get(3);
    }
  }
}
