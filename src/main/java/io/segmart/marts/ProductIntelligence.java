package io.segmart.marts;

import io.segmart.common.Exact;
import io.segmart.common.Money;
import io.segmart.common.PartialTotals;
import io.segmart.common.RowBuilder;
import io.segmart.common.Totals;
import io.segmart.config.Markets;
import io.segmart.config.PipelineConfig;
import io.segmart.model.InvoiceLine;
import io.segmart.quality.MartTests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * product_intelligence: per product, revenue, volume and reach (distinct customers) with their
 * ranks, cumulative revenue share, tier (Top 50, Top 200, Top 500, Long Tail) and the market where
 * the product sells most above that market's overall share.
 */
public class ProductIntelligence extends Mart {
  public static final String NAME = "product_intelligence";
  public static final List<String> TIERS = List.of("Top 50", "Top 200", "Top 500", "Long Tail");
  private static final int[] TIER_LIMITS = {50, 200, 500};

  /** Market preference of a product that sells no more than its share anywhere. */
  public static final String NO_PREFERENCE = "NONE";

  public ProductIntelligence(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public Schema schema() {
    Markets markets = new Markets(config);
    Schema.Builder schema =
        Schema.builder()
            .addStringField("product_id")
            .addNullableField("description", FieldType.STRING)
            .addDecimalField("revenue")
            .addInt64Field("quantity")
            .addInt64Field("customers")
            .addInt64Field("revenue_rank")
            .addInt64Field("volume_rank")
            .addInt64Field("reach_rank")
            .addDecimalField("revenue_share")
            .addDecimalField("cumulative_revenue_share")
            .addStringField("product_tier");
    for (String market : markets.names()) {
      schema.addDecimalField(Markets.column(market) + "_revenue");
    }
    return schema.addStringField("market_preference").build();
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(row -> Money.ascending(row.getInt64("revenue_rank")));
  }

  @Override
  public boolean fromLines() {
    return true;
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().clusteredBy("product_tier");
  }

  @Override
  public void tests(MartTests tests) {
    Set<String> preferences = new HashSet<>(new Markets(config).names());
    preferences.add(NO_PREFERENCE);
    tests
        .uniqueKey("product_id")
        .acceptedValues("product_tier", TIERS)
        .acceptedValues("market_preference", preferences);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    Markets m = new Markets(config);
    Schema schema = schema();
    // Reach (distinct customers) comes from totalling each customer's lines per product first: no
    // total holds a set of customers, which would grow with the input, and the lines need no
    // shuffle of their own.
    return inputs
        .linesByCustomer
        .apply(
            "TotalPerProduct",
            ParDo.of(
                PartialTotals.of(
                    Catalog::new,
                    (Catalog c, KV<String, List<InvoiceLine>> customer) ->
                        c.addCustomer(customer.getValue(), m))))
        .setCoder(Catalog.CODER)
        .apply("MergeProducts", Totals.merged(Catalog.CODER, Catalog::new))
        .apply("RankProducts", ParDo.of(new RankFn(m, schema)))
        .setRowSchema(schema);
  }

  /**
   * Totals per product. A worker's partial holds every product it has seen, so the products are
   * merged in one combine rather than grouped by product; all of them are ranked on one worker
   * anyway.
   */
  static class Catalog implements Totals.Mergeable<Catalog> {
    static final Coder<Catalog> CODER =
        new CustomCoder<Catalog>() {
          private final Coder<Map<String, ProductTotals>> products =
              MapCoder.of(StringUtf8Coder.of(), ProductTotals.CODER);

          @Override
          public void encode(Catalog catalog, OutputStream out) throws IOException {
            products.encode(catalog.products, out);
          }

          @Override
          public Catalog decode(InputStream in) throws IOException {
            Catalog catalog = new Catalog();
            catalog.products.putAll(products.decode(in));
            return catalog;
          }
        };

    final Map<String, ProductTotals> products = new HashMap<>();

    /** One customer's lines: per product, their totals and that customer counted once. */
    void addCustomer(List<InvoiceLine> lines, Markets markets) {
      Map<String, ProductTotals> own = new HashMap<>();
      for (InvoiceLine line : lines) {
        own.computeIfAbsent(line.productId, p -> new ProductTotals()).add(line, markets);
      }
      own.forEach(
          (product, totals) -> {
            totals.customers = 1;
            add(product, totals);
          });
    }

    @Override
    public void merge(Catalog other) {
      other.products.forEach(this::add);
    }

    /** Merges into this catalog's own totals, never into the other's. */
    private void add(String product, ProductTotals totals) {
      products.computeIfAbsent(product, p -> new ProductTotals()).merge(totals);
    }
  }

  /**
   * A product's totals; descriptions are counted so that the most used spelling names the product.
   */
  static class ProductTotals implements Totals.Mergeable<ProductTotals> {
    long revenueCents;
    long quantity;

    /** Distinct customers: 0 while totalling one product's lines per customer. */
    long customers;

    Map<String, Long> descriptions = new HashMap<>();
    Map<String, Long> marketRevenueCents = new HashMap<>();

    void add(InvoiceLine line, Markets markets) {
      revenueCents = Exact.add(revenueCents, line.lineTotalCents);
      quantity = Exact.add(quantity, line.quantity);
      if (line.description != null) {
        descriptions.merge(line.description, 1L, Long::sum);
      }
      marketRevenueCents.merge(markets.of(line.country), line.lineTotalCents, Exact::add);
    }

    @Override
    public void merge(ProductTotals other) {
      revenueCents = Exact.add(revenueCents, other.revenueCents);
      quantity = Exact.add(quantity, other.quantity);
      customers += other.customers;
      other.descriptions.forEach((d, n) -> descriptions.merge(d, n, Long::sum));
      other.marketRevenueCents.forEach(
          (market, c) -> marketRevenueCents.merge(market, c, Exact::add));
    }

    /** Encodes the counters and both maps, field by field. */
    static final Coder<ProductTotals> CODER =
        new CustomCoder<ProductTotals>() {
          private final Coder<Map<String, Long>> counts =
              MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

          @Override
          public void encode(ProductTotals t, OutputStream out) throws IOException {
            VarLongCoder.of().encode(t.revenueCents, out);
            VarLongCoder.of().encode(t.quantity, out);
            VarLongCoder.of().encode(t.customers, out);
            counts.encode(t.descriptions, out);
            counts.encode(t.marketRevenueCents, out);
          }

          @Override
          public ProductTotals decode(InputStream in) throws IOException {
            ProductTotals t = new ProductTotals();
            t.revenueCents = VarLongCoder.of().decode(in);
            t.quantity = VarLongCoder.of().decode(in);
            t.customers = VarLongCoder.of().decode(in);
            t.descriptions = new HashMap<>(counts.decode(in));
            t.marketRevenueCents = new HashMap<>(counts.decode(in));
            return t;
          }
        };

    String description() {
      // Most frequent; ties alphabetical.
      return new TreeMap<>(descriptions)
          .entrySet().stream()
              .max(
                  Comparator.comparing(Map.Entry<String, Long>::getValue)
                      .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
              .map(Map.Entry::getKey)
              .orElse(null);
    }
  }

  static class RankFn extends DoFn<Catalog, Row> {
    private final Markets markets;
    private final Schema schema;

    RankFn(Markets markets, Schema schema) {
      this.markets = markets;
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element Catalog catalog, OutputReceiver<Row> out) {
      List<KV<String, ProductTotals>> products = new ArrayList<>();
      catalog.products.forEach((product, totals) -> products.add(KV.of(product, totals)));
      Comparator<KV<String, ProductTotals>> byId = Comparator.comparing(KV::getKey);
      Map<String, Long> volumeRank =
          ranks(
              products,
              Comparator.comparing((KV<String, ProductTotals> p) -> -p.getValue().quantity)
                  .thenComparing(byId));
      Map<String, Long> reachRank =
          ranks(
              products,
              Comparator.comparing((KV<String, ProductTotals> p) -> -p.getValue().customers)
                  .thenComparing(byId));
      List<KV<String, ProductTotals>> byRevenue = new ArrayList<>(products);
      byRevenue.sort(
          Comparator.comparing((KV<String, ProductTotals> p) -> -p.getValue().revenueCents)
              .thenComparing(byId));
      long total = 0;
      Map<String, Long> marketTotals = new HashMap<>();
      for (KV<String, ProductTotals> p : byRevenue) {
        total = Exact.add(total, p.getValue().revenueCents);
        p.getValue()
            .marketRevenueCents
            .forEach((market, c) -> marketTotals.merge(market, c, Long::sum));
      }
      long cumulative = 0;
      long rank = 0;
      for (KV<String, ProductTotals> p : byRevenue) {
        ProductTotals t = p.getValue();
        cumulative = Exact.add(cumulative, t.revenueCents);
        rank++;
        RowBuilder row =
            RowBuilder.of(schema)
                .set("product_id", p.getKey())
                .set("description", t.description())
                .set("revenue", Money.of(t.revenueCents))
                .set("quantity", t.quantity)
                .set("customers", t.customers)
                .set("revenue_rank", rank)
                .set("volume_rank", volumeRank.get(p.getKey()))
                .set("reach_rank", reachRank.get(p.getKey()))
                .set("revenue_share", Money.share(t.revenueCents, total))
                .set("cumulative_revenue_share", Money.share(cumulative, total))
                .set("product_tier", tier(rank))
                .set("market_preference", preference(t, marketTotals, total));
        for (String market : markets.names()) {
          row.set(
              Markets.column(market) + "_revenue",
              Money.of(t.marketRevenueCents.getOrDefault(market, 0L)));
        }
        out.output(row.build());
      }
    }

    private static Map<String, Long> ranks(
        List<KV<String, ProductTotals>> products, Comparator<KV<String, ProductTotals>> order) {
      List<KV<String, ProductTotals>> sorted = new ArrayList<>(products);
      sorted.sort(order);
      Map<String, Long> ranks = new HashMap<>();
      for (int i = 0; i < sorted.size(); i++) {
        ranks.put(sorted.get(i).getKey(), i + 1L);
      }
      return ranks;
    }

    private static String tier(long rank) {
      for (int i = 0; i < TIER_LIMITS.length; i++) {
        if (rank <= TIER_LIMITS[i]) {
          return TIERS.get(i);
        }
      }
      return TIERS.get(TIER_LIMITS.length);
    }

    /** The market whose share of this product's revenue most exceeds its share of all revenue. */
    private String preference(ProductTotals t, Map<String, Long> marketTotals, long total) {
      String best = NO_PREFERENCE;
      double bestLift = 1.0;
      for (String market : markets.names()) {
        long marketTotal = marketTotals.getOrDefault(market, 0L);
        if (marketTotal == 0 || t.revenueCents == 0) {
          continue;
        }
        double lift =
            ((double) t.marketRevenueCents.getOrDefault(market, 0L) / t.revenueCents)
                / ((double) marketTotal / total);
        if (lift > bestLift) {
          best = market;
          bestLift = lift;
        }
      }
      return best;
    }
  }
}
