package io.segmart.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.quality.DataTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one ordered list of marts against every committed output it drives: the table docs, the
 * Terraform tables, the Flex Template metadata and the data tests. Each fails when an output lacks
 * a declared mart or names one that is not declared. (The writers and the run summary's row counts
 * are checked on a real run in SegmentationPipelineTest.)
 */
class MartListTest {
  private static final PipelineConfig CONFIG =
      ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));
  private static final List<Mart> MARTS = Marts.of(CONFIG);

  private static List<String> tables() {
    return MARTS.stream().filter(m -> m.table().inBigQuery()).map(Mart::name).toList();
  }

  private static List<String> filesOnly() {
    return MARTS.stream().filter(m -> !m.table().inBigQuery()).map(Mart::name).toList();
  }

  @Test
  void theTableDocsHaveASectionPerDeclaredMartInOrder() throws IOException {
    List<String> sections = new ArrayList<>();
    Matcher heading =
        Pattern.compile("(?m)^## (\\S+)$")
            .matcher(Files.readString(Path.of("docs/bigquery-tables.md")));
    while (heading.find()) {
      sections.add(heading.group(1));
    }
    assertEquals(Marts.names(MARTS), sections);
  }

  @Test
  void terraformCreatesATableForEachDeclaredTableMartOnly() throws IOException {
    JsonNode tables = new ObjectMapper().readTree(Path.of("terraform/mart-tables.json").toFile());
    List<String> names = new ArrayList<>();
    tables.fieldNames().forEachRemaining(names::add);
    assertEquals(tables(), names);
    for (Mart mart : MARTS) {
      if (mart.table().inBigQuery()) {
        JsonNode table = tables.get(mart.name());
        assertEquals(String.valueOf(mart.table().partitionBy()), table.get("partitionBy").asText());
        assertEquals(mart.table().clusterBy().size(), table.get("clusterBy").size(), mart.name());
      }
    }
  }

  @Test
  void theTemplateDescriptionListsTheTablesAndTheFiles() throws IOException {
    String description =
        new ObjectMapper()
            .readTree(Path.of("src/main/flex-template/metadata.json").toFile())
            .get("description")
            .asText();
    Matcher lists =
        Pattern.compile("files\\. (.+) go to BigQuery tables .*; (.+) always to files\\.$")
            .matcher(description);
    assertTrue(lists.find(), description);
    assertEquals(tables(), Arrays.asList(lists.group(1).split(", ")));
    assertEquals(filesOnly(), Arrays.asList(lists.group(2).split(", ")));
  }

  @Test
  void dataTestsNameDeclaredMartsAndColumnsOnly() {
    dataTestsNameDeclaredMartsAndColumnsOnly(MARTS);
    PipelineConfig withHistory =
        ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));
    withHistory.history.enabled = true;
    dataTestsNameDeclaredMartsAndColumnsOnly(Marts.of(withHistory));
  }

  private static void dataTestsNameDeclaredMartsAndColumnsOnly(List<Mart> marts) {
    Set<String> columns = new HashSet<>();
    for (Mart mart : marts) {
      mart.schema().getFieldNames().forEach(c -> columns.add(mart.name() + "." + c));
    }
    List<DataTest> tests = Marts.tests(marts);
    assertTrue(tests.size() > 20, "every mart's tests: " + tests);
    for (DataTest test : tests) {
      if (test.column != null) {
        // A unique key may have several columns, joined by commas.
        for (String column : test.column.split(",")) {
          assertTrue(columns.contains(test.mart + "." + column), test.name);
        }
      }
      if (test.kind == DataTest.Kind.EQUALS_SUM) {
        assertTrue(columns.contains(test.others.get(0) + "." + test.others.get(1)), test.name);
      }
      if (test.kind == DataTest.Kind.SAME_ROWS
          || test.kind == DataTest.Kind.SUM_PER_GROUP_EQUALS_ROWS) {
        assertTrue(Marts.names(marts).contains(test.others.get(0)), test.name);
      }
      if (test.kind == DataTest.Kind.EQUALS_ROW_COUNTS) {
        assertTrue(Marts.names(marts).containsAll(test.others), test.name);
      }
    }
  }
}
