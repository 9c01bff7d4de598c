package io.segmart.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where invoice lines come from, as {@code source.format} names it. */
public enum SourceFormat {
  /** CSV files, plain or gzip, matching {@code source.input} or {@code --input}. */
  @JsonProperty("csv")
  CSV,
  /** JSON Lines files, plain or gzip: one JSON object per line, its fields mapped by name. */
  @JsonProperty("jsonl")
  JSONL,
  /** A BigQuery table or query ({@code source.table} or {@code source.query}). */
  @JsonProperty("bigquery")
  BIGQUERY,
  /**
   * A database table or query ({@code source.table} or {@code source.query}) over JDBC, the
   * connection from --jdbcUrl and --jdbcUser (or SEGMART_JDBC_URL, SEGMART_JDBC_USER) and the
   * password from SEGMART_JDBC_PASSWORD.
   */
  @JsonProperty("jdbc")
  JDBC;

  /** Whether the source is files (matching {@code source.input} or {@code --input}). */
  public boolean readsFiles() {
    return this == CSV || this == JSONL;
  }
}
