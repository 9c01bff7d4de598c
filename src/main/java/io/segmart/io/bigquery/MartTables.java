package io.segmart.io.bigquery;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import io.segmart.config.PipelineConfig;
import io.segmart.marts.Mart;
import io.segmart.marts.MartCatalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryUtils;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A mart as a BigQuery table: its schema with a description on every column (from {@link
 * MartCatalog}), and its partitioning and clustering (from the mart's {@link Mart#table()}).
 */
public final class MartTables {
  private final MartCatalog catalog;
  private final PipelineConfig config;

  public MartTables(MartCatalog catalog, PipelineConfig config) {
    this.catalog = catalog;
    this.config = config;
  }

  /**
   * The mart's rows as BigQuery columns (NUMERIC money, TIMESTAMP times, DATE days), each
   * described.
   */
  public TableSchema schema(Mart mart) {
    List<TableFieldSchema> fields = new ArrayList<>();
    for (TableFieldSchema field : BigQueryUtils.toTableSchema(mart.schema()).getFields()) {
      String description = catalog.describe(mart.name(), field.getName(), config);
      if (description == null) {
        throw new IllegalStateException(
            "column "
                + mart.name()
                + "."
                + field.getName()
                + " has no description in io/segmart/marts/schema.yml; add one");
      }
      fields.add(field.setDescription(description));
    }
    return new TableSchema().setFields(fields);
  }

  public String description(Mart mart) {
    return catalog.mart(mart.name()).description;
  }

  /** Day partitions on the mart's partition column, or null for an unpartitioned table. */
  public static @Nullable TimePartitioning partitioning(Mart mart) {
    String column = mart.table().partitionBy();
    return column == null ? null : new TimePartitioning().setType("DAY").setField(column);
  }

  public static @Nullable Clustering clustering(Mart mart) {
    List<String> columns = mart.table().clusterBy();
    return columns.isEmpty() ? null : new Clustering().setFields(columns);
  }
}
