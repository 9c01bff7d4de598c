package io.segmart.model;

import static io.segmart.model.RecordCoders.readLong;
import static io.segmart.model.RecordCoders.readText;
import static io.segmart.model.RecordCoders.readTextMap;
import static io.segmart.model.RecordCoders.writeLong;
import static io.segmart.model.RecordCoders.writeText;
import static io.segmart.model.RecordCoders.writeTextMap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * The coder of {@link SourceRecord}s, field by field; see {@link RecordCoders} for why it is
 * hand-written.
 */
public final class SourceRecordCoder extends AtomicCoder<SourceRecord> {
  private static final SourceRecordCoder INSTANCE = new SourceRecordCoder();

  private SourceRecordCoder() {}

  public static SourceRecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(SourceRecord record, OutputStream out) throws IOException {
    writeText(record.source, out);
    writeLong(record.lineNumber, out);
    writeText(record.record, out);
    writeTextMap(record.fields, out);
  }

  @Override
  public SourceRecord decode(InputStream in) throws IOException {
    return new SourceRecord(readText(in), readLong(in), readText(in), readTextMap(in));
  }
}
