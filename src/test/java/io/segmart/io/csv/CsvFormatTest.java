package io.segmart.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class CsvFormatTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .addStringField("text")
          .addDecimalField("money")
          .addDateTimeField("at")
          .addNullableField("email", Schema.FieldType.STRING)
          .build();

  private static Row row(String text, String email) {
    return Row.withSchema(SCHEMA)
        .addValues(text, new BigDecimal("-12.50"), Instant.parse("2011-12-09T12:50:00Z"), email)
        .build();
  }

  @Test
  void quotesWhatNeedsQuotingAndFormatsValues() {
    assertEquals(
        "\"PAPER CRAFT , LITTLE BIRDIE\",-12.50,2011-12-09 12:50:00,",
        new CsvFormat(false).line(row("PAPER CRAFT , LITTLE BIRDIE", null)));
    assertEquals(
        "\"say \"\"hi\"\"\",-12.50,2011-12-09 12:50:00,\"a\nb\"",
        new CsvFormat(false).line(row("say \"hi\"", "a\nb")));
  }

  @Test
  void spreadsheetSafeNeutralisesFormulasInTextButNotNumbers() {
    CsvFormat safe = new CsvFormat(true);
    assertEquals(
        "\"'=HYPERLINK(\"\"x\"\")\",-12.50,2011-12-09 12:50:00,'+1@x.com",
        safe.line(row("=HYPERLINK(\"x\")", "+1@x.com")));
    for (String risky : new String[] {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
      String cell = safe.line(row(risky, null)).split(",")[0];
      assertEquals('\'', cell.replace("\"", "").charAt(0), risky);
    }
    assertEquals("Champions,-12.50,2011-12-09 12:50:00,", safe.line(row("Champions", null)));
  }
}
