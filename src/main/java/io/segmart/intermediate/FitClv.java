package io.segmart.intermediate;

import io.segmart.clv.FittedClv;
import io.segmart.clv.Histogram;
import io.segmart.clv.PurchaseHistory;
import io.segmart.config.ClvUnit;
import io.segmart.config.PipelineConfig;
import io.segmart.model.Order;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Fits the CLV models: each customer's purchase history as of the calibration end (in parallel),
 * combined into one histogram of distinct histories, fitted once on one worker ({@link
 * Histogram.FitFn}). The one {@link FittedClv} it outputs is read by the marts as a side input.
 */
public class FitClv
    extends PTransform<PCollection<KV<String, List<Order>>>, PCollection<FittedClv>> {
  private final PipelineConfig.Clv clv;
  private final PCollectionView<Long> asOfDay;
  private final String timeZone;

  public FitClv(PipelineConfig.Clv clv, PCollectionView<Long> asOfDay, String timeZone) {
    this.clv = clv;
    this.asOfDay = asOfDay;
    this.timeZone = timeZone;
  }

  @Override
  public PCollection<FittedClv> expand(PCollection<KV<String, List<Order>>> ordersByCustomer) {
    PCollectionView<Long> calibrationEnd =
        clv.calibrationEnd == null
            ? asOfDay
            : ReferenceDate.given(
                ordersByCustomer.getPipeline(), "CalibrationEnd", clv.calibrationEnd);
    return ordersByCustomer
        .apply(
            "PurchaseHistories",
            ParDo.of(new HistoryFn(calibrationEnd, timeZone)).withSideInputs(calibrationEnd))
        .setCoder(SerializableCoder.of(PurchaseHistory.class))
        // Without a default: an empty input has nothing to fit, and the clv_model mart's not_empty
        // test says so.
        .apply("FitModels", Combine.globally(new Histogram.FitFn(clv.unit)).withoutDefaults())
        .setCoder(SerializableCoder.of(FittedClv.Fits.class))
        .apply(
            "WithCalibrationEnd",
            ParDo.of(new StampFn(calibrationEnd, clv.unit)).withSideInputs(calibrationEnd))
        .setCoder(SerializableCoder.of(FittedClv.class));
  }

  /** A customer's value per purchase day (in the source's time zone) as of the calibration end. */
  static class HistoryFn extends DoFn<KV<String, List<Order>>, PurchaseHistory> {
    private final PCollectionView<Long> calibrationEnd;
    private final String timeZone;
    private transient ZoneId zone;

    HistoryFn(PCollectionView<Long> calibrationEnd, String timeZone) {
      this.calibrationEnd = calibrationEnd;
      this.timeZone = timeZone;
    }

    @Setup
    public void setup() {
      zone = ZoneId.of(timeZone);
    }

    @ProcessElement
    public void process(
        @Element KV<String, List<Order>> customer,
        OutputReceiver<PurchaseHistory> out,
        ProcessContext context) {
      TreeMap<LocalDate, Long> centsPerDay = new TreeMap<>();
      for (Order order : customer.getValue()) {
        LocalDate day = Instant.ofEpochMilli(order.orderTs.getMillis()).atZone(zone).toLocalDate();
        centsPerDay.merge(day, order.revenueCents, Long::sum);
      }
      PurchaseHistory history =
          PurchaseHistory.of(centsPerDay, LocalDate.ofEpochDay(context.sideInput(calibrationEnd)));
      if (history != null) {
        out.output(history);
      }
    }
  }

  static class StampFn extends DoFn<FittedClv.Fits, FittedClv> {
    private final PCollectionView<Long> calibrationEnd;
    private final ClvUnit unit;

    StampFn(PCollectionView<Long> calibrationEnd, ClvUnit unit) {
      this.calibrationEnd = calibrationEnd;
      this.unit = unit;
    }

    @ProcessElement
    public void process(
        @Element FittedClv.Fits fits, OutputReceiver<FittedClv> out, ProcessContext context) {
      out.output(
          new FittedClv(LocalDate.ofEpochDay(context.sideInput(calibrationEnd)), unit, fits));
    }
  }
}
