package io.segmart.testing;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.cloud.bigquery.storage.v1.AvroRows;
import com.google.cloud.bigquery.storage.v1.AvroSchema;
import com.google.cloud.bigquery.storage.v1.CreateReadSessionRequest;
import com.google.cloud.bigquery.storage.v1.DataFormat;
import com.google.cloud.bigquery.storage.v1.ReadRowsRequest;
import com.google.cloud.bigquery.storage.v1.ReadRowsResponse;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import com.google.cloud.bigquery.storage.v1.ReadStream;
import com.google.cloud.bigquery.storage.v1.SplitReadStreamRequest;
import com.google.cloud.bigquery.storage.v1.SplitReadStreamResponse;
import com.google.cloud.bigquery.storage.v1.StreamStats;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryUtils;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices.FakeBigQueryServerStream;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/**
 * The Storage Read API over the tables of {@link FakeDatasetService}, which Beam's fakes do not
 * serve: one stream per session, rows as Avro, only the selected fields. It records every session
 * request so tests can assert the projection and the row restriction that BigQueryIO sends (the
 * restriction itself is BigQuery's to apply; the fake returns every row). Table rows must hold Avro
 * values (Long micros for TIMESTAMP, ByteBuffer for NUMERIC, ...), as for Beam's fake export jobs.
 */
public class FakeStorageReads implements BigQueryServices.StorageClient, Serializable {
  /**
   * Session requests of this JVM, newest last; static because the client is serialized into the
   * job.
   */
  public static final List<CreateReadSessionRequest> SESSIONS = new CopyOnWriteArrayList<>();

  private static final int ROWS_PER_RESPONSE = 500;

  @Override
  public ReadSession createReadSession(CreateReadSessionRequest request) {
    SESSIONS.add(request);
    String tableUrn = request.getReadSession().getTable();
    Schema schema =
        avroSchema(tableUrn, request.getReadSession().getReadOptions().getSelectedFieldsList());
    return ReadSession.newBuilder()
        .setName(tableUrn + "/sessions/" + SESSIONS.size())
        .setTable(tableUrn)
        .setDataFormat(DataFormat.AVRO)
        .setAvroSchema(AvroSchema.newBuilder().setSchema(schema.toString()))
        .setReadOptions(request.getReadSession().getReadOptions())
        .addStreams(
            ReadStream.newBuilder()
                .setName(tableUrn + "/sessions/" + SESSIONS.size() + "/streams/0"))
        .build();
  }

  @Override
  public BigQueryServices.BigQueryServerStream<ReadRowsResponse> readRows(ReadRowsRequest request) {
    String stream = request.getReadStream();
    String tableUrn = stream.substring(0, stream.indexOf("/sessions/"));
    String sessionNumber =
        stream.substring(
            stream.indexOf("/sessions/") + "/sessions/".length(), stream.indexOf("/streams/"));
    CreateReadSessionRequest session = SESSIONS.get(Integer.parseInt(sessionNumber) - 1);
    Schema schema =
        avroSchema(tableUrn, session.getReadSession().getReadOptions().getSelectedFieldsList());
    List<TableRow> rows = rows(tableUrn);
    List<ReadRowsResponse> responses = new ArrayList<>();
    for (int from = (int) request.getOffset(); from < rows.size(); from += ROWS_PER_RESPONSE) {
      List<TableRow> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_RESPONSE));
      responses.add(
          response(
              schema,
              chunk,
              (double) from / rows.size(),
              (double) (from + chunk.size()) / rows.size()));
    }
    return new FakeBigQueryServerStream<>(responses);
  }

  @Override
  public BigQueryServices.BigQueryServerStream<ReadRowsResponse> readRows(
      ReadRowsRequest request, String fullTableId) {
    return readRows(request);
  }

  @Override
  public SplitReadStreamResponse splitReadStream(SplitReadStreamRequest request) {
    return SplitReadStreamResponse.getDefaultInstance();
  }

  @Override
  public SplitReadStreamResponse splitReadStream(
      SplitReadStreamRequest request, String fullTableId) {
    return splitReadStream(request);
  }

  @Override
  public void close() {}

  private static TableReference reference(String tableUrn) {
    String[] parts = tableUrn.split("/");
    return new TableReference().setProjectId(parts[1]).setDatasetId(parts[3]).setTableId(parts[5]);
  }

  private static Schema avroSchema(String tableUrn, List<String> selected) {
    try {
      Table table = new FakeDatasetService().getTable(reference(tableUrn));
      List<TableFieldSchema> fields = new ArrayList<>();
      for (TableFieldSchema field : table.getSchema().getFields()) {
        if (selected.isEmpty() || selected.contains(field.getName())) {
          fields.add(field);
        }
      }
      return BigQueryUtils.toGenericAvroSchema(table.getTableReference().getTableId(), fields);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<TableRow> rows(String tableUrn) {
    TableReference ref = reference(tableUrn);
    try {
      return new FakeDatasetService()
          .getAllRows(ref.getProjectId(), ref.getDatasetId(), ref.getTableId());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ReadRowsResponse response(
      Schema schema, List<TableRow> rows, double start, double end) {
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    try {
      for (TableRow row : rows) {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.name(), ((Map<String, Object>) row).get(field.name()));
        }
        writer.write(record, encoder);
      }
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ReadRowsResponse.newBuilder()
        .setAvroRows(
            AvroRows.newBuilder().setSerializedBinaryRows(ByteString.copyFrom(bytes.toByteArray())))
        .setRowCount(rows.size())
        .setStats(
            StreamStats.newBuilder()
                .setProgress(
                    StreamStats.Progress.newBuilder()
                        .setAtResponseStart(start)
                        .setAtResponseEnd(end)))
        .build();
  }
}
