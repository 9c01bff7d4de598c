package io.segmart.model;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/** A kept invoice line: one product on one order, cleaned. Its event time is {@link #invoiceTs}. */
@DefaultSchema(JavaFieldSchema.class)
public final class InvoiceLine {
  public final String invoiceId;
  public final Instant invoiceTs;
  public final String customerId;
  public final String productId;
  public final @Nullable String description;
  public final long quantity;
  public final BigDecimal unitPrice;

  /** round(quantity x unit_price, 2), in cents, so that sums reconcile to the penny. */
  public final long lineTotalCents;

  public final String country;

  /**
   * Customer attributes the source maps ({@link CustomerAttributes#NAMES}), as text; empty when
   * none.
   */
  public final Map<String, String> attributes;

  /** The input the line was read from, as {@link SourceId#of}; for per-input accounting. */
  public final long sourceId;

  /**
   * The source's own id of the line (theLook's order item id), or null: when a source gives one,
   * two lines of the same product on one order are two lines, not a duplicate.
   */
  public final @Nullable String lineId;

  /**
   * False for a line whose source gave an unknown amount (cleaning.unknownAmounts): its price and
   * total are zero, and it still counts as an order.
   */
  public final boolean amountKnown;

  @SchemaCreate
  public InvoiceLine(
      String invoiceId,
      Instant invoiceTs,
      String customerId,
      String productId,
      @Nullable String description,
      long quantity,
      BigDecimal unitPrice,
      long lineTotalCents,
      String country,
      Map<String, String> attributes,
      long sourceId,
      @Nullable String lineId,
      boolean amountKnown) {
    this.invoiceId = invoiceId;
    this.invoiceTs = invoiceTs;
    this.customerId = customerId;
    this.productId = productId;
    this.description = description;
    this.quantity = quantity;
    this.unitPrice = unitPrice;
    this.lineTotalCents = lineTotalCents;
    this.country = country;
    this.attributes = attributes;
    this.sourceId = sourceId;
    this.lineId = lineId;
    this.amountKnown = amountKnown;
  }

  /** The invoice time as wall-clock time in a zone (weekday, hour and date of the sale). */
  public LocalDateTime localTime(ZoneId zone) {
    return LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(invoiceTs.getMillis()), zone);
  }

  /**
   * What makes two lines the same order line: invoice, product, quantity, unit price, timestamp,
   * customer and country, and the line id where the source gives one; the description is left out
   * on purpose.
   */
  public String identity() {
    String identity =
        String.join(
            "\u0001",
            invoiceId,
            productId,
            Long.toString(quantity),
            unitPrice.stripTrailingZeros().toPlainString(),
            Long.toString(invoiceTs.getMillis()),
            customerId,
            country);
    return lineId == null ? identity : identity + "\u0001" + lineId;
  }

  /**
   * A 64-bit hash of {@link #identity()}: what the per-customer state keeps of each line, so that a
   * copy of a line delivered again in a later delivery is recognised without keeping the line.
   */
  public long fingerprint() {
    long hash = 0xcbf29ce484222325L;
    String identity = identity();
    for (int i = 0; i < identity.length(); i++) {
      hash = (hash ^ identity.charAt(i)) * 0x100000001b3L;
    }
    // FNV-1a spreads short keys poorly over the high bits; a final mix (SplitMix64's) evens them.
    hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
    hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
    return hash ^ (hash >>> 31);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InvoiceLine)) {
      return false;
    }
    InvoiceLine that = (InvoiceLine) o;
    return identity().equals(that.identity())
        && lineTotalCents == that.lineTotalCents
        && Objects.equals(description, that.description)
        && attributes.equals(that.attributes)
        && sourceId == that.sourceId
        && amountKnown == that.amountKnown;
  }

  @Override
  public int hashCode() {
    return identity().hashCode();
  }

  @Override
  public String toString() {
    return invoiceId
        + "/"
        + productId
        + " x"
        + quantity
        + " @"
        + unitPrice
        + " "
        + invoiceTs
        + " "
        + customerId
        + " "
        + country
        + " = "
        + lineTotalCents
        + "c ("
        + description
        + ")";
  }
}
