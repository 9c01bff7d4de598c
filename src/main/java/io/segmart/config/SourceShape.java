package io.segmart.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What one source record is, as {@code source.shape} names it. */
public enum SourceShape {
  /** An invoice line: every mart can be built. */
  @JsonProperty("lines")
  LINES,
  /**
   * One customer's totals (orders, revenue, first and last order date), as a shop's database keeps
   * them: the customer marts can be built, the marts of lines cannot.
   */
  @JsonProperty("customers")
  CUSTOMERS
}
