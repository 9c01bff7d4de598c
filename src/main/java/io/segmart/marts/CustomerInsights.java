package io.segmart.marts;

import io.segmart.intermediate.RankKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import io.segmart.common.GatherAll;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * customer_insights: revenue concentration. Customers ranked by revenue (highest first, ties by id),
 * their cumulative share, tier (Top 10%, Top 11-20%, Top 21-50%, Bottom 50%) and whether they belong
 * to the smallest set of customers that makes at least half of revenue. The ranking is a sort of
 * (customer, revenue) pairs on one worker: about 50 bytes a customer.
 */
public class CustomerInsights extends PTransform<PCollection<Row>, PCollection<Row>> {
  public static final String NAME = "customer_insights";
  public static final Schema SCHEMA = Schema.builder()
      .addStringField("customer_id")
      .addDecimalField("revenue")
      .addInt64Field("customer_rank")
      .addDecimalField("revenue_share")
      .addDecimalField("cumulative_revenue_share")
      .addStringField("customer_tier")
      .addBooleanField("in_top_half")
      .build();
  public static final List<String> TIERS = List.of("Top 10%", "Top 11-20%", "Top 21-50%", "Bottom 50%");

  @Override
  public PCollection<Row> expand(PCollection<Row> dimCustomers) {
    return dimCustomers
        .apply("RevenuePerCustomer", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(row -> KV.of(row.getString("customer_id"), Money.cents(row.getDecimal("revenue")))))
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
      sorted.sort((a, b) -> {
        int byRevenue = Long.compare(b.getValue(), a.getValue());
        return byRevenue != 0 ? byRevenue : RankKey.compareIds(a.getKey(), b.getKey());
      });
      long total = 0;
      for (KV<String, Long> c : sorted) {
        total += c.getValue();
      }
      long n = sorted.size();
      long cumulative = 0;
      long rank = 0;
      for (KV<String, Long> c : sorted) {
        boolean inTopHalf = 2 * cumulative < total; // before this customer, less than half was reached
        cumulative += c.getValue();
        rank++;
        out.output(Row.withSchema(SCHEMA).addValues(c.getKey(), Money.of(c.getValue()), rank,
            Money.share(c.getValue(), total), Money.share(cumulative, total), tier(rank, n), inTopHalf).build());
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

  public static String sortKey(Row row) {
    return Money.ascending(row.getInt64("customer_rank"));
  }
}
