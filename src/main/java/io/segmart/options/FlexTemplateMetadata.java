package io.segmart.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmart.config.ConfigLoader;
import io.segmart.marts.Mart;
import io.segmart.marts.Marts;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;

/**
 * The Flex Template metadata (every launch parameter with its label, help text and form), generated
 * from {@link SegmentationOptions} so the two cannot drift. scripts/build-flex-template.sh writes
 * it; a test keeps the committed {@code src/main/flex-template/metadata.json} equal to it.
 */
public final class FlexTemplateMetadata {
  private FlexTemplateMetadata() {}

  /** The configuration whose marts the metadata lists, as the template is deployed. */
  public static final String CONFIGURATION = "pipelines/online-retail-bigquery.yaml";

  /**
   * Prints the metadata, or writes it to the file given as the first argument; a second argument is
   * the path of {@link #CONFIGURATION}.
   */
  public static void main(String[] args) throws IOException {
    Path configuration = Path.of(args.length > 1 ? args[1] : CONFIGURATION);
    String json = json(Marts.of(ConfigLoader.load(configuration)));
    if (args.length > 0) {
      Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
    } else {
      System.out.print(json);
    }
  }

  /** The metadata of a template that writes {@code marts}. */
  public static String json(List<Mart> marts) throws IOException {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", "SegMart");
    metadata.put("description", description(marts));
    metadata.put("streaming", false);
    metadata.put("parameters", parameters());
    return new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(metadata)
        + "\n";
  }

  private static String description(List<Mart> marts) {
    List<String> tables =
        marts.stream().filter(m -> m.table().inBigQuery()).map(Mart::name).toList();
    List<String> files =
        marts.stream().filter(m -> !m.table().inBigQuery()).map(Mart::name).toList();
    return "Customer segmentation marts (RFM, RF grid, bands, KPIs, CX export) from invoice lines in"
        + " BigQuery or files. "
        + String.join(", ", tables)
        + " go to BigQuery tables with --outputDataset, else to files; "
        + String.join(", ", files)
        + " always to files.";
  }

  /** One parameter per option of {@link SegmentationOptions}, in name order. */
  public static List<Map<String, Object>> parameters() {
    List<Map<String, Object>> parameters = new ArrayList<>();
    List<Method> getters =
        Arrays.stream(SegmentationOptions.class.getDeclaredMethods())
            .filter(m -> m.getName().startsWith("get") || m.getName().startsWith("is"))
            // Plumbing between the command and the job, not a template parameter.
            .filter(m -> !m.isAnnotationPresent(Hidden.class))
            .sorted(Comparator.comparing(FlexTemplateMetadata::optionName))
            .toList();
    for (Method getter : getters) {
      Description description = getter.getAnnotation(Description.class);
      if (description == null) {
        throw new IllegalStateException(
            getter.getName() + " of SegmentationOptions needs a @Description");
      }
      Map<String, Object> parameter = new LinkedHashMap<>();
      parameter.put("name", optionName(getter));
      parameter.put("label", label(optionName(getter)));
      parameter.put("helpText", description.value());
      parameter.put("isOptional", true);
      String regex = regex(getter);
      if (regex != null) {
        parameter.put("regexes", List.of(regex));
      }
      parameters.add(parameter);
    }
    return parameters;
  }

  /** The option name of a getter: getInputTable is inputTable. */
  public static String optionName(Method getter) {
    String name = getter.getName().replaceFirst("^(get|is)", "");
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  /** inputTable is "Input table". */
  private static String label(String name) {
    String words = name.replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** The form of the option's values: its {@link ParameterPattern}, or what its type allows. */
  public static String regex(Method getter) {
    ParameterPattern pattern = getter.getAnnotation(ParameterPattern.class);
    if (pattern != null) {
      return pattern.value();
    }
    Class<?> type = getter.getReturnType();
    if (type.isEnum()) {
      return Arrays.stream(type.getEnumConstants())
          .map(Object::toString)
          .collect(Collectors.joining("|", "^(", ")$"));
    }
    if (type == boolean.class || type == Boolean.class) {
      return "^(true|false)$";
    }
    if (type == double.class || type == Double.class) {
      return "^[0-9]*\\.?[0-9]+$";
    }
    return null;
  }
}
