package io.segmart.io.bigquery;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import io.segmart.config.PipelineConfig;
import io.segmart.marts.MartCatalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryUtils;
import org.apache.beam.sdk.schemas.Schema;

/** The BigQuery layout of the marts: table schemas with a description on every column, partitioning and clustering. */
public final class MartTables {
  private final MartCatalog catalog;
  private final PipelineConfig config;

  public MartTables(MartCatalog catalog, PipelineConfig config) {
    this.catalog = catalog;
    this.config = config;
  }

  /** The mart's rows as BigQuery columns (NUMERIC money, TIMESTAMP times, DATE days), each described. */
  public TableSchema schema(String mart, Schema rows) {
    List<TableFieldSchema> fields = new ArrayList<>();
    for (TableFieldSchema field : BigQueryUtils.toTableSchema(rows).getFields()) {
      String description = catalog.describe(mart, field.getName(), config);
      if (description == null) {
        throw new IllegalStateException("column " + mart + "." + field.getName()
            + " has no description in io/segmart/marts/schema.yml; add one");
      }
      fields.add(field.setDescription(description));
    }
    return new TableSchema().setFields(fields);
  }

  public String description(String mart) {
    return catalog.mart(mart).description;
  }

  /** Day partitions on the mart's partition column, or null for an unpartitioned table. */
  public TimePartitioning partitioning(String mart) {
    String column = catalog.mart(mart).partitionBy;
    return column == null ? null : new TimePartitioning().setType("DAY").setField(column);
  }

  public Clustering clustering(String mart) {
    List<String> columns = catalog.mart(mart).clusterBy;
    return columns.isEmpty() ? null : new Clustering().setFields(columns);
  }

  public boolean isSnapshot(String mart) {
    return catalog.mart(mart).snapshot;
  }

  public String partitionColumn(String mart) {
    return catalog.mart(mart).partitionBy;
  }
}
