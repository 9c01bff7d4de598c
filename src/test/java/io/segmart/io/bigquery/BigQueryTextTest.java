package io.segmart.io.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Values of every BigQuery type the mapping accepts, as Avro gives them, become the text of a file
 * line.
 */
class BigQueryTextTest {
  private static final BigQueryText TEXT = new BigQueryText("yyyy-MM-dd HH:mm[:ss]", "UTC");

  @Test
  void timesAreWrittenWithTheConfiguredFormatInTheConfiguredZone() {
    long micros = LocalDateTime.of(2010, 12, 1, 8, 26).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    assertEquals("2010-12-01 08:26:00", TEXT.text(micros, "TIMESTAMP", null));
    assertEquals(
        "2010-12-01 09:26:00",
        new BigQueryText("yyyy-MM-dd HH:mm[:ss]", "Europe/Paris").text(micros, "TIMESTAMP", null));
    assertEquals("2010-12-01 08:26:00", TEXT.text("2010-12-01T08:26:00", "DATETIME", null));
    assertEquals(
        "2010-12-01 08:26:00",
        TEXT.text(new org.apache.avro.util.Utf8("2010-12-01 08:26:00"), "DATETIME", null));
    assertEquals(
        "2010-12-01 00:00:00",
        TEXT.text((int) LocalDate.of(2010, 12, 1).toEpochDay(), "DATE", null));
    assertEquals("12/1/2010 8:26", TEXT.text("12/1/2010 8:26", "STRING", null));
  }

  @Test
  void numbersAreWrittenPlainWithoutTrailingZeros() {
    Schema numeric = LogicalTypes.decimal(38, 9).addToSchema(Schema.create(Schema.Type.BYTES));
    ByteBuffer price = ByteBuffer.wrap(new BigDecimal("2.550000000").unscaledValue().toByteArray());
    assertEquals("2.55", TEXT.text(price, "NUMERIC", numeric));
    assertEquals(
        "2.55",
        TEXT.text(price, "NUMERIC", Schema.createUnion(Schema.create(Schema.Type.NULL), numeric)));
    assertEquals("17850", TEXT.text(17850.0d, "FLOAT64", null));
    assertEquals("0.85", TEXT.text(0.85d, "FLOAT64", null));
    assertEquals("0", TEXT.text(0.0d, "FLOAT64", null));
    assertEquals("-6", TEXT.text(-6L, "INT64", null));
    assertNull(TEXT.text(null, "INT64", null));
  }
}
