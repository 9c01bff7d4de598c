package io.segmart.marts;

import io.segmart.clv.BgNbd;
import io.segmart.clv.FittedClv;
import io.segmart.clv.ModelFit;
import io.segmart.clv.Nbd;
import io.segmart.common.Money;
import io.segmart.common.RowBuilder;
import io.segmart.config.PipelineConfig;
import io.segmart.quality.MartTests;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * clv_model: the CLV models of the run (configuration section clv), one row per fit, model and
 * parameter: the maximum-likelihood estimate, its standard error, the model's log-likelihood, the
 * customers it was fitted on and the distinct histories they make, the last day of the purchases
 * fitted (calibration_end) and the time unit of the rates. A calibration end before the run's last
 * day makes two fits: the calibration's, which clv_holdout checks, and the last day's, which scores
 * the customers (used_for_scores).
 */
public class ClvModel extends Mart {
  public static final String NAME = "clv_model";

  private static final Schema SCHEMA =
      Schema.builder()
          .addLogicalTypeField("as_of", SqlTypes.DATE)
          .addLogicalTypeField("calibration_end", SqlTypes.DATE)
          .addStringField("unit")
          .addStringField("model")
          .addStringField("parameter")
          .addDecimalField("estimate")
          .addDecimalField("standard_error")
          .addDecimalField("log_likelihood")
          .addInt64Field("customers")
          .addInt64Field("histogram_cells")
          .addBooleanField("used_for_scores")
          .build();

  public ClvModel(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(
        row ->
            row.getValue("calibration_end")
                + "\u0000"
                + row.getString("model")
                + "\u0000"
                + row.getString("parameter"));
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().snapshotsBy("as_of");
  }

  @Override
  public void tests(MartTests tests) {
    tests
        .notEmpty()
        .notNull("calibration_end", "model", "parameter", "estimate", "standard_error")
        .uniqueKey("calibration_end", "model", "parameter")
        .acceptedValues("model", List.of(BgNbd.MODEL, Nbd.MODEL, "Gamma-Gamma"))
        .between("customers", 1, Integer.MAX_VALUE);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    PCollectionView<List<FittedClv>> all = inputs.clvModels.apply("AllFits", View.asList());
    return inputs
        .clvModels
        .apply(
            "ToClvRows",
            ParDo.of(new ToRowFn(inputs.asOfDay, all)).withSideInputs(inputs.asOfDay, all))
        .setRowSchema(SCHEMA);
  }

  static class ToRowFn extends DoFn<FittedClv, Row> {
    private final PCollectionView<Long> asOfDay;
    private final PCollectionView<List<FittedClv>> all;

    ToRowFn(PCollectionView<Long> asOfDay, PCollectionView<List<FittedClv>> all) {
      this.asOfDay = asOfDay;
      this.all = all;
    }

    @ProcessElement
    public void process(@Element FittedClv clv, OutputReceiver<Row> out, ProcessContext context) {
      LocalDate asOf = LocalDate.ofEpochDay(context.sideInput(asOfDay));
      FittedClv.Fits fits = clv.fits();
      boolean usedForScores =
          FittedClv.latest(context.sideInput(all)).calibrationEnd().equals(clv.calibrationEnd());
      for (ModelFit fit : List.of(fits.purchases(), fits.spend())) {
        long cells = fit == fits.purchases() ? fits.histogramCells() : fits.spendCells();
        for (String parameter : fit.names()) {
          out.output(
              RowBuilder.of(SCHEMA)
                  .set("as_of", asOf)
                  .set("calibration_end", clv.calibrationEnd())
                  .set("unit", clv.unit().name().toLowerCase(Locale.ROOT))
                  .set("model", fit.model())
                  .set("parameter", parameter)
                  .set("estimate", Money.rounded(fit.estimate(parameter), 6))
                  .set("standard_error", Money.rounded(fit.standardError(parameter), 6))
                  .set("log_likelihood", Money.rounded(fit.logLikelihood(), 2))
                  .set("customers", fit.customers())
                  .set("histogram_cells", cells)
                  .set("used_for_scores", usedForScores)
                  .build());
        }
      }
    }
  }
}
