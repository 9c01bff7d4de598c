package io.segmart.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerAttributesTest {
  @Test
  void valuesAreTypedAndUnreadableNumbersBecomeNull() {
    assertEquals(31L, CustomerAttributes.value("age", "31"));
    assertEquals(31L, CustomerAttributes.value("age", "31.0"));
    assertNull(CustomerAttributes.value("age", "thirty"));
    assertNull(CustomerAttributes.value("age", "31.5"));
    assertEquals(-23.53, CustomerAttributes.value("latitude", "-23.53"));
    assertEquals("Osasco", CustomerAttributes.value("city", "Osasco"));
    assertNull(CustomerAttributes.value("state", null));
  }

  @Test
  void mergeKeepsEveryAttributeAndTheFirstOfTwoValuesWhicheverComesFirst() {
    Map<String, String> a = Map.of("email", "b@x.org", "age", "31");
    Map<String, String> b = Map.of("email", "a@x.org", "city", "Osasco");
    Map<String, String> expected = Map.of("email", "a@x.org", "age", "31", "city", "Osasco");
    assertEquals(expected, CustomerAttributes.merge(a, b));
    assertEquals(expected, CustomerAttributes.merge(b, a));
    assertEquals(a, CustomerAttributes.merge(a, Map.of()));
    assertEquals(b, CustomerAttributes.merge(Map.of(), b));
  }

  private static String ageOn(String birthDate, String asOf) {
    return CustomerAttributes.asOf(
            Map.of("birth_date", birthDate, "age", "99"), LocalDate.parse(asOf).toEpochDay())
        .get("age");
  }

  @Test
  void ageIsWholeYearsOnTheReferenceDateFromTheBirthDateOverAnyAgeGiven() {
    assertEquals("30", ageOn("1991-10-25", "2021-10-25")); // the birthday itself
    assertEquals("29", ageOn("1991-10-26", "2021-10-25")); // the day before it
    assertEquals("0", ageOn("2021-10-24", "2021-10-25"));
    assertNull(ageOn("2021-10-26", "2021-10-25")); // born after the reference date
    // Born on 29 February: a year older from 1 March in other years, on 29 February in leap years.
    assertEquals("20", ageOn("2000-02-29", "2021-02-28"));
    assertEquals("21", ageOn("2000-02-29", "2021-03-01"));
    assertEquals("24", ageOn("2000-02-29", "2024-02-29"));
    // Without a birth date, the age the source gave stays.
    assertEquals(Map.of("age", "31"), CustomerAttributes.asOf(Map.of("age", "31"), 0));
  }
}
