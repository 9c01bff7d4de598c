package io.segmart.intermediate;

import io.segmart.clv.ClvHistories;
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
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Fits the CLV models: each customer's purchase histories (in parallel), combined into one
 * histogram of distinct histories per fit and fitted once on one worker ({@link Histogram.FitFn}).
 * The run's last day is the day before the reference date. The models are fitted on the purchases
 * up to the calibration end, for the holdout check; when that is before the last day, they are
 * fitted again on every purchase, for the customers' scores.
 */
public class FitClv extends PTransform<PCollection<KV<String, List<Order>>>, PCollectionTuple> {
  /** Each customer's histories, by customer id. */
  public static final TupleTag<KV<String, ClvHistories>> HISTORIES =
      new TupleTag<KV<String, ClvHistories>>("clv_histories") {};

  /** The fitted models: one per last day fitted, the calibration end's and the run's last day's. */
  public static final TupleTag<FittedClv> MODELS = new TupleTag<FittedClv>("clv_models") {};

  private static final TupleTag<KV<Long, PurchaseHistory>> FITTED =
      new TupleTag<KV<Long, PurchaseHistory>>("fitted") {};

  private final PipelineConfig.Clv clv;
  private final PCollectionView<Long> asOfDay;
  private final String timeZone;

  public FitClv(PipelineConfig.Clv clv, PCollectionView<Long> asOfDay, String timeZone) {
    this.clv = clv;
    this.asOfDay = asOfDay;
    this.timeZone = timeZone;
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<String, List<Order>>> ordersByCustomer) {
    PCollectionView<Long> calibrationEnd =
        clv.calibrationEnd == null
            ? null
            : ReferenceDate.given(
                ordersByCustomer.getPipeline(), "CalibrationEnd", clv.calibrationEnd);
    HistoryFn histories = new HistoryFn(asOfDay, calibrationEnd, timeZone);
    PCollectionTuple out =
        ordersByCustomer.apply(
            "PurchaseHistories",
            ParDo.of(histories)
                .withSideInputs(
                    calibrationEnd == null ? List.of(asOfDay) : List.of(asOfDay, calibrationEnd))
                .withOutputTags(HISTORIES, TupleTagList.of(FITTED)));
    out.get(HISTORIES)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ClvHistories.class)));
    PCollection<FittedClv> models =
        out.get(FITTED)
            .setCoder(KvCoder.of(VarLongCoder.of(), SerializableCoder.of(PurchaseHistory.class)))
            .apply("FitModels", Combine.perKey(new Histogram.FitFn(clv.unit)))
            .setCoder(KvCoder.of(VarLongCoder.of(), SerializableCoder.of(FittedClv.Fits.class)))
            .apply("WithLastDay", ParDo.of(new StampFn(clv.unit)))
            .setCoder(SerializableCoder.of(FittedClv.class));
    return PCollectionTuple.of(HISTORIES, out.get(HISTORIES)).and(MODELS, models);
  }

  /**
   * A customer's histories from the value per purchase day (in the source's time zone), and each
   * history a model is fitted on, keyed by the last day of that fit.
   */
  static class HistoryFn extends DoFn<KV<String, List<Order>>, KV<String, ClvHistories>> {
    private final PCollectionView<Long> asOfDay;
    private final @Nullable PCollectionView<Long> calibrationEnd;
    private final String timeZone;
    private transient ZoneId zone;

    HistoryFn(
        PCollectionView<Long> asOfDay,
        @Nullable PCollectionView<Long> calibrationEnd,
        String timeZone) {
      this.asOfDay = asOfDay;
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
        MultiOutputReceiver out,
        ProcessContext context) {
      TreeMap<LocalDate, Long> centsPerDay = new TreeMap<>();
      for (Order order : customer.getValue()) {
        LocalDate day = Instant.ofEpochMilli(order.orderTs.getMillis()).atZone(zone).toLocalDate();
        centsPerDay.merge(day, order.revenueCents, Long::sum);
      }
      long lastDay = context.sideInput(asOfDay) - 1;
      long calibrationDay =
          calibrationEnd == null ? lastDay : Math.min(lastDay, context.sideInput(calibrationEnd));
      ClvHistories histories =
          ClvHistories.of(
              centsPerDay, LocalDate.ofEpochDay(calibrationDay), LocalDate.ofEpochDay(lastDay));
      if (histories == null) {
        return;
      }
      out.get(HISTORIES).output(KV.of(customer.getKey(), histories));
      if (histories.calibration() != null) {
        out.get(FITTED).output(KV.of(calibrationDay, histories.calibration()));
      }
      if (calibrationDay < lastDay) {
        out.get(FITTED).output(KV.of(lastDay, histories.whole()));
      }
    }
  }

  static class StampFn extends DoFn<KV<Long, FittedClv.Fits>, FittedClv> {
    private final ClvUnit unit;

    StampFn(ClvUnit unit) {
      this.unit = unit;
    }

    @ProcessElement
    public void process(@Element KV<Long, FittedClv.Fits> fits, OutputReceiver<FittedClv> out) {
      out.output(new FittedClv(LocalDate.ofEpochDay(fits.getKey()), unit, fits.getValue()));
    }
  }
}
