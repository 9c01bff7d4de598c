package io.segmart.model;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;

/**
 * Field encodings shared by the hand-written coders of the per-line records ({@link
 * SourceRecordCoder}, {@link InvoiceLineCoder}). Those records keep their Beam schemas; the coders
 * exist because every line crosses several shuffles, and the schema coder spends most of its time
 * converting the record to and from a Row and copying its map fields (measured with JFR on 1M
 * lines).
 */
final class RecordCoders {
  private static final StringUtf8Coder TEXT = StringUtf8Coder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

  private RecordCoders() {}

  static void writeText(String value, OutputStream out) throws IOException {
    TEXT.encode(value, out);
  }

  static String readText(InputStream in) throws IOException {
    return TEXT.decode(in);
  }

  static void writeNullableText(String value, OutputStream out) throws IOException {
    out.write(value == null ? 0 : 1);
    if (value != null) {
      TEXT.encode(value, out);
    }
  }

  static String readNullableText(InputStream in) throws IOException {
    return in.read() == 0 ? null : TEXT.decode(in);
  }

  static void writeFlag(boolean value, OutputStream out) throws IOException {
    out.write(value ? 1 : 0);
  }

  static boolean readFlag(InputStream in) throws IOException {
    int flag = in.read();
    if (flag < 0) {
      throw new EOFException("a record ends before its last field");
    }
    return flag == 1;
  }

  static void writeLong(long value, OutputStream out) throws IOException {
    VarInt.encode(value, out);
  }

  static long readLong(InputStream in) throws IOException {
    return VarInt.decodeLong(in);
  }

  /** Scale, then the unscaled value's two's-complement bytes. */
  static void writeDecimal(BigDecimal value, OutputStream out) throws IOException {
    VarInt.encode(value.scale(), out);
    BYTES.encode(value.unscaledValue().toByteArray(), out);
  }

  static BigDecimal readDecimal(InputStream in) throws IOException {
    int scale = VarInt.decodeInt(in);
    return new BigDecimal(new BigInteger(BYTES.decode(in)), scale);
  }

  static void writeTextMap(Map<String, String> map, OutputStream out) throws IOException {
    VarInt.encode(map.size(), out);
    for (Map.Entry<String, String> entry : map.entrySet()) {
      TEXT.encode(entry.getKey(), out);
      writeNullableText(entry.getValue(), out);
    }
  }

  static Map<String, String> readTextMap(InputStream in) throws IOException {
    int size = VarInt.decodeInt(in);
    if (size == 0) {
      return Map.of();
    }
    Map<String, String> map = new HashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      map.put(TEXT.decode(in), readNullableText(in));
    }
    return map;
  }
}
