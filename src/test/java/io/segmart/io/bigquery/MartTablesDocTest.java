package io.segmart.io.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmart.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/bigquery-tables.md is what the code writes to BigQuery; regenerate it with scripts/describe-tables.sh. */
class MartTablesDocTest {
  @Test
  void documentedTablesAreTheTablesTheCodeWrites() throws IOException {
    String generated = MartTablesDoc.markdown(ConfigLoader.load(Path.of("pipelines/online-retail.yaml")));
    assertEquals(generated, Files.readString(Path.of("docs/bigquery-tables.md")),
        "docs/bigquery-tables.md is stale: run scripts/describe-tables.sh");
  }
}
