package io.segmart.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.model.InvoiceLine;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The rules of a source that gives line totals, dates without times and constant fields: CDNOW. */
class LineRulesTest {
  private static final PipelineConfig CDNOW = ConfigLoader.load(Path.of("pipelines/cdnow.yaml"));

  private static LineRules.Cleaned clean(String date, String cds, String dollars) {
    return new LineRules(CDNOW)
        .clean(
            new SourceRecord(
                "CDNOW_master.txt.gz",
                5,
                " 00004 " + date + "  " + cds + "   " + dollars,
                Map.of(
                    "invoice_id", "CDNOW_master.txt.gz:5",
                    "customer_id", "00004",
                    "invoice_ts", date,
                    "quantity", cds,
                    "line_total", dollars)));
  }

  @Test
  void aRowIsOneLineOfItsTotalAtMidnightWithTheConfiguredProductAndCountry() {
    InvoiceLine line = clean("19970101", "2", "29.33").line;
    assertEquals(2933, line.lineTotalCents);
    assertEquals(new BigDecimal("14.665"), line.unitPrice);
    assertEquals(2, line.quantity);
    assertEquals(Instant.parse("1997-01-01T00:00:00Z"), line.invoiceTs);
    assertEquals("CD", line.productId);
    assertEquals("UNITED STATES", line.country);
    assertEquals("00004", line.customerId);
    assertEquals("CDNOW_master.txt.gz:5", line.invoiceId);
  }

  @Test
  void aTotalThatDoesNotDivideEvenlyKeepsItsCentsAndRoundsTheUnitPrice() {
    InvoiceLine line = clean("19980630", "3", "10.00").line;
    assertEquals(1000, line.lineTotalCents);
    assertEquals(new BigDecimal("3.3333"), line.unitPrice);
  }

  @Test
  void aFreePurchaseIsKeptAndAddsNothing() {
    InvoiceLine line = clean("19970102", "1", "0.00").line;
    assertEquals(0, line.lineTotalCents);
    assertEquals(0, line.unitPrice.signum());
  }

  @Test
  void badDatesAndTotalsAreRejectedWithTheirReason() {
    assertEquals(RejectReason.BAD_TIMESTAMP, clean("19970230", "1", "11.77").reason);
    assertEquals(RejectReason.BAD_UNIT_PRICE, clean("19970101", "1", "$11.77").reason);
    assertEquals(RejectReason.UNIT_PRICE_TOO_LOW, clean("19970101", "1", "-0.01").reason);
    assertEquals(RejectReason.NON_POSITIVE_QUANTITY, clean("19970101", "0", "11.77").reason);
    assertNull(clean("19970101", "1", "11.77").reason);
  }
}
