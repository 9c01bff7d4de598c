package io.segmart.io.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed table descriptions are what the code writes to BigQuery; scripts/describe-tables.sh
 * regenerates them.
 */
class MartTableFilesTest {
  private static final PipelineConfig CONFIG =
      ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));

  @Test
  void documentedTablesAreTheTablesTheCodeWrites() throws IOException {
    assertEquals(
        MartTableFiles.markdown(CONFIG),
        Files.readString(Path.of(MartTableFiles.MARKDOWN)),
        MartTableFiles.MARKDOWN + " is stale: run scripts/describe-tables.sh");
  }

  @Test
  void terraformTablesAreTheTablesTheCodeWrites() throws IOException {
    assertEquals(
        MartTableFiles.terraform(CONFIG),
        Files.readString(Path.of(MartTableFiles.TERRAFORM)),
        MartTableFiles.TERRAFORM + " is stale: run scripts/describe-tables.sh");
  }
}
