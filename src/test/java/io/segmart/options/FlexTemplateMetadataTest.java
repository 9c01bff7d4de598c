package io.segmart.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.marts.Marts;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.model.jobmanagement.v1.JobApi.PipelineOptionDescriptor;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The Flex Template metadata is the options interface: same parameters, help texts and forms. */
class FlexTemplateMetadataTest {
  @Test
  void committedMetadataIsGeneratedFromTheOptions() throws IOException {
    PipelineConfig config = ConfigLoader.load(Path.of(FlexTemplateMetadata.CONFIGURATION));
    assertEquals(
        FlexTemplateMetadata.json(Marts.of(config)),
        Files.readString(Path.of("src/main/flex-template/metadata.json")),
        "src/main/flex-template/metadata.json is stale: scripts/build-flex-template.sh writes it");
  }

  /** Whether the option is marked {@link Hidden}: plumbing, not a parameter. */
  private static boolean hidden(String name) {
    return java.util.Arrays.stream(SegmentationOptions.class.getDeclaredMethods())
        .anyMatch(
            m ->
                m.isAnnotationPresent(Hidden.class)
                    && m.getName().equalsIgnoreCase("get" + name.replace("_", "")));
  }

  /**
   * Beam's own description of the options (what --help prints) against the template's parameters.
   */
  @Test
  void everyOptionBeamKnowsIsAParameterWithItsHelpText() {
    Map<String, String> beam = new TreeMap<>();
    for (PipelineOptionDescriptor option :
        PipelineOptionsFactory.describe(Set.of(SegmentationOptions.class))) {
      if (option.getGroup().equals(SegmentationOptions.class.getName())
          && !hidden(option.getName())) {
        beam.put(option.getName(), option.getDescription());
      }
    }
    Map<String, String> template = new TreeMap<>();
    FlexTemplateMetadata.parameters()
        .forEach(p -> template.put(snakeCase((String) p.get("name")), (String) p.get("helpText")));
    assertEquals(beam, template);
    assertTrue(
        template
            .keySet()
            .containsAll(
                Set.of(
                    "pipeline",
                    "input_table",
                    "output_dataset",
                    "output",
                    "as_of",
                    "since",
                    "until")));
  }

  /** Beam describes inputTable as input_table. */
  private static String snakeCase(String name) {
    return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
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
