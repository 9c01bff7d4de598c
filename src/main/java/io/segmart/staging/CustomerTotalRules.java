package io.segmart.staging;

import io.segmart.config.PipelineConfig;
import io.segmart.model.CustomerTotals;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceId;
import io.segmart.model.SourceRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The rules of a row of per-customer totals ({@code source.shape: customers}). The customer id,
 * country, amounts and attributes follow the lines' rules ({@link LineRules}); besides, the first
 * and last order dates are dates of the source's timestamp form (or {@code yyyy-MM-dd}), the first
 * not after the last; the order count a whole number of at least 1; the revenue an amount of at
 * least zero.
 */
final class CustomerTotalRules {
  /** The row as totals, or the first rule it breaks. */
  static final class Cleaned {
    final @Nullable CustomerTotals totals;
    final @Nullable RejectReason reason;
    final @Nullable String detail;

    private Cleaned(
        @Nullable CustomerTotals totals, @Nullable RejectReason reason, @Nullable String detail) {
      this.totals = totals;
      this.reason = reason;
      this.detail = detail;
    }

    static Cleaned rejected(RejectReason reason, String detail) {
      return new Cleaned(null, reason, detail);
    }
  }

  private final LineRules fields;
  private final String dateForm;

  CustomerTotalRules(PipelineConfig config) {
    fields = new LineRules(config);
    dateForm = config.source.timestampFormat;
  }

  Cleaned clean(SourceRecord record) {
    LineRules.Checked customerId = fields.customerId(record);
    if (customerId.reason != null) {
      return Cleaned.rejected(customerId.reason, customerId.detail);
    }
    LocalDate first = date(record, "first_order_date");
    LocalDate last = date(record, "last_order_date");
    if (first == null || last == null) {
      String field = first == null ? "first_order_date" : "last_order_date";
      return Cleaned.rejected(
          RejectReason.BAD_ORDER_DATE,
          field.replace('_', ' ')
              + " '"
              + fields.trimmed(record, field)
              + "' is not a date of the form "
              + dateForm);
    }
    if (first.isAfter(last)) {
      return Cleaned.rejected(
          RejectReason.BAD_ORDER_DATE,
          "first order date " + first + " is after the last order date " + last);
    }
    String ordersText = fields.trimmed(record, "orders");
    long orders;
    try {
      orders = Long.parseLong(ordersText);
    } catch (NumberFormatException e) {
      orders = 0;
    }
    if (orders < 1) {
      return Cleaned.rejected(
          RejectReason.BAD_ORDER_COUNT,
          "orders '" + ordersText + "' is not a whole number of at least 1");
    }
    long revenueCents;
    try {
      BigDecimal revenue = new BigDecimal(fields.amountText(record, "revenue"));
      if (revenue.signum() < 0) {
        throw new ArithmeticException("negative");
      }
      revenueCents = revenue.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return Cleaned.rejected(
          RejectReason.BAD_REVENUE,
          "revenue '"
              + fields.trimmed(record, "revenue")
              + "' is not an amount of at least zero that fits in cents");
    }
    LineRules.Checked country = fields.country(record);
    if (country.reason != null) {
      return Cleaned.rejected(country.reason, country.detail);
    }
    return new Cleaned(
        new CustomerTotals(
            customerId.value,
            fields.attributes(record),
            country.value,
            orders,
            revenueCents,
            first.toEpochDay(),
            last.toEpochDay(),
            SourceId.of(record.source)),
        null,
        null);
  }

  private @Nullable LocalDate date(SourceRecord record, String field) {
    String text = fields.trimmed(record, field);
    String iso = text.isEmpty() ? null : fields.isoDate(text);
    return iso == null ? null : LocalDate.parse(iso);
  }
}
