package io.segmart.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.model.CustomerTotals;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceRecord;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of a row of per-customer totals, on A-Mart's export (dates written dd-mm-yyyy). */
class CustomerTotalRulesTest {
  private static final PipelineConfig CONFIG =
      ConfigLoader.load(java.nio.file.Path.of("pipelines/a-mart-files.yaml"));

  /** A row of the export: customer 2333's, with {@code changes} applied. */
  static SourceRecord row(String... changes) {
    Map<String, String> fields = new HashMap<>();
    fields.put("customer_id", "2333");
    fields.put("email", "lisa10@example.net");
    fields.put("age", "25");
    fields.put("orders", "61");
    fields.put("revenue", "34847.4");
    fields.put("first_order_date", "03-03-2020");
    fields.put("last_order_date", "02-09-2021");
    for (int i = 0; i < changes.length; i += 2) {
      if (changes[i + 1] == null) {
        fields.remove(changes[i]);
      } else {
        fields.put(changes[i], changes[i + 1]);
      }
    }
    return new SourceRecord("EDA.csv", 2, fields.toString(), fields);
  }

  private static CustomerTotalRules.Cleaned clean(String... changes) {
    return new CustomerTotalRules(CONFIG).clean(row(changes));
  }

  @Test
  void aRowOfTheExportIsTheCustomersTotals() {
    CustomerTotals t = clean().totals;
    assertEquals("2333", t.customerId);
    assertEquals(61, t.orders);
    assertEquals(3484740, t.revenueCents);
    assertEquals(LocalDate.of(2020, 3, 3).toEpochDay(), t.firstOrderDay);
    assertEquals(LocalDate.of(2021, 9, 2).toEpochDay(), t.lastOrderDay);
    assertEquals("UNITED STATES", t.country);
    assertEquals(Map.of("email", "lisa10@example.net", "age", "25"), t.attributes);
  }

  @Test
  void aBirthDateIsKeptAsAnIsoDate() {
    assertEquals(
        "1996-05-31", clean("birth_date", "31-05-1996").totals.attributes.get("birth_date"));
    assertNull(clean("birth_date", "someday").totals.attributes.get("birth_date"));
  }

  @Test
  void eachBrokenRuleIsNamed() {
    Map<RejectReason, List<String[]>> cases =
        Map.of(
            RejectReason.MISSING_CUSTOMER_ID, List.<String[]>of(new String[] {"customer_id", " "}),
            RejectReason.BAD_ORDER_DATE,
                List.of(
                    new String[] {"first_order_date", "2020/03/03"},
                    new String[] {"last_order_date", "31-09-2021"},
                    new String[] {"last_order_date", null},
                    new String[] {"first_order_date", "03-09-2021"}),
            RejectReason.BAD_ORDER_COUNT,
                List.of(
                    new String[] {"orders", "0"},
                    new String[] {"orders", "2.5"},
                    new String[] {"orders", ""}),
            RejectReason.BAD_REVENUE,
                List.of(
                    new String[] {"revenue", "-0.01"},
                    new String[] {"revenue", "lots"},
                    new String[] {"revenue", "1e300"}));
    cases.forEach(
        (reason, rows) ->
            rows.forEach(
                change -> {
                  CustomerTotalRules.Cleaned cleaned = clean(change);
                  assertNull(cleaned.totals, String.join("=", change));
                  assertEquals(reason, cleaned.reason, String.join("=", change));
                }));
    assertEquals(
        "first order date 2021-09-03 is after the last order date 2021-09-02",
        clean("first_order_date", "03-09-2021").detail);
  }
}
