package io.segmart.model;

import static io.segmart.model.RecordCoders.readDecimal;
import static io.segmart.model.RecordCoders.readFlag;
import static io.segmart.model.RecordCoders.readLong;
import static io.segmart.model.RecordCoders.readNullableText;
import static io.segmart.model.RecordCoders.readText;
import static io.segmart.model.RecordCoders.readTextMap;
import static io.segmart.model.RecordCoders.writeDecimal;
import static io.segmart.model.RecordCoders.writeFlag;
import static io.segmart.model.RecordCoders.writeLong;
import static io.segmart.model.RecordCoders.writeNullableText;
import static io.segmart.model.RecordCoders.writeText;
import static io.segmart.model.RecordCoders.writeTextMap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.joda.time.Instant;

/**
 * The coder of {@link InvoiceLine}s, field by field; see {@link RecordCoders} for why it is
 * hand-written.
 */
public final class InvoiceLineCoder extends AtomicCoder<InvoiceLine> {
  /** A hash, so 8 bytes whatever its value; a variable-length long would take 9 or 10. */
  private static final BigEndianLongCoder SOURCE_ID = BigEndianLongCoder.of();

  private static final InvoiceLineCoder INSTANCE = new InvoiceLineCoder();

  private InvoiceLineCoder() {}

  public static InvoiceLineCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(InvoiceLine line, OutputStream out) throws IOException {
    writeText(line.invoiceId, out);
    writeLong(line.invoiceTs.getMillis(), out);
    writeText(line.customerId, out);
    writeText(line.productId, out);
    writeNullableText(line.description, out);
    writeLong(line.quantity, out);
    writeDecimal(line.unitPrice, out);
    writeLong(line.lineTotalCents, out);
    writeText(line.country, out);
    writeTextMap(line.attributes, out);
    SOURCE_ID.encode(line.sourceId, out);
    writeNullableText(line.lineId, out);
    writeFlag(line.amountKnown, out);
  }

  @Override
  public InvoiceLine decode(InputStream in) throws IOException {
    return new InvoiceLine(
        readText(in),
        Instant.ofEpochMilli(readLong(in)),
        readText(in),
        readText(in),
        readNullableText(in),
        readLong(in),
        readDecimal(in),
        readLong(in),
        readText(in),
        readTextMap(in),
        SOURCE_ID.decode(in),
        readNullableText(in),
        readFlag(in));
  }
}
