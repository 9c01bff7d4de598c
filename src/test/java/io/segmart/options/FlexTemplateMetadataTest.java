package io.segmart.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Default;
import org.junit.jupiter.api.Test;

/** The Flex Template metadata is the options interface: same parameters, help texts and forms. */
class FlexTemplateMetadataTest {
  @Test
  void committedMetadataIsGeneratedFromTheOptions() throws IOException {
    assertEquals(
        FlexTemplateMetadata.json(),
        Files.readString(Path.of("src/main/flex-template/metadata.json")),
        "src/main/flex-template/metadata.json is stale: scripts/build-flex-template.sh writes it");
  }

  @Test
  void everyOptionIsAParameter() {
    Set<String> options =
        Arrays.stream(SegmentationOptions.class.getDeclaredMethods())
            .filter(m -> m.getName().startsWith("get"))
            .map(FlexTemplateMetadata::optionName)
            .collect(Collectors.toSet());
    Set<String> parameters =
        FlexTemplateMetadata.parameters().stream()
            .map(p -> (String) p.get("name"))
            .collect(Collectors.toSet());
    assertEquals(options, parameters);
    assertTrue(
        parameters.containsAll(
            Set.of("pipeline", "inputTable", "outputDataset", "output", "asOf", "since", "until")));
  }

  @Test
  void defaultsHaveTheFormTheirParameterDemands() throws NoSuchMethodException {
    for (Method getter : SegmentationOptions.class.getDeclaredMethods()) {
      String regex = FlexTemplateMetadata.regex(getter);
      String value = defaultValue(getter);
      if (regex != null && value != null) {
        assertTrue(
            value.matches(regex),
            getter.getName() + " default " + value + " does not match " + regex);
      }
    }
    String table = FlexTemplateMetadata.regex(SegmentationOptions.class.getMethod("getInputTable"));
    assertTrue("my-project:raw_data.online_retail".matches(table));
    assertTrue("bigquery-public-data.thelook_ecommerce.order_items".matches(table));
    assertFalse("raw data".matches(table));
    assertEquals(
        "^(DIRECT_READ|EXPORT)$",
        FlexTemplateMetadata.regex(SegmentationOptions.class.getMethod("getReadMethod")));
    assertEquals(
        List.of(),
        FlexTemplateMetadata.parameters().stream()
            .filter(p -> !(Boolean) p.get("isOptional"))
            .toList());
  }

  private static String defaultValue(Method getter) {
    if (getter.getAnnotation(Default.String.class) != null) {
      return getter.getAnnotation(Default.String.class).value();
    }
    if (getter.getAnnotation(Default.Enum.class) != null) {
      return getter.getAnnotation(Default.Enum.class).value();
    }
    if (getter.getAnnotation(Default.Boolean.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Boolean.class).value());
    }
    if (getter.getAnnotation(Default.Double.class) != null) {
      return String.valueOf(getter.getAnnotation(Default.Double.class).value());
    }
    return null;
  }
}
