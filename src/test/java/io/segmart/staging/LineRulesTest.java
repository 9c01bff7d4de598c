package io.segmart.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

  /** An order item of theLook: order 7, product 81, one unit, as the files give it. */
  private static InvoiceLine theLookItem(String itemId) {
    PipelineConfig thelook = ConfigLoader.load(Path.of("pipelines/thelook-files.yaml"));
    Map<String, String> fields = new java.util.HashMap<>();
    fields.put("id", itemId);
    fields.put("order_id", "7");
    fields.put("user_id", "17702");
    fields.put("product_id", "81");
    fields.put("status", "Complete");
    fields.put("created_at", "2022-12-02 15:42:04");
    fields.put("sale_price", "39.53");
    fields.put("country", "Brasil");
    Map<String, String> mapped = new java.util.HashMap<>();
    thelook.source.columns.forEach((field, column) -> mapped.put(field, fields.get(column)));
    return new LineRules(thelook).clean(new SourceRecord("order_items.csv", 2, "", mapped)).line;
  }

  @Test
  void twoItemsOfOneProductOnOneOrderAreTwoLinesWhenTheSourceGivesLineIds() {
    assertEquals("12", theLookItem("12").lineId);
    assertEquals(theLookItem("12").identity(), theLookItem("12").identity());
    assertNotEquals(theLookItem("12").identity(), theLookItem("13").identity());
    assertNotEquals(theLookItem("12").fingerprint(), theLookItem("13").fingerprint());
    // Without line ids (CDNOW, Online Retail), equal fields are one line.
    assertNull(clean("19970101", "1", "11.77").line.lineId);
  }

  @Test
  void badDatesAndTotalsAreRejectedWithTheirReason() {
    assertEquals(RejectReason.BAD_TIMESTAMP, clean("19970230", "1", "11.77").reason);
    assertEquals(RejectReason.BAD_UNIT_PRICE, clean("19970101", "1", "$11.77").reason);
    assertEquals(RejectReason.UNIT_PRICE_TOO_LOW, clean("19970101", "1", "-0.01").reason);
    assertEquals(RejectReason.NON_POSITIVE_QUANTITY, clean("19970101", "0", "11.77").reason);
    assertNull(clean("19970101", "1", "11.77").reason);
  }

  /** A marketplace transaction as the file gives it. */
  private static LineRules.Cleaned marketplace(PipelineConfig config, String buyer, String price) {
    Map<String, String> fields =
        Map.of(
            "invoice_id", "1",
            "invoice_ts", "2023-08-01",
            "customer_id", buyer,
            "product_id", "Culinary Delights Emporium",
            "line_total", price);
    return new LineRules(config).clean(new SourceRecord("transaction_product.csv", 2, "", fields));
  }

  @Test
  void rupiahPricesAreReadAndAnUnknownAmountIsAnOrderWithoutSpend() {
    PipelineConfig config = ConfigLoader.load(Path.of("pipelines/marketplace.yaml"));
    InvoiceLine line = marketplace(config, "Olivia Perry", "Rp388,000.00").line;
    assertEquals(38_800_000, line.lineTotalCents);
    assertEquals(true, line.amountKnown);
    assertEquals("OLIVIA PERRY", line.customerId);
    assertEquals(Instant.parse("2023-07-31T17:00:00Z"), line.invoiceTs); // midnight in Jakarta

    InvoiceLine unknown = marketplace(config, " olivia perry ", "Rpnan").line;
    assertEquals(false, unknown.amountKnown);
    assertEquals(0, unknown.lineTotalCents);
    assertEquals(0, unknown.unitPrice.signum());
    assertEquals("OLIVIA PERRY", unknown.customerId);

    // Without cleaning.unknownAmounts, "nan" is no price.
    config.cleaning.unknownAmounts = java.util.List.of();
    assertEquals(RejectReason.BAD_UNIT_PRICE, marketplace(config, "Mia Kelly", "Rpnan").reason);
    assertEquals(RejectReason.BAD_UNIT_PRICE, marketplace(config, "Mia Kelly", "Rp38.8.00").reason);
  }
}
