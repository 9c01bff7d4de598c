package io.segmart.io.bigquery;

import java.io.Serializable;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;

/**
 * How the marts are written to BigQuery: the dataset, the write method and disposition, the
 * services.
 */
public final class BigQuerySink implements Serializable {
  public final String dataset;
  public final BigQueryIO.Write.Method method;
  public final BigQueryIO.Write.WriteDisposition disposition;

  /** The real services, or Beam's fakes in tests. */
  public final BigQueryServices services;

  public BigQuerySink(
      String dataset,
      BigQueryIO.Write.Method method,
      BigQueryIO.Write.WriteDisposition disposition,
      BigQueryServices services) {
    this.dataset = dataset;
    this.method = method;
    this.disposition = disposition;
    this.services = services;
  }
}
