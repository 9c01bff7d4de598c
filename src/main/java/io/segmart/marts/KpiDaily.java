package io.segmart.marts;

import io.segmart.config.PipelineConfig;
import org.apache.beam.sdk.transforms.windowing.CalendarWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.DateTimeZone;

/** kpi_daily: the KPIs of each calendar day (an event-time window) per market. */
public class KpiDaily extends KpiMart {
  public static final String NAME = "kpi_daily";

  public KpiDaily(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  protected WindowFn<Object, IntervalWindow> windows(DateTimeZone zone) {
    return CalendarWindows.days(1).withTimeZone(zone);
  }

  @Override
  protected String periodColumn() {
    return "day";
  }
}
