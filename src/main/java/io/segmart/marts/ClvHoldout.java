package io.segmart.marts;

import io.segmart.clv.BgNbd;
import io.segmart.clv.ClvHistories;
import io.segmart.clv.FittedClv;
import io.segmart.clv.PurchaseHistory;
import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.config.PipelineConfig;
import io.segmart.quality.MartTests;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * clv_holdout: how well the CLV fit on the calibration period predicts the holdout after it (the
 * days from the calibration end to the day before the reference date). Per number of repeat
 * purchases in the calibration period (0 to 6, then 7+, and all customers together), the mean
 * repeat purchases that the purchases' model (BG/NBD) expects of those customers in the holdout
 * against the mean they made. Without a calibration end before the run's last day there is no
 * holdout, and no rows.
 */
public class ClvHoldout extends Mart {
  public static final String NAME = "clv_holdout";

  /** The group of the most calibration repeat purchases, which takes in every higher number. */
  static final int TOP_GROUP = 7;

  static final String ALL = "all";

  private static final Schema SCHEMA =
      Schema.builder()
          .addLogicalTypeField("as_of", SqlTypes.DATE)
          .addLogicalTypeField("calibration_end", SqlTypes.DATE)
          .addLogicalTypeField("holdout_end", SqlTypes.DATE)
          .addStringField("calibration_repeat_purchases")
          .addInt64Field("customers")
          .addDecimalField("actual_repeat_purchases")
          .addDecimalField("expected_repeat_purchases")
          .build();

  public ClvHoldout(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public FileLayout files() {
    // "0" to "6", "7+", "all": the text order is the groups' order.
    return FileLayout.oneFile(row -> row.getString("calibration_repeat_purchases"));
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().snapshotsBy("as_of");
  }

  @Override
  public void tests(MartTests tests) {
    tests.uniqueKey("calibration_repeat_purchases").between("customers", 1, Integer.MAX_VALUE);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    PCollectionView<List<FittedClv>> fits = inputs.clvModels.apply("Fits", View.asList());
    return inputs
        .clvHistories
        .apply("HoldoutPerCustomer", ParDo.of(new ExpectFn(fits)).withSideInputs(fits))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Holdout.class)))
        .apply("SumPerGroup", Combine.perKey(Holdout::plus))
        .apply(
            "ToHoldoutRows",
            ParDo.of(new ToRowFn(inputs.asOfDay, fits)).withSideInputs(inputs.asOfDay, fits))
        .setRowSchema(SCHEMA);
  }

  /** Customers, their holdout purchases and the purchases expected of them, summed. */
  record Holdout(long customers, long actual, double expected) implements Serializable {
    Holdout plus(Holdout other) {
      return new Holdout(
          customers + other.customers, actual + other.actual, expected + other.expected);
    }
  }

  /** Each calibration customer's holdout, in the customer's group and in all. */
  static class ExpectFn extends DoFn<KV<String, ClvHistories>, KV<String, Holdout>> {
    private final PCollectionView<List<FittedClv>> fits;

    ExpectFn(PCollectionView<List<FittedClv>> fits) {
      this.fits = fits;
    }

    @ProcessElement
    public void process(
        @Element KV<String, ClvHistories> customer,
        OutputReceiver<KV<String, Holdout>> out,
        ProcessContext context) {
      List<FittedClv> all = context.sideInput(fits);
      FittedClv calibration = FittedClv.withHoldout(all);
      PurchaseHistory history = customer.getValue().calibration();
      if (calibration == null || history == null) {
        return;
      }
      double perUnit = calibration.unit().days;
      long holdoutDays =
          ChronoUnit.DAYS.between(
              calibration.calibrationEnd(), FittedClv.latest(all).calibrationEnd());
      Holdout holdout =
          new Holdout(
              1,
              customer.getValue().holdoutPurchases(),
              BgNbd.expectedPurchases(
                  calibration.fits().purchases(),
                  history.x(),
                  history.txDays() / perUnit,
                  history.ageDays() / perUnit,
                  holdoutDays / perUnit));
      out.output(
          KV.of(
              history.x() >= TOP_GROUP ? TOP_GROUP + "+" : Integer.toString(history.x()), holdout));
      out.output(KV.of(ALL, holdout));
    }
  }

  static class ToRowFn extends DoFn<KV<String, Holdout>, Row> {
    private final PCollectionView<Long> asOfDay;
    private final PCollectionView<List<FittedClv>> fits;

    ToRowFn(PCollectionView<Long> asOfDay, PCollectionView<List<FittedClv>> fits) {
      this.asOfDay = asOfDay;
      this.fits = fits;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Holdout> group, OutputReceiver<Row> out, ProcessContext context) {
      List<FittedClv> all = context.sideInput(fits);
      Holdout sum = group.getValue();
      out.output(
          RowBuilder.of(SCHEMA)
              .set("as_of", LocalDate.ofEpochDay(context.sideInput(asOfDay)))
              .set("calibration_end", FittedClv.withHoldout(all).calibrationEnd())
              .set("holdout_end", FittedClv.latest(all).calibrationEnd())
              .set("calibration_repeat_purchases", group.getKey())
              .set("customers", sum.customers())
              .set(
                  "actual_repeat_purchases",
                  Money.rounded((double) sum.actual() / sum.customers(), 3))
              .set("expected_repeat_purchases", Money.rounded(sum.expected() / sum.customers(), 3))
              .build());
    }
  }
}
