package io.segmart.staging;

import io.segmart.config.PipelineConfig;
import io.segmart.config.Timestamps;
import io.segmart.model.CustomerAttributes;
import io.segmart.model.InvoiceLine;
import io.segmart.model.OrderStatus;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceId;
import io.segmart.model.SourceRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The configured cleaning rules applied to one source record, checked in the order of {@link
 * RejectReason}: the record becomes a kept {@link InvoiceLine} or is rejected by the first rule it
 * breaks. Plain Java, so that it can be tested and fuzzed without a pipeline.
 */
public final class LineRules {
  /**
   * A kept line, or the reason and detail of a reject; and, where the configuration counts returns,
   * the item as the return rate counts it (a kept line, or one that only its status excluded).
   */
  public static final class Cleaned {
    public final InvoiceLine line;
    public final RejectReason reason;
    public final String detail;
    public final OrderStatus status;

    private Cleaned(InvoiceLine line, RejectReason reason, String detail, OrderStatus status) {
      this.line = line;
      this.reason = reason;
      this.detail = detail;
      this.status = status;
    }

    static Cleaned kept(InvoiceLine line) {
      return new Cleaned(line, null, null, null);
    }

    static Cleaned rejected(RejectReason reason, String detail) {
      return new Cleaned(null, reason, detail, null);
    }

    private Cleaned withStatus(OrderStatus status) {
      return new Cleaned(line, reason, detail, status);
    }
  }

  private static final Pattern WHOLE_NUMBER_WITH_ZERO_DECIMALS = Pattern.compile("-?\\d+\\.0+");
  private static final Pattern SCIENTIFIC = Pattern.compile("\\d+(\\.\\d+)?[eE][+-]?\\d+");

  /** More decimals than any currency has: such a price is not an amount. */
  private static final int MAX_DECIMALS = 9;

  private static final int MAX_ID_DIGITS = 30;

  /** Decimals of a unit price derived from a line total. */
  private static final int DERIVED_PRICE_DECIMALS = 4;

  /** A price in a reject's detail is written out in full only up to this many digits. */
  private static final int MAX_PLAIN_DIGITS = 30;

  private final PipelineConfig config;
  private final DateTimeFormatter timestamps;
  private final ZoneId zone;
  private final Set<String> allowedCountries;
  private final Set<String> customerIdNulls;
  private final Set<String> excludedStatuses;
  private final Set<String> returnedStatuses;
  private final Set<String> unknownAmounts;

  /** Whether the source gives line totals instead of unit prices, and the field that holds them. */
  private final boolean linesHaveTotals;

  private final String priceField;

  // The lines of one invoice share its time, and arrive together: the last time parsed is usually
  // the next one's too. One instance serves one thread (a DoFn's), so plain fields suffice.
  private String lastTimestampText;
  private Instant lastInvoiceTs;

  public LineRules(PipelineConfig config) {
    this.config = config;
    timestamps = Timestamps.parser(config.source.timestampFormat);
    zone = ZoneId.of(config.source.timeZone);
    allowedCountries = new HashSet<>();
    for (String country : config.cleaning.countries.allow) {
      allowedCountries.add(country.trim().toUpperCase(Locale.ROOT));
    }
    excludedStatuses = new HashSet<>();
    for (String status : config.cleaning.excludedStatuses) {
      excludedStatuses.add(status.trim().toLowerCase(Locale.ROOT));
    }
    returnedStatuses = new HashSet<>();
    for (String status : config.cleaning.returnedStatuses) {
      returnedStatuses.add(status.trim().toLowerCase(Locale.ROOT));
    }
    unknownAmounts = new HashSet<>();
    for (String amount : config.cleaning.unknownAmounts) {
      unknownAmounts.add(amount.trim().toLowerCase(Locale.ROOT));
    }
    linesHaveTotals = config.source.columns.containsKey("line_total");
    priceField = linesHaveTotals ? "line_total" : "unit_price";
    customerIdNulls = new HashSet<>();
    for (String value : config.cleaning.customerIdNullValues) {
      customerIdNulls.add(value.trim().toLowerCase(Locale.ROOT));
    }
  }

