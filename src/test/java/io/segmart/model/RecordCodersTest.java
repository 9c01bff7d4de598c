package io.segmart.model;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.Test;

/** The hand-written coders give back equal records, whatever the optional fields hold. */
public class RecordCodersTest {

  @Test
  public void invoiceLinesSurviveEncoding() throws Exception {
    // 536365/85123A from the real data, then the same line without a description and with
    // theLook-style attributes.
    InvoiceLine plain =
        new InvoiceLine(
            "536365",
            Instant.parse("2010-12-01T08:26:00Z"),
            "17850",
            "85123A",
            "WHITE HANGING HEART T-LIGHT HOLDER",
            6,
            new BigDecimal("2.550"),
            1530,
            "UNITED KINGDOM",
            Map.of(),
            0L,
            null,
            true);
    Map<String, String> attributes = new HashMap<>();
    attributes.put("email", "someone@example.com");
    attributes.put("latitude", "-33.8688");
    InvoiceLine withAttributes =
        new InvoiceLine(
            "9000001",
            Instant.ofEpochMilli(-1),
            "1",
            "P-1",
            null,
            -3,
            new BigDecimal("123456789012345678901234567890.12"),
            -37,
            "BRASIL",
            attributes,
            SourceId.of("online-retail-2010-12.csv.gz"),
            "7",
            false);
    for (InvoiceLine line : new InvoiceLine[] {plain, withAttributes}) {
      CoderProperties.coderDecodeEncodeEqual(InvoiceLineCoder.of(), line);
      InvoiceLine back = CoderUtils.clone(InvoiceLineCoder.of(), line);
      assertEquals(line.unitPrice.scale(), back.unitPrice.scale());
      assertEquals(line.invoiceTs, back.invoiceTs);
    }
  }

  @Test
  public void sourceRecordsSurviveEncoding() throws Exception {
    Map<String, String> fields = new HashMap<>();
    fields.put("invoice_id", "536365");
    fields.put("customer_id", null);
    fields.put("description", "\"QUOTED\", with comma");
    CoderProperties.coderDecodeEncodeEqual(
        SourceRecordCoder.of(),
        new SourceRecord("online-retail-2010-12.csv.gz", 2, "536365,85123A,...", fields));
    CoderProperties.coderDecodeEncodeEqual(
        SourceRecordCoder.of(), new SourceRecord("bigquery", 0, "{}", Map.of()));
  }
}
