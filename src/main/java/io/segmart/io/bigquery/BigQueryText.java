package io.segmart.io.bigquery;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Writes a value that BigQuery gave as Avro (Storage Read API or export) as the text a CSV file
 * would hold, so that one set of cleaning rules serves every source: numbers in plain notation
 * without trailing zeros, TIMESTAMP, DATETIME and DATE with the configured timestamp format.
 */
public final class BigQueryText {
  private final DateTimeFormatter timestamps;
  private final ZoneId zone;

  public BigQueryText(String timestampFormat, String timeZone) {
    this.timestamps = DateTimeFormatter.ofPattern(timestampFormat, java.util.Locale.ROOT);
    this.zone = ZoneId.of(timeZone);
  }

  /**
   * The text of {@code value}, a value of BigQuery type {@code type} with Avro schema {@code
   * schema}; null stays null.
   */
  public String text(Object value, String type, Schema schema) {
    if (value == null) {
      return null;
    }
    switch (type) {
      case "TIMESTAMP":
        if (value instanceof Long) {
          long micros = (Long) value;
          Instant instant =
              Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
          return timestamps.format(instant.atZone(zone));
        }
        return value.toString();
      case "DATETIME":
        return timestamps.format(LocalDateTime.parse(value.toString().replace(' ', 'T')));
      case "DATE":
        LocalDate day =
            value instanceof Integer
                ? LocalDate.ofEpochDay((Integer) value)
                : LocalDate.parse(value.toString());
        return timestamps.format(day.atStartOfDay());
      case "NUMERIC":
      case "BIGNUMERIC":
        return plain(
            value instanceof ByteBuffer
                ? decimal((ByteBuffer) value, schema, type)
                : new BigDecimal(value.toString()));
      case "FLOAT64":
        return plain(BigDecimal.valueOf(((Number) value).doubleValue()));
      default:
        return value.toString();
    }
  }

  private static String plain(BigDecimal number) {
    return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
  }

  /**
   * Avro carries NUMERIC as the bytes of the unscaled value; the scale is in the field's logical
   * type.
   */
  private static BigDecimal decimal(ByteBuffer bytes, Schema schema, String type) {
    ByteBuffer copy = bytes.duplicate();
    byte[] unscaled = new byte[copy.remaining()];
    copy.get(unscaled);
    int scale = type.equals("NUMERIC") ? 9 : 38;
    Schema plain = nonNull(schema);
    if (plain != null && plain.getLogicalType() instanceof LogicalTypes.Decimal) {
      scale = ((LogicalTypes.Decimal) plain.getLogicalType()).getScale();
    }
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static Schema nonNull(Schema schema) {
    if (schema == null || schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(s -> s.getType() != Schema.Type.NULL)
        .findFirst()
        .orElse(null);
  }
}
