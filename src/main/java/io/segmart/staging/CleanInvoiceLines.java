package io.segmart.staging;

import io.segmart.config.PipelineConfig;
import io.segmart.config.Timestamps;
import io.segmart.model.CustomerAttributes;
import io.segmart.model.InvoiceLine;
import io.segmart.model.InvoiceLineCoder;
import io.segmart.model.Reject;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Applies the configured cleaning rules to source records. A record that passes every rule becomes
 * an {@link InvoiceLine} stamped with its invoice time as event time; any other goes to {@link
 * #REJECTS} with the first rule it broke.
 */
public class CleanInvoiceLines extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final TupleTag<InvoiceLine> KEPT = new TupleTag<InvoiceLine>() {};
  public static final TupleTag<Reject> REJECTS = new TupleTag<Reject>() {};

  private final PipelineConfig config;

  public CleanInvoiceLines(PipelineConfig config) {
    this.config = config;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> records) {
    PCollectionTuple cleaned =
        records.apply(
            "ApplyCleaningRules",
            ParDo.of(new CleanFn(config)).withOutputTags(KEPT, TupleTagList.of(REJECTS)));
    cleaned.get(KEPT).setCoder(InvoiceLineCoder.of());
    return cleaned;
  }

  static class CleanFn extends DoFn<SourceRecord, InvoiceLine> {
    private static final Pattern WHOLE_NUMBER_WITH_ZERO_DECIMALS = Pattern.compile("-?\\d+\\.0+");
    private static final Pattern SCIENTIFIC = Pattern.compile("\\d+(\\.\\d+)?[eE][+]?\\d+");

    /** More decimals than any currency has: such a price is not an amount. */
    private static final int MAX_DECIMALS = 9;

    private static final int MAX_ID_DIGITS = 30;

    private final PipelineConfig config;
    private final Map<RejectReason, Counter> rejected = new HashMap<>();
    private final Counter kept = Metrics.counter("clean", "kept_before_dedup");
    private transient DateTimeFormatter timestamps;
    private transient ZoneId zone;
    private transient Set<String> allowedCountries;
    private transient Set<String> customerIdNulls;
    private transient Set<String> excludedStatuses;

    CleanFn(PipelineConfig config) {
      this.config = config;
      for (RejectReason reason : RejectReason.values()) {
        rejected.put(reason, Metrics.counter("rejected", reason.code()));
      }
    }

    @Setup
    public void setup() {
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
      customerIdNulls = new HashSet<>();
      for (String value : config.cleaning.customerIdNullValues) {
        customerIdNulls.add(value.trim().toLowerCase(Locale.ROOT));
      }
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
      PipelineConfig.Cleaning rules = config.cleaning;
      String invoiceId = trimmed(record, "invoice_id");
      if (invoiceId.isEmpty()) {
        reject(out, RejectReason.MISSING_INVOICE_ID, "invoice id is empty", record);
        return;
      }
      if (!rules.cancellationPrefix.isEmpty()
          && invoiceId.regionMatches(
              true, 0, rules.cancellationPrefix, 0, rules.cancellationPrefix.length())) {
        reject(
            out,
            RejectReason.CANCELLED_INVOICE,
            "invoice " + invoiceId + " is a cancellation",
            record);
        return;
      }
      String status = trimmed(record, "status");
      if (excludedStatuses.contains(status.toLowerCase(Locale.ROOT))) {
        reject(
            out,
            RejectReason.EXCLUDED_STATUS,
            "status " + status + " is in cleaning.excludedStatuses",
            record);
        return;
      }
      String timestampText = trimmed(record, "invoice_ts");
      if (timestampText.isEmpty()) {
        reject(out, RejectReason.MISSING_TIMESTAMP, "invoice time is empty", record);
        return;
      }
      Instant invoiceTs;
      try {
        invoiceTs =
            new Instant(
                LocalDateTime.parse(timestampText, timestamps)
                    .atZone(zone)
                    .toInstant()
                    .toEpochMilli());
      } catch (DateTimeParseException e) {
        reject(
            out,
            RejectReason.BAD_TIMESTAMP,
            "'"
                + timestampText
                + "' is not a real time of the form "
                + config.source.timestampFormat,
            record);
        return;
      }
      String productId = trimmed(record, "product_id");
      if (productId.isEmpty()) {
        reject(out, RejectReason.MISSING_PRODUCT_ID, "product code is empty", record);
        return;
      }
      String description =
          record.field("description") == null ? null : record.field("description").trim();
      if (rules.requireDescription && (description == null || description.isEmpty())) {
        reject(out, RejectReason.MISSING_DESCRIPTION, "description is empty", record);
        return;
      }
      long quantity;
      try {
        quantity = Long.parseLong(trimmed(record, "quantity"));
      } catch (NumberFormatException e) {
        reject(
            out,
            RejectReason.BAD_QUANTITY,
            "quantity '" + trimmed(record, "quantity") + "' is not a whole number",
            record);
        return;
      }
      if (quantity <= rules.minQuantityExclusive) {
        reject(
            out,
            RejectReason.NON_POSITIVE_QUANTITY,
            "quantity " + quantity + " is not above " + rules.minQuantityExclusive,
            record);
        return;
      }
      BigDecimal unitPrice;
      try {
        unitPrice = new BigDecimal(trimmed(record, "unit_price")).stripTrailingZeros();
      } catch (NumberFormatException e) {
        reject(
            out,
            RejectReason.BAD_UNIT_PRICE,
            "unit price '" + trimmed(record, "unit_price") + "' is not a number",
            record);
        return;
      }
      if (unitPrice.compareTo(rules.minUnitPriceExclusive) <= 0) {
        reject(
            out,
            RejectReason.UNIT_PRICE_TOO_LOW,
            "unit price "
                + unitPrice.toPlainString()
                + " is not above "
                + rules.minUnitPriceExclusive.toPlainString(),
            record);
        return;
      }
      BigDecimal lineTotal = unitPrice.multiply(BigDecimal.valueOf(quantity));
      if (unitPrice.scale() > MAX_DECIMALS || lineTotal.compareTo(rules.maxLineTotal) > 0) {
        reject(
            out,
            RejectReason.AMOUNT_OUT_OF_RANGE,
            "line total of "
                + quantity
                + " x "
                + trimmed(record, "unit_price")
                + " is above cleaning.maxLineTotal "
                + rules.maxLineTotal.toPlainString()
                + " or has more than "
                + MAX_DECIMALS
                + " decimals",
            record);
        return;
      }
      String customerId = trimmed(record, "customer_id");
      if (customerIdNulls.contains(customerId.toLowerCase(Locale.ROOT))) {
        reject(out, RejectReason.MISSING_CUSTOMER_ID, "customer id is missing", record);
        return;
      }
      if (WHOLE_NUMBER_WITH_ZERO_DECIMALS.matcher(customerId).matches()) {
        customerId = customerId.substring(0, customerId.indexOf('.'));
      } else if (SCIENTIFIC.matcher(customerId).matches()) {
        // A spreadsheet's 1.785E4 is customer 17850; a notation that is not a whole number is no
        // id.
        String plain = wholeNumber(customerId);
        if (plain == null) {
          reject(
              out,
              RejectReason.BAD_CUSTOMER_ID,
              "customer id " + customerId + " is in scientific notation and not a whole number",
              record);
          return;
        }
        customerId = plain;
      }
      String country = trimmed(record, "country");
      PipelineConfig.Countries countries = rules.countries;
      if (!allowedCountries.isEmpty()
          && !allowedCountries.contains(country.toUpperCase(Locale.ROOT))) {
        reject(
            out,
            RejectReason.COUNTRY_NOT_ALLOWED,
            "country '" + country + "' is not in the allow-list",
            record);
        return;
      }
      if (countries.upperCase) {
        country = country.toUpperCase(Locale.ROOT);
      }
      country = countries.rename.getOrDefault(country, country);
      long lineTotalCents =
          lineTotal.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
      Map<String, String> attributes = new TreeMap<>();
      for (String name : CustomerAttributes.NAMES) {
        String value = trimmed(record, name);
        if (!value.isEmpty()) {
          attributes.put(name, value);
        }
      }
      kept.inc();
      out.get(KEPT)
          .outputWithTimestamp(
              new InvoiceLine(
                  invoiceId,
                  invoiceTs,
                  customerId,
                  productId,
                  description,
                  quantity,
                  unitPrice,
                  lineTotalCents,
                  country,
                  attributes),
              invoiceTs);
    }

    /** The plain digits of a whole number in scientific notation, or null. */
    private static String wholeNumber(String scientific) {
      BigDecimal value = new BigDecimal(scientific);
      if (value.precision() - value.scale() > MAX_ID_DIGITS) {
        return null;
      }
      try {
        return value.toBigIntegerExact().toString();
      } catch (ArithmeticException e) {
        return null;
      }
    }

    private static String trimmed(SourceRecord record, String field) {
      String value = record.field(field);
      return value == null ? "" : value.trim();
    }

    private void reject(
        MultiOutputReceiver out, RejectReason reason, String detail, SourceRecord record) {
      rejected.get(reason).inc();
      out.get(REJECTS).output(Reject.of(reason, detail, record));
    }
  }
}
