package io.segmart.io.bigquery;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.marts.CxExport;
import io.segmart.marts.MartCatalog;
import io.segmart.marts.MartSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The BigQuery mart tables of a configuration as Markdown, for analysts: every column with its type,
 * mode and description, and each table's partitioning and clustering. {@code docs/bigquery-tables.md}
 * is this for online-retail; a test keeps it current.
 */
public final class MartTablesDoc {
  private MartTablesDoc() {}

  /** Prints the document, or writes it to the file given as the second argument. */
  public static void main(String[] args) throws IOException {
    String text = markdown(ConfigLoader.load(Path.of(args.length > 0 ? args[0] : "pipelines/online-retail.yaml")));
    if (args.length > 1) {
      Files.writeString(Path.of(args[1]), text, StandardCharsets.UTF_8);
    } else {
      System.out.print(text);
    }
  }

  public static String markdown(PipelineConfig config) {
    MartTables tables = new MartTables(MartCatalog.load(), config);
    StringBuilder doc = new StringBuilder("# BigQuery mart tables\n\n")
        .append("Generated from `src/main/resources/io/segmart/marts/schema.yml` and the mart schemas for `pipelines/")
        .append(config.name).append(".yaml` by `scripts/describe-tables.sh`; do not edit by hand. Band and market\n")
        .append("columns follow the configuration. `cx_export` is written as files, not to BigQuery.\n");
    for (Map.Entry<String, Schema> mart : MartSchemas.of(config).entrySet()) {
      String name = mart.getKey();
      doc.append("\n## ").append(name).append("\n\n").append(tables.description(name)).append("\n\n");
      if (!name.equals(CxExport.NAME)) {
        doc.append(layout(tables, name)).append("\n\n");
      }
      doc.append("| column | type | mode | description |\n|---|---|---|---|\n");
      TableSchema schema = tables.schema(name, mart.getValue());
      for (TableFieldSchema field : schema.getFields()) {
        doc.append("| `").append(field.getName()).append("` | ").append(field.getType()).append(" | ")
            .append(field.getMode()).append(" | ").append(field.getDescription().replace("|", "\\|")).append(" |\n");
      }
    }
    return doc.toString();
  }

  private static String layout(MartTables tables, String mart) {
    String partitioning = tables.partitioning(mart) == null ? "not partitioned"
        : "partitioned by day on `" + tables.partitionColumn(mart) + "`";
    String clustering = tables.clustering(mart) == null ? "not clustered"
        : "clustered by `" + String.join("`, `", tables.clustering(mart).getFields()) + "`";
    String writes = tables.isSnapshot(mart)
        ? "a run replaces its own `as_of` partition (load jobs; the Storage Write API appends)"
        : "a run replaces the table";
    return "Table `" + mart + "`: " + partitioning + ", " + clustering + "; " + writes + ".";
  }
}
