package io.segmart.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.segmart.config.PipelineConfig;
import io.segmart.io.csv.CsvRecordReader;
import io.segmart.model.InvoiceLine;
import io.segmart.model.SourceRecord;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzzes the cleaning rules of pipelines/online-retail.yaml with any line in the Online Retail
 * layout: a record is kept or rejected, never an exception, and a kept line's figures are exact and
 * within the configured limits. Saved inputs under LineRulesFuzzTestInputs (real lines to start
 * from) run in every build.
 */
class LineRulesFuzzTest {
  private static final PipelineConfig CONFIG = TestData.onlineRetail();
  private static final LineRules RULES = new LineRules(CONFIG);

  /** A reject's detail quotes the bad value, but never grows with a number's magnitude. */
  private static final int MAX_DETAIL_CHARS = 2_000;

  @FuzzTest
  void keptOrRejected(byte[] input) throws IOException {
    String text = new String(input, StandardCharsets.UTF_8);
    CsvRecordReader.Record csv = new CsvRecordReader(new StringReader(text), ',', 10_000).next();
    if (csv == null || csv.malformed()) {
      return; // the reader's own fuzz test covers what cannot be split
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < Math.min(CleanInvoiceLinesTest.COLUMNS.size(), csv.fields.size()); i++) {
      fields.put(CleanInvoiceLinesTest.COLUMNS.get(i), csv.fields.get(i));
    }
    SourceRecord record = new SourceRecord("fuzz.csv", 2, csv.text, fields);
    LineRules.Cleaned cleaned = RULES.clean(record);
    if (cleaned.line == null) {
      assertNotNull(cleaned.reason);
      assertTrue(cleaned.detail.length() <= MAX_DETAIL_CHARS, "short reject detail");
      return;
    }
    InvoiceLine line = cleaned.line;
    assertTrue(line.quantity > 0, "quantity above zero");
    assertTrue(line.unitPrice.compareTo(CONFIG.cleaning.minUnitPriceExclusive) > 0, "price");
    BigDecimal total =
        line.unitPrice
            .multiply(BigDecimal.valueOf(line.quantity))
            .setScale(2, RoundingMode.HALF_UP);
    assertEquals(total.unscaledValue().longValueExact(), line.lineTotalCents, "exact line total");
    assertTrue(
        total.compareTo(CONFIG.cleaning.maxLineTotal) <= 0, "line total within maxLineTotal");
    assertFalse(line.customerId.isEmpty(), "a customer id");
    // The rule: an id that reads as a number in scientific notation is its whole number or a
    // reject.
    assertFalse(
        line.customerId.matches("\\d+(\\.\\d+)?[eE][+-]?\\d+"), "no id in scientific notation");
  }
}
