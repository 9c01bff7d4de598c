package io.segmart.marts;

import io.segmart.clv.FittedClv;
import io.segmart.clv.ModelFit;
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
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * clv_model: the CLV models of the run (configuration section clv), one row per model and
 * parameter: the maximum-likelihood estimate, its standard error, the model's log-likelihood, the
 * customers it was fitted on and the distinct histories they make, the calibration end and the time
 * unit of the rates.
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
        row -> row.getString("model") + "\u0000" + row.getString("parameter"));
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
        .uniqueKey("model", "parameter")
        .acceptedValues("model", List.of("BG/NBD", "Gamma-Gamma"))
        .between("customers", 1, Integer.MAX_VALUE);
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    return inputs
        .clvModel
        .apply("ToClvRows", ParDo.of(new ToRowFn(inputs.asOfDay)).withSideInputs(inputs.asOfDay))
        .setRowSchema(SCHEMA);
  }

  static class ToRowFn extends DoFn<FittedClv, Row> {
    private final PCollectionView<Long> asOfDay;

    ToRowFn(PCollectionView<Long> asOfDay) {
      this.asOfDay = asOfDay;
    }

    @ProcessElement
    public void process(@Element FittedClv clv, OutputReceiver<Row> out, ProcessContext context) {
      LocalDate asOf = LocalDate.ofEpochDay(context.sideInput(asOfDay));
      FittedClv.Fits fits = clv.fits();
      for (ModelFit fit : List.of(fits.bgNbd(), fits.gammaGamma())) {
        long cells = fit == fits.bgNbd() ? fits.histogramCells() : fits.spendCells();
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
                  .build());
        }
      }
    }
  }
}
