package io.segmart.marts;

import io.segmart.config.PipelineConfig;
import org.apache.beam.sdk.transforms.windowing.CalendarWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.DateTimeZone;

/** kpi_monthly: the KPIs of each calendar month (an event-time window) per market. */
public class KpiMonthly extends KpiMart {
  public static final String NAME = "kpi_monthly";

  public KpiMonthly(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  protected WindowFn<Object, IntervalWindow> windows(DateTimeZone zone) {
    return CalendarWindows.months(1).withTimeZone(zone);
  }

  @Override
  protected String periodColumn() {
    return "month";
  }
}
