package io.segmart.io.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmart.config.PipelineConfig;
import io.segmart.io.ReadInvoices;
import io.segmart.model.SourceRecord;
import io.segmart.model.SourceRecordCoder;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Reads a database table or query into {@link SourceRecord}s with Beam's {@link JdbcIO}: each
 * mapped value as the text the driver gives for it (dates and times as {@code yyyy-MM-dd HH:mm:ss},
 * decimals with their digits), like a file's, so the same cleaning, rejects and reconciliation
 * apply. With {@code source.partitionColumn}, the table is read in slices of that column's range on
 * every worker; otherwise by one worker, whose rows the first grouping by customer spreads. The
 * connection is checked before the job is built ({@link JdbcSource#check}).
 */
public class ReadJdbcInvoices extends PTransform<PBegin, PCollectionTuple> {
  private final JdbcSource source;
  private final PipelineConfig.Source config;

  public ReadJdbcInvoices(JdbcSource source, PipelineConfig.Source config) {
    this.source = source;
    this.config = config;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    JdbcIO.DataSourceConfiguration connection =
        JdbcIO.DataSourceConfiguration.create(source.check(), source.url)
            .withUsername(source.user)
            .withPassword(source.password);
    ToSourceRecord toRecord = new ToSourceRecord(source.describe(), source.columns);
    PCollection<SourceRecord> rows =
        source.partitionColumn != null
            ? begin.apply(
                "ReadRowsInSlices",
                JdbcIO.<SourceRecord, Long>readWithPartitions(TypeDescriptors.longs())
                    .withDataSourceConfiguration(connection)
                    .withTable(source.table)
                    .withPartitionColumn(source.partitionColumn)
                    .withRowMapper(toRecord)
                    .withCoder(SourceRecordCoder.of()))
            : begin.apply(
                "ReadRows",
                JdbcIO.<SourceRecord>read()
                    .withDataSourceConfiguration(connection)
                    .withQuery(source.select())
                    .withRowMapper(toRecord)
                    // The rows are spread by the first grouping by customer; a reshuffle before
                    // it would move each row twice (and make a bundle of each on the DirectRunner).
                    .withOutputParallelization(false)
                    .withCoder(SourceRecordCoder.of()));
    return ReadInvoices.tableRows(begin, rows, source.describe());
  }

  /** One row to a source record: the mapped values as text, and the row as JSON for the rejects. */
  static class ToSourceRecord implements JdbcIO.RowMapper<SourceRecord> {
    private final String sourceName;
    private final Map<String, String> columnOfField;
    private transient ObjectMapper json;

    ToSourceRecord(String sourceName, Map<String, String> columnOfField) {
      this.sourceName = sourceName;
      this.columnOfField = columnOfField;
    }

    @Override
    public SourceRecord mapRow(ResultSet row) throws Exception {
      if (json == null) {
        json = new ObjectMapper();
      }
      Map<String, String> fields = new HashMap<>();
      Map<String, String> original = new LinkedHashMap<>();
      for (Map.Entry<String, String> mapped : columnOfField.entrySet()) {
        String value = row.getString(mapped.getValue());
        original.put(mapped.getValue(), value);
        if (value != null) {
          fields.put(mapped.getKey(), value);
        }
      }
      return SourceRecord.ofTableRow(sourceName, original, fields, json);
    }
  }
}
