package io.segmart.io.bigquery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.marts.Mart;
import io.segmart.marts.MartCatalog;
import io.segmart.marts.Marts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BigQuery mart tables of a configuration, written from the code so that nothing describes them
 * twice: {@link #MARKDOWN} for analysts (every column with its type, mode and description, and each
 * table's partitioning and clustering) and {@link #TERRAFORM}, from which Terraform creates the
 * tables. scripts/describe-tables.sh writes both for pipelines/online-retail-bigquery.yaml; a test
 * keeps them current.
 */
public final class MartTableFiles {
  /** Under the repository root. */
  public static final String MARKDOWN = "docs/bigquery-tables.md";

  public static final String TERRAFORM = "terraform/mart-tables.json";

  private MartTableFiles() {}

  /**
   * Writes both files under the repository root given as the second argument, for the configuration
   * given first.
   */
  public static void main(String[] args) throws IOException {
    PipelineConfig config = ConfigLoader.load(Path.of(args[0]));
    Path root = Path.of(args.length > 1 ? args[1] : ".");
    Files.writeString(root.resolve(MARKDOWN), markdown(config), StandardCharsets.UTF_8);
    Files.writeString(root.resolve(TERRAFORM), terraform(config), StandardCharsets.UTF_8);
  }

  /**
   * Every mart written to BigQuery: description, partition column or null, clustering columns and
   * schema.
   */
  public static String terraform(PipelineConfig config) throws IOException {
    MartTables tables = new MartTables(MartCatalog.load(), config);
    Map<String, Object> marts = new LinkedHashMap<>();
    for (Mart mart : Marts.of(config)) {
      if (!mart.table().inBigQuery()) {
        continue;
      }
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("description", tables.description(mart));
      table.put("partitionBy", mart.table().partitionBy());
      table.put("clusterBy", mart.table().clusterBy());
      List<Map<String, String>> columns = new ArrayList<>();
      for (TableFieldSchema field : tables.schema(mart).getFields()) {
        Map<String, String> column = new LinkedHashMap<>();
        column.put("name", field.getName());
        column.put("type", field.getType());
        column.put("mode", field.getMode());
        column.put("description", field.getDescription());
        columns.add(column);
      }
      table.put("schema", columns);
      marts.put(mart.name(), table);
    }
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(marts)
        + "\n";
  }

  public static String markdown(PipelineConfig config) {
    MartTables tables = new MartTables(MartCatalog.load(), config);
    List<Mart> marts = Marts.of(config);
    StringBuilder doc =
        new StringBuilder("# BigQuery mart tables\n\n")
            .append(
                "Generated from `src/main/resources/io/segmart/marts/schema.yml` and the mart schemas for `pipelines/")
            .append(config.name)
            .append(
                ".yaml` by `scripts/describe-tables.sh`; do not edit by hand. Band and market\n")
            .append("columns follow the configuration. `")
            .append(String.join("`, `", filesOnly(marts)))
            .append("` is written as files, not to BigQuery.\n");
    for (Mart mart : marts) {
      doc.append("\n## ")
          .append(mart.name())
          .append("\n\n")
          .append(tables.description(mart))
          .append("\n\n");
      if (mart.table().inBigQuery()) {
        doc.append(layout(mart)).append("\n\n");
      }
      doc.append("| column | type | mode | description |\n|---|---|---|---|\n");
      TableSchema schema = tables.schema(mart);
      for (TableFieldSchema field : schema.getFields()) {
        doc.append("| `")
            .append(field.getName())
            .append("` | ")
            .append(field.getType())
            .append(" | ")
            .append(field.getMode())
            .append(" | ")
            .append(field.getDescription().replace("|", "\\|"))
            .append(" |\n");
      }
    }
    return doc.toString();
  }

  private static List<String> filesOnly(List<Mart> marts) {
    return marts.stream().filter(m -> !m.table().inBigQuery()).map(Mart::name).toList();
  }

  private static String layout(Mart mart) {
    String partitioning =
        mart.table().partitionBy() == null
            ? "not partitioned"
            : "partitioned by day on `" + mart.table().partitionBy() + "`";
    String clustering =
        mart.table().clusterBy().isEmpty()
            ? "not clustered"
            : "clustered by `" + String.join("`, `", mart.table().clusterBy()) + "`";
    String writes =
        mart.table().isSnapshot()
            ? "a run replaces its own `as_of` partition (load jobs; the Storage Write API appends)"
            : "a run replaces the table";
    return "Table `" + mart.name() + "`: " + partitioning + ", " + clustering + "; " + writes + ".";
  }
}
