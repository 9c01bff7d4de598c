package io.segmart.model;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Customer attributes that a source may map: contact, age and location. They travel as text from
 * the line to the customer and become typed dim_customers columns.
 */
public final class CustomerAttributes {
  /** In dim_customers column order. */
  public static final List<String> NAMES =
      List.of(
          "email",
          "age",
          "birth_date",
          "gender",
          "occupation",
          "state",
          "city",
          "latitude",
          "longitude");

  /** The attribute a birth date gives, as of each reference date. */
  public static final String AGE = "age";

  /** A birth date, as {@code yyyy-MM-dd} once cleaned. */
  public static final String BIRTH_DATE = "birth_date";

  private CustomerAttributes() {}

  /** The column type of an attribute in the marts. */
  public static FieldType type(String name) {
    switch (name) {
      case "age":
        return FieldType.INT64;
      case "latitude":
      case "longitude":
        return FieldType.DOUBLE;
      default:
        return FieldType.STRING;
    }
  }

  /**
   * The attribute as a typed value; null when the source gave none or not a number where one is
   * needed.
   */
  public static @Nullable Object value(String name, @Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      switch (name) {
        case "age":
          return new java.math.BigDecimal(text).longValueExact();
        case "latitude":
        case "longitude":
          return Double.parseDouble(text);
        default:
          return text;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * The attributes as of {@code asOfDay}: where a birth date is known, the age in whole years on
   * that day, which replaces an age the source gave. A birthday counts from its own day; one born
   * on 29 February is a year older from 1 March in other years.
   */
  public static Map<String, String> asOf(Map<String, String> attributes, long asOfDay) {
    String birthDate = attributes.get(BIRTH_DATE);
    if (birthDate == null) {
      return attributes;
    }
    Map<String, String> withAge = new TreeMap<>(attributes);
    LocalDate born = LocalDate.parse(birthDate);
    LocalDate asOf = LocalDate.ofEpochDay(asOfDay);
    if (born.isAfter(asOf)) {
      withAge.remove(AGE); // born after the reference date: no age yet
    } else {
      withAge.put(AGE, Integer.toString(Period.between(born, asOf).getYears()));
    }
    return withAge;
  }

  /**
   * The attributes of both, each the alphabetically first value where they differ, so that the
   * result does not depend on the order lines arrive in.
   */
  public static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    if (b.isEmpty() || a.equals(b)) {
      return a;
    }
    Map<String, String> merged = new TreeMap<>(a);
    b.forEach((name, value) -> merged.merge(name, value, (x, y) -> x.compareTo(y) <= 0 ? x : y));
    return merged;
  }
}
