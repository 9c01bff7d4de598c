package io.segmart.model;

/** Why a source record was not kept, in the order the rules are checked. */
public enum RejectReason {
  WRONG_HEADER,
  MALFORMED_RECORD,
  /** A field holding a NUL or another control character. */
  CONTROL_CHARACTER,
  /** The unread rest of a truncated or corrupt file, with --onDamagedFile=reject. */
  DAMAGED_FILE,
  /** A row of a lookup table (customers, products) whose id an earlier row of it has. */
  DUPLICATE_TABLE_KEY,
  MISSING_INVOICE_ID,
  CANCELLED_INVOICE,
  EXCLUDED_STATUS,
  MISSING_TIMESTAMP,
  BAD_TIMESTAMP,
  MISSING_PRODUCT_ID,
  MISSING_DESCRIPTION,
  BAD_QUANTITY,
  NON_POSITIVE_QUANTITY,
  BAD_UNIT_PRICE,
  UNIT_PRICE_TOO_LOW,
  /** A unit price or line total that cannot be held exactly, or above cleaning.maxLineTotal. */
  AMOUNT_OUT_OF_RANGE,
  MISSING_CUSTOMER_ID,
  /** A customer id in scientific notation that is not a whole number. */
  BAD_CUSTOMER_ID,
  COUNTRY_NOT_ALLOWED,
  /** A customer's totals whose first or last order date is missing, no date, or out of order. */
  BAD_ORDER_DATE,
  /** A customer's totals whose order count is not a whole number of at least 1. */
  BAD_ORDER_COUNT,
  /** A customer's totals whose revenue is not an amount of at least zero. */
  BAD_REVENUE,
  /** A customer's totals whose customer id an earlier row has. */
  DUPLICATE_CUSTOMER;

  /** The reason as written in the rejects mart and the run summary. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