  private Instant invoiceTime(String text) {
    if (!text.equals(lastTimestampText)) {
      lastInvoiceTs =
          new Instant(
              LocalDateTime.parse(text, timestamps).atZone(zone).toInstant().toEpochMilli());
      lastTimestampText = text;
    }
    return lastInvoiceTs;
  }

  /**
   * The record as a kept line, or the first rule it breaks. Where returns are counted, a line of an
   * excluded status is checked by the later rules too: it counts as an item of its order when it
   * breaks no other.
   */
  public Cleaned clean(SourceRecord record) {
    PipelineConfig.Cleaning rules = config.cleaning;
    String invoiceId = trimmed(record, "invoice_id");
    if (invoiceId.isEmpty()) {
      return Cleaned.rejected(RejectReason.MISSING_INVOICE_ID, "invoice id is empty");
    }
    if (!rules.cancellationPrefix.isEmpty()
        && invoiceId.regionMatches(
            true, 0, rules.cancellationPrefix, 0, rules.cancellationPrefix.length())) {
      return Cleaned.rejected(
          RejectReason.CANCELLED_INVOICE, "invoice " + invoiceId + " is a cancellation");
    }
    String status = trimmed(record, "status").toLowerCase(Locale.ROOT);
    boolean excluded = excludedStatuses.contains(status);
    if (excluded && returnedStatuses.isEmpty()) {
      return excludedStatus(record);
    }
    Cleaned cleaned = cleanFields(record, invoiceId);
    if (returnedStatuses.isEmpty()) {
      return cleaned;
    }
    OrderStatus item =
        cleaned.line == null
            ? null
            : new OrderStatus(
                cleaned.line.customerId,
                invoiceId,
                cleaned.line.invoiceTs,
                returnedStatuses.contains(status));
    return (excluded ? excludedStatus(record) : cleaned).withStatus(item);
  }

  private Cleaned excludedStatus(SourceRecord record) {
    return Cleaned.rejected(
        RejectReason.EXCLUDED_STATUS,
        "status " + trimmed(record, "status") + " is in cleaning.excludedStatuses");
  }

