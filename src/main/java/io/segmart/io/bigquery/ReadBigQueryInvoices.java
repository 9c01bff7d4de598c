package io.segmart.io.bigquery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.JobConfigurationQuery;
import com.google.api.services.bigquery.model.JobStatistics;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import io.segmart.config.InvalidConfigException;
import io.segmart.config.PipelineConfig;
import io.segmart.io.ReadInvoices;
import io.segmart.io.bigquery.SourceSchemaCheck.Column;
import io.segmart.model.SourceRecord;
import io.segmart.model.SourceRecordCoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.TypedRead;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.SchemaAndRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Reads a BigQuery table or query into {@link SourceRecord}s with the real {@link BigQueryIO}: the
 * Storage Read API by default (only the mapped columns; a date range filtered by BigQuery), or an
 * export job. Each value is written as the text a file would hold, so the same cleaning, rejects
 * and reconciliation apply. Before the graph is built, the source's schema is checked against the
 * column mapping, so a missing or mistyped column fails the run before it starts.
 */
public class ReadBigQueryInvoices extends PTransform<PBegin, PCollectionTuple> {
  private static final String ACCESS =
      "Check the name, --project, and that the account has roles/bigquery.dataViewer"
          + " on the dataset (and roles/bigquery.jobUser on the project for queries)";

  private final BigQuerySource source;
  private final PipelineConfig.Source config;
  private final BigQueryServices services;

  public ReadBigQueryInvoices(
      BigQuerySource source, PipelineConfig.Source config, BigQueryServices services) {
    this.source = source;
    this.config = config;
    this.services = services;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    BigQueryOptions options = begin.getPipeline().getOptions().as(BigQueryOptions.class);
    Map<String, Column> columns =
        source.checkSchema
            ? SourceSchemaCheck.check(
                source.describe(), schema(options), source.columns, source.declaredAt)
            : unchecked(source.columns);
    List<String> selected = new ArrayList<>();
    Map<String, String> columnOfField = new LinkedHashMap<>();
    columns.forEach(
        (field, column) -> {
          selected.add(column.name);
          columnOfField.put(field, column.name);
        });
    Column timestamp = columns.get("invoice_ts");

    TypedRead<SourceRecord> read =
        BigQueryIO.read(new ToSourceRecord(source.describe(), columnOfField, config))
            .withCoder(SourceRecordCoder.of())
            .withMethod(source.method)
            .withTestServices(services);
    if (source.table != null
        && (source.method == TypedRead.Method.DIRECT_READ || !source.hasDateRange())) {
      read = read.from(source.table);
      if (source.method == TypedRead.Method.DIRECT_READ) {
        read = read.withSelectedFields(selected);
        if (source.hasDateRange()) {
          read = read.withRowRestriction(source.dateRangePredicate(timestamp.name, timestamp.type));
        }
      }
    } else {
      read =
          read.fromQuery(source.sql(selected, timestamp.name, timestamp.type)).usingStandardSql();
    }
    PCollection<SourceRecord> rows = begin.apply("ReadRows", read);
    return ReadInvoices.tableRows(begin, rows, source.describe());
  }

  /**
   * Without the check, columns are taken as configured and a timestamp column is taken to be a
   * TIMESTAMP.
   */
  private static Map<String, Column> unchecked(Map<String, String> mapping) {
    Map<String, Column> columns = new LinkedHashMap<>();
    mapping.forEach(
        (field, name) ->
            columns.put(
                field, new Column(name, field.equals("invoice_ts") ? "TIMESTAMP" : "STRING")));
    return columns;
  }

  /** The table's schema from its metadata, or a query's result schema from a dry run. */
  private TableSchema schema(BigQueryOptions options) {
    try {
      if (source.table != null) {
        Table table =
            services
                .getDatasetService(options)
                .getTable(BigQueryHelpers.parseTableSpec(source.table));
        if (table == null) {
          throw new InvalidConfigException(
              source.declaredAt + ".table: " + source.table + " does not exist. " + ACCESS);
        }
        return table.getSchema();
      }
      JobStatistics dryRun =
          services
              .getJobService(options)
              .dryRunQuery(
                  options.getProject(),
                  new JobConfigurationQuery().setQuery(source.query).setUseLegacySql(false),
                  null);
      return dryRun.getQuery().getSchema();
    } catch (IOException | InterruptedException e) {
      throw new InvalidConfigException(
          "cannot read the schema of " + source.describe() + ": " + e.getMessage() + ". " + ACCESS,
          e);
    }
  }

  /**
   * One BigQuery row to a source record: the mapped values as text, and the row as JSON for the
   * rejects.
   */
  static class ToSourceRecord implements SerializableFunction<SchemaAndRecord, SourceRecord> {
    private final String sourceName;
    private final Map<String, String> columnOfField;
    private final PipelineConfig.Source config;
    private transient BigQueryText text;
    private transient ObjectMapper json;

    /** Column name to BigQuery type; the same for every row of a read. */
    private transient volatile Map<String, String> types;

    ToSourceRecord(
        String sourceName, Map<String, String> columnOfField, PipelineConfig.Source config) {
      this.sourceName = sourceName;
      this.columnOfField = columnOfField;
      this.config = config;
    }

    @Override
    public SourceRecord apply(SchemaAndRecord input) {
      if (types == null) {
        Map<String, String> byName = new HashMap<>();
        for (TableFieldSchema field : input.getTableSchema().getFields()) {
          byName.put(field.getName(), SourceSchemaCheck.standardType(field.getType()));
        }
        text = new BigQueryText(config.timestampFormat, config.timeZone);
        json = new ObjectMapper();
        types = byName;
      }
      GenericRecord row = input.getRecord();
      Map<String, String> fields = new HashMap<>();
      Map<String, String> original = new LinkedHashMap<>();
      for (Map.Entry<String, String> mapped : columnOfField.entrySet()) {
        String column = mapped.getValue();
        org.apache.avro.Schema.Field avroField = row.getSchema().getField(column);
        String value =
            avroField == null
                ? null
                : text.text(
                    row.get(column), types.getOrDefault(column, "STRING"), avroField.schema());
        original.put(column, value);
        if (value != null) {
          fields.put(mapped.getKey(), value);
        }
      }
      return SourceRecord.ofTableRow(sourceName, original, fields, json);
    }
  }
}
