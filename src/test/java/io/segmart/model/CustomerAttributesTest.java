package io.segmart.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
