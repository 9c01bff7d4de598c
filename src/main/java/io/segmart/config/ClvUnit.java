package io.segmart.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The time unit of the CLV models, as {@code clv.unit} names it. */
public enum ClvUnit {
  @JsonProperty("days")
  DAYS(1),
  @JsonProperty("weeks")
  WEEKS(7);

  /** Days in one unit. */
  public final int days;

  ClvUnit(int days) {
    this.days = days;
  }
}