  /** The rules after the invoice id and the status. */
  private Cleaned cleanFields(SourceRecord record, String invoiceId) {
    PipelineConfig.Cleaning rules = config.cleaning;
    String timestampText = trimmed(record, "invoice_ts");
    if (timestampText.isEmpty()) {
      return Cleaned.rejected(RejectReason.MISSING_TIMESTAMP, "invoice time is empty");
    }
    Instant invoiceTs;
    try {
      invoiceTs = invoiceTime(timestampText);
    } catch (DateTimeParseException e) {
      return Cleaned.rejected(
          RejectReason.BAD_TIMESTAMP,
          "'"
              + timestampText
              + "' is not a real time of the form "
              + config.source.timestampFormat);
    }
    String productId = trimmed(record, "product_id");
    if (productId.isEmpty()) {
      return Cleaned.rejected(RejectReason.MISSING_PRODUCT_ID, "product code is empty");
    }
    String description =
        record.field("description") == null ? null : record.field("description").trim();
    if (rules.requireDescription && (description == null || description.isEmpty())) {
      return Cleaned.rejected(RejectReason.MISSING_DESCRIPTION, "description is empty");
    }
    long quantity;
    try {
      quantity = Long.parseLong(trimmed(record, "quantity"));
    } catch (NumberFormatException e) {
      return Cleaned.rejected(
          RejectReason.BAD_QUANTITY,
          "quantity '" + trimmed(record, "quantity") + "' is not a whole number");
    }
    if (quantity <= rules.minQuantityExclusive) {
      return Cleaned.rejected(
          RejectReason.NON_POSITIVE_QUANTITY,
          "quantity " + quantity + " is not above " + rules.minQuantityExclusive);
    }
    String amount = amountText(record);
    boolean amountKnown = !unknownAmounts.contains(amount.toLowerCase(Locale.ROOT));
    BigDecimal unitPrice;
    BigDecimal givenTotal = null;
    try {
      if (!amountKnown) {
        unitPrice = BigDecimal.ZERO;
      } else if (linesHaveTotals) {
        givenTotal = new BigDecimal(amount);
        unitPrice = unitPriceOf(givenTotal, quantity);
      } else {
        unitPrice = new BigDecimal(amount).stripTrailingZeros();
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return Cleaned.rejected(
          RejectReason.BAD_UNIT_PRICE,
          priceField.replace('_', ' ') + " '" + trimmed(record, priceField) + "' is not a number");
    }
    if (amountKnown
        && unitPrice.compareTo(rules.minUnitPriceExclusive) <= 0
        && !(rules.keepZeroAmounts && unitPrice.signum() == 0)) {
      return Cleaned.rejected(
          RejectReason.UNIT_PRICE_TOO_LOW,
          "unit price "
              + (Math.abs(unitPrice.scale()) <= MAX_PLAIN_DIGITS
                  ? unitPrice.toPlainString()
                  : trimmed(record, priceField)) // a plain -1e999999999 has a billion digits
              + " is not above "
              + rules.minUnitPriceExclusive.toPlainString());
    }
    BigDecimal lineTotal =
        givenTotal != null ? givenTotal : unitPrice.multiply(BigDecimal.valueOf(quantity));
    BigDecimal given = givenTotal != null ? givenTotal : unitPrice;
    if (given.scale() > MAX_DECIMALS || lineTotal.compareTo(rules.maxLineTotal) > 0) {
      return Cleaned.rejected(
          RejectReason.AMOUNT_OUT_OF_RANGE,
          (givenTotal != null ? "line total " : "line total of " + quantity + " x ")
              + trimmed(record, priceField)
              + " is above cleaning.maxLineTotal "
              + rules.maxLineTotal.toPlainString()
              + " or has more than "
              + MAX_DECIMALS
              + " decimals");
    }
    Checked customerId = customerId(record);
    if (customerId.reason != null) {
      return Cleaned.rejected(customerId.reason, customerId.detail);
    }
    Checked country = country(record);
    if (country.reason != null) {
      return Cleaned.rejected(country.reason, country.detail);
    }
    long lineTotalCents =
        lineTotal.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    return Cleaned.kept(
        new InvoiceLine(
            invoiceId,
            invoiceTs,
            customerId.value,
            productId,
            description,
            quantity,
            unitPrice,
            lineTotalCents,
            country.value,
            attributes(record),
            SourceId.of(record.source),
            lineId(record),
            amountKnown));
  }

  /** A field's value by the rules, or the rule its record breaks. */
  static final class Checked {
    final @Nullable String value;
    final @Nullable RejectReason reason;
    final @Nullable String detail;

    private Checked(
        @Nullable String value, @Nullable RejectReason reason, @Nullable String detail) {
      this.value = value;
      this.reason = reason;
      this.detail = detail;
    }

    static Checked ok(String value) {
      return new Checked(value, null, null);
    }

    static Checked rejected(RejectReason reason, String detail) {
      return new Checked(null, reason, detail);
    }
  }

  /**
   * The record's customer id: not one of the null values, upper-cased where configured, and a
   * number written as a spreadsheet writes it ({@code 17850.0}, {@code 1.785E4}) as its digits.
   */
  Checked customerId(SourceRecord record) {
    String customerId = trimmed(record, "customer_id");
    if (customerIdNulls.contains(customerId.toLowerCase(Locale.ROOT))) {
      return Checked.rejected(RejectReason.MISSING_CUSTOMER_ID, "customer id is missing");
    }
    if (config.cleaning.customerIdUpperCase) {
      customerId = customerId.toUpperCase(Locale.ROOT);
    }
    if (WHOLE_NUMBER_WITH_ZERO_DECIMALS.matcher(customerId).matches()) {
      return Checked.ok(customerId.substring(0, customerId.indexOf('.')));
    }
    if (SCIENTIFIC.matcher(customerId).matches()) {
      // A spreadsheet's 1.785E4 is customer 17850; a notation that is not a whole number is no id.
      String plain = wholeNumber(customerId);
      return plain == null
          ? Checked.rejected(
              RejectReason.BAD_CUSTOMER_ID,
              "customer id " + customerId + " is in scientific notation and not a whole number")
          : Checked.ok(plain);
    }
    return Checked.ok(customerId);
  }

  /** The record's country: in the allow-list, then upper-cased and renamed as configured. */
  Checked country(SourceRecord record) {
    String country = trimmed(record, "country");
    PipelineConfig.Countries countries = config.cleaning.countries;
    if (!allowedCountries.isEmpty()
        && !allowedCountries.contains(country.toUpperCase(Locale.ROOT))) {
      return Checked.rejected(
          RejectReason.COUNTRY_NOT_ALLOWED, "country '" + country + "' is not in the allow-list");
    }
    if (countries.upperCase) {
      country = country.toUpperCase(Locale.ROOT);
    }
    return Checked.ok(countries.rename.getOrDefault(country, country));
  }

  /**
   * The customer attributes the record gives, trimmed; a birth date as {@code yyyy-MM-dd} (written
   * as the source's timestamps or as such a date), left out when it is no date.
   */
  Map<String, String> attributes(SourceRecord record) {
    Map<String, String> attributes = new TreeMap<>();
    for (String name : CustomerAttributes.NAMES) {
      String value = trimmed(record, name);
      if (name.equals(CustomerAttributes.BIRTH_DATE) && !value.isEmpty()) {
        value = isoDate(value);
      }
      if (value != null && !value.isEmpty()) {
        attributes.put(name, value);
      }
    }
    return attributes;
  }

  /** The date of {@code text}, a timestamp of the source's form or a yyyy-MM-dd date; or null. */
  @Nullable String isoDate(String text) {
    try {
      return LocalDateTime.parse(text, timestamps).toLocalDate().toString();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text).toString();
      } catch (DateTimeParseException notIso) {
        return null;
      }
    }
  }

  /**
   * The price of one unit of a line given by its total: to {@value #DERIVED_PRICE_DECIMALS}
   * decimals, half up, so that it fits the marts' decimal columns; the line keeps its exact total.
   */
  private static BigDecimal unitPriceOf(BigDecimal total, long quantity) {
    if (Math.abs(total.scale()) > MAX_PLAIN_DIGITS) {
      throw new ArithmeticException("no amount"); // such a total is refused below as any price
    }
    return total
        .divide(BigDecimal.valueOf(quantity), DERIVED_PRICE_DECIMALS, RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }

  /** The plain digits of a whole number in scientific notation, or null. */
  private static String wholeNumber(String scientific) {
    BigDecimal value;
    try {
      value = new BigDecimal(scientific);
    } catch (NumberFormatException e) {
      return null; // an exponent beyond what a number can hold
    }
    // Decided on the digits and the exponent alone: rescaling a number such as 1e-999999999 would
    // take minutes.
    value = value.stripTrailingZeros();
    if (value.scale() > 0 || value.precision() - value.scale() > MAX_ID_DIGITS) {
      return null;
    }
    return value.toBigIntegerExact().toString();
  }

  /**
   * The line's price or total as written, trimmed, without the currency prefix and the grouping
   * separators: {@code "Rp388,000.00"} is {@code 388000.00}.
   */
  private String amountText(SourceRecord record) {
    return amountText(record, priceField);
  }

  /** The amount in {@code field}, as {@link #amountText(SourceRecord)}. */
  String amountText(SourceRecord record, String field) {
    String amount = trimmed(record, field);
    String prefix = config.source.currencyPrefix;
    if (!prefix.isEmpty() && amount.startsWith(prefix)) {
      amount = amount.substring(prefix.length()).trim();
    }
    String separator = config.source.groupingSeparator;
    return separator.isEmpty() ? amount : amount.replace(separator, "");
  }

  /** The source's id of the line, trimmed; null when the source gives none. */
  private static String lineId(SourceRecord record) {
    String id = record.field("line_id");
    return id == null || id.isBlank() ? null : id.trim();
  }

  /** The field's text, trimmed: from the record, or the configured constant; empty when neither. */
  String trimmed(SourceRecord record, String field) {
    String value = record.field(field);
    if (value == null) {
      value = config.source.constants.get(field);
    }
    return value == null ? "" : value.trim();
  }
}
