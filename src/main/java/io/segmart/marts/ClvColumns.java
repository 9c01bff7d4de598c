package io.segmart.marts;

import io.segmart.clv.ClvHistories;
import io.segmart.clv.CustomerValue;
import io.segmart.clv.FittedClv;
import io.segmart.clv.PurchaseHistory;
import io.segmart.config.PipelineConfig;
import io.segmart.quality.MartTests;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The CLV columns of dim_customers (configuration section clv): each customer's probability of
 * being alive, expected purchases and lifetime value over each horizon, and expected value of a
 * purchase ({@link CustomerValue}), scored in parallel against the fitted models, which every
 * worker reads as a side input.
 */
final class ClvColumns {
  /** The customer's history as the models read it (see {@link io.segmart.clv.PurchaseHistory}). */
  static final String X = "clv_x";

  static final String T_X = "clv_t_x";
  static final String T = "clv_t";
  static final String ZBAR = "clv_zbar";
  static final String P_ALIVE = "p_alive";
  static final String EXPECTED_AOV = "expected_aov";

  private ClvColumns() {}

  static String expectedPurchases(int horizonDays) {
    return "expected_purchases_" + horizonDays + "d";
  }

  static String lifetimeValue(int horizonDays) {
    return "clv_" + horizonDays + "d";
  }

  /** The columns, in order. */
  static List<String> names(PipelineConfig.Clv clv) {
    List<String> names = new ArrayList<>(List.of(X, T_X, T, ZBAR, P_ALIVE));
    clv.horizonDays.forEach(h -> names.add(expectedPurchases(h)));
    names.add(EXPECTED_AOV);
    clv.horizonDays.forEach(h -> names.add(lifetimeValue(h)));
    return names;
  }

  static void addTo(Schema.Builder schema, PipelineConfig.Clv clv) {
    names(clv)
        .forEach(
            name ->
                schema.addNullableField(
                    name, name.equals(X) ? FieldType.INT64 : FieldType.DECIMAL));
  }

  /**
   * Every customer has a score; values are null only where the spend model gives no finite mean.
   */
  static void tests(MartTests tests, PipelineConfig.Clv clv) {
    tests.notNull(X, T_X, T, P_ALIVE).between(P_ALIVE, 0, 1);
    clv.horizonDays.forEach(h -> tests.notNull(expectedPurchases(h)));
  }

  /** Sets the columns of each customer's row (keyed by customer_id) from the customer's scores. */
  static class Add extends PTransform<PCollection<Row>, PCollection<Row>> {
    private static final TupleTag<Row> ROWS = new TupleTag<>("rows");
    private static final TupleTag<ClvHistories> HISTORIES = new TupleTag<>("histories");

    private final PipelineConfig.Clv clv;
    private final PCollection<KV<String, ClvHistories>> histories;
    private final PCollection<FittedClv> models;

    Add(
        PipelineConfig.Clv clv,
        PCollection<KV<String, ClvHistories>> histories,
        PCollection<FittedClv> models) {
      this.clv = clv;
      this.histories = histories;
      this.models = models;
    }

    @Override
    public PCollection<Row> expand(PCollection<Row> rows) {
      Schema schema = rows.getSchema();
      PCollectionView<List<FittedClv>> fits = models.apply("Fits", View.asList());
      PCollection<KV<String, Row>> keyed =
          rows.apply(
                  "ByCustomer",
                  WithKeys.of((Row row) -> row.getString("customer_id"))
                      .withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), rows.getCoder()));
      return KeyedPCollectionTuple.of(ROWS, keyed)
          .and(HISTORIES, histories)
          .apply("JoinHistories", CoGroupByKey.create())
          .apply(
              "Score",
              ParDo.of(new ScoreFn(clv.horizonDays, clv.monthlyDiscount, fits))
                  .withSideInputs(fits))
          .setRowSchema(schema);
    }
  }

  static class ScoreFn extends DoFn<KV<String, CoGbkResult>, Row> {
    private final List<Integer> horizonDays;
    private final double monthlyDiscount;
    private final PCollectionView<List<FittedClv>> fits;

    ScoreFn(
        List<Integer> horizonDays, double monthlyDiscount, PCollectionView<List<FittedClv>> fits) {
      this.horizonDays = new ArrayList<>(horizonDays);
      this.monthlyDiscount = monthlyDiscount;
      this.fits = fits;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> customer,
        OutputReceiver<Row> out,
        ProcessContext context) {
      ClvHistories histories = customer.getValue().getOnly(Add.HISTORIES, null);
      FittedClv model = FittedClv.latest(context.sideInput(fits));
      for (Row row : customer.getValue().getAll(Add.ROWS)) {
        if (histories == null) {
          out.output(row);
          continue;
        }
        PurchaseHistory history = histories.whole();
        CustomerValue value = CustomerValue.of(model, history, horizonDays, monthlyDiscount);
        double perUnit = model.unit().days;
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put(X, (long) history.x());
        columns.put(T_X, decimal(history.txDays() / perUnit, 2));
        columns.put(T, decimal(history.ageDays() / perUnit, 2));
        columns.put(
            ZBAR,
            history.x() == 0 ? null : decimal(history.repeatCents() / 100.0 / history.x(), 2));
        columns.put(P_ALIVE, decimal(value.probabilityAlive(), 4));
        columns.put(EXPECTED_AOV, decimal(value.expectedAverageValue(), 2));
        for (int i = 0; i < horizonDays.size(); i++) {
          columns.put(
              expectedPurchases(horizonDays.get(i)), decimal(value.expectedPurchases().get(i), 3));
          columns.put(lifetimeValue(horizonDays.get(i)), decimal(value.lifetimeValue().get(i), 2));
        }
        out.output(Row.fromRow(row).withFieldValues(columns).build());
      }
    }
  }

  /** A value rounded half up; null for no value, and for one that is not finite. */
  private static @Nullable BigDecimal decimal(@Nullable Double value, int scale) {
    return value == null || !Double.isFinite(value)
        ? null
        : BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
  }
}
