package io.segmart.config;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** How source timestamps are read. */
public final class Timestamps {
  private Timestamps() {}

  /**
   * A strict parser for {@code source.timestampFormat}: an impossible date or time (2011-02-30,
   * 24:00) does not parse, instead of moving to another day. Years written {@code yyyy} are of the
   * current era.
   */
  public static DateTimeFormatter parser(String pattern) {
    DateTimeFormatterBuilder builder =
        new DateTimeFormatterBuilder().appendPattern(pattern).parseDefaulting(ChronoField.ERA, 1);
    // A pattern of dates alone (CDNOW's yyyyMMdd) reads each date as its midnight.
    if (!pattern.replaceAll("'[^']*'", "").matches(".*[HhkK].*")) {
      builder
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0);
    }
    return builder.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
  }
}
