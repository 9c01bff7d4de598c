package io.segmart.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path SHIPPED = Path.of("pipelines/online-retail.yaml");

  private static String shipped() throws IOException {
    return Files.readString(SHIPPED);
  }

  private static String problemWith(String yaml) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                ConfigLoader.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"));
    return e.getMessage();
  }

  @Test
  void shippedConfigurationHasTheSeedRules() {
    PipelineConfig config = ConfigLoader.load(SHIPPED);
    assertEquals(19, config.cleaning.countries.allow.size());
    assertEquals("IRELAND", config.cleaning.countries.rename.get("EIRE"));
    assertEquals(PipelineConfig.Scoring.NTILE, config.segments.rfm.scoring);
    assertEquals(9, config.segments.rfm.rules.size());
    assertEquals(PipelineConfig.Scoring.PERCENT_RANK, config.segments.rfGrid.scoring);
  }

  @Test
  void unknownFieldIsNamedWithItsPath() throws IOException {
    String message =
        problemWith(shipped().replace("  timeZone: UTC", "  timeZone: UTC\n  colums: {}"));
    assertTrue(message.contains("'source.colums'"), message);
  }

  @Test
  void badClustersAreNamed() throws IOException {
    assertTrue(problemWith(shipped().replace("  k: 3", "  k: 1")).contains("'clusters.k'"));
    assertTrue(
        problemWith(shipped().replace("[recency_days, orders, revenue]", "[recency, orders]"))
            .contains("'clusters.features'"));
    assertTrue(
        problemWith(shipped().replace("churned: {recency_days: 1}", "churned: {items: 1}"))
            .contains("'clusters.names.churned' weighs only clusters.features"));
    assertTrue(
        problemWith(shipped().replace("  timeZone: UTC", "  timeZone: UTC\n  groupingSeparator: ."))
            .contains("'source.groupingSeparator'"));
  }

  @Test
  void missingRequiredColumnIsNamed() throws IOException {
    String message = problemWith(shipped().replace("    customer_id: CustomerID\n", ""));
    assertTrue(message.contains("'source.columns.customer_id' is required"), message);
  }

  @Test
  void badScoreConditionIsNamed() throws IOException {
    String message =
        problemWith(shipped().replace("{r: \">=4\", f: \">=4\", m: \">=4\"}", "{r: \"four\"}"));
    assertTrue(message.contains("'segments.rfm.rules[0].when.r'"), message);
  }

  @Test
  void wrongScoringMethodIsNamed() throws IOException {
    String message = problemWith(shipped().replace("scoring: ntile", "scoring: quintile"));
    assertTrue(message.contains("'segments.rfm.scoring'"), message);
  }

  @Test
  void segmentWithoutPriorityIsNamed() throws IOException {
    String message = problemWith(shipped().replace("    Lost: 5\n", ""));
    assertTrue(message.contains("'cx.priorities.Lost'"), message);
  }

  @Test
  void missingFileSaysWhereConfigurationsAre() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> ConfigLoader.load(Path.of("pipelines/nope.yaml")));
    assertTrue(e.getMessage().contains("pipelines/"), e.getMessage());
  }

  @Test
  void extendingConfigurationReplacesOnlyTheSectionsItWrites() {
    PipelineConfig base = ConfigLoader.load(SHIPPED);
    PipelineConfig bigQuery = ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));
    assertEquals(SourceFormat.BIGQUERY, bigQuery.source.format);
    assertEquals("raw_data.online_retail", bigQuery.source.table);
    assertEquals(null, bigQuery.source.input);
    assertEquals(base.cleaning.countries.allow, bigQuery.cleaning.countries.allow);
    assertEquals(base.segments.rfm.rules.size(), bigQuery.segments.rfm.rules.size());
    assertEquals(base.bands.keySet(), bigQuery.bands.keySet());

    PipelineConfig thelook = ConfigLoader.load(Path.of("pipelines/thelook.yaml"));
    assertEquals(List.of("Cancelled", "Returned"), thelook.cleaning.excludedStatuses);
    assertTrue(thelook.cleaning.countries.allow.isEmpty());
    assertEquals(Set.of("US", "BR", "EU"), thelook.markets.keySet());
    assertEquals(base.cx.priorities, thelook.cx.priorities);
    // Through shared/thelook-rules.yaml, both theLook configurations have the same rules.
    PipelineConfig files = ConfigLoader.load(Path.of("pipelines/thelook-files.yaml"));
    assertEquals(SourceFormat.BIGQUERY, thelook.source.format);
    assertEquals(SourceFormat.CSV, files.source.format);
    assertEquals(thelook.cleaning.excludedStatuses, files.cleaning.excludedStatuses);
    assertEquals(thelook.cleaning.countries.rename, files.cleaning.countries.rename);
    assertEquals(thelook.markets, files.markets);
    assertEquals(thelook.centers.input, files.centers.input);
  }

  @Test
  void extendedFileInputStaysRelativeToTheFileThatWroteIt(@TempDir Path folder) throws IOException {
    Path child =
        Files.writeString(
            folder.resolve("child.yaml"),
            "extends: " + SHIPPED.toAbsolutePath() + "\nname: child\n");
    PipelineConfig config = ConfigLoader.load(child);
    assertEquals(
        SHIPPED.toAbsolutePath().getParent().resolve("../data/online-retail/*.csv.gz").normalize(),
        folder.resolve(config.source.input).normalize());
  }

  @Test
  void bigQuerySourceNeedsATableOrAQuery() throws IOException {
    String message =
        problemWith(
            shipped()
                .replace(
                    "  format: csv\n  input: ../data/online-retail/*.csv.gz   # relative to this file\n",
                    "  format: bigquery\n"));
    assertTrue(
        message.contains("'source.table' or source.query is required for format bigquery"),
        message);
  }

  @Test
  void excludedStatusesNeedAStatusColumn() throws IOException {
    String message =
        problemWith(
            shipped()
                .replace(
                    "  requireDescription: true\n",
                    "  requireDescription: true\n  excludedStatuses: [Returned]\n"));
    assertTrue(
        message.contains(
            "'source.columns.status' is required when cleaning.excludedStatuses is set"),
        message);
  }

  @Test
  void cdnowMapsLineTotalsConstantsAndTheRecordAsInvoice() {
    PipelineConfig config = ConfigLoader.load(Path.of("pipelines/cdnow.yaml"));
    assertTrue(config.source.splitsOnWhitespace());
    assertEquals(PipelineConfig.Source.RECORD, config.source.columns.get("invoice_id"));
    assertEquals("dollar_value", config.source.columns.get("line_total"));
    assertEquals("UNITED STATES", config.source.constants.get("country"));
    PipelineConfig sample = ConfigLoader.load(Path.of("pipelines/cdnow-sample.yaml"));
    assertEquals(5, sample.source.fieldNames.size());
    assertEquals(config.segments.rfm.rules.size(), sample.segments.rfm.rules.size());
  }

  @Test
  void aSourceMapsOnePriceAndEveryRequiredFieldOnce() throws IOException {
    assertTrue(
        problemWith(
                shipped()
                    .replace(
                        "    unit_price: UnitPrice\n",
                        "    unit_price: UnitPrice\n    line_total: Total\n"))
            .contains("'source.columns' must map one of [unit_price, line_total], not both"));
    assertTrue(
        problemWith(shipped().replace("    unit_price: UnitPrice\n", ""))
            .contains("'source.columns' must map one of [unit_price, line_total]"));
    assertTrue(
        problemWith(
                shipped()
                    .replace(
                        "  timeZone: UTC\n", "  timeZone: UTC\n  constants: {country: FRANCE}\n"))
            .contains("'source.constants.country' is mapped in source.columns too"));
    assertTrue(
        problemWith(shipped().replace("    country: Country\n", ""))
            .contains(
                "'source.columns.country' is required: the source column that holds it (or source.constants.country)"));
  }

  @Test
  void theRecordAsAFieldAndFieldNamesAreForFiles() throws IOException {
    assertTrue(
        problemWith(
                shipped()
                    .replace("  format: csv\n", "  format: bigquery\n  table: d.t\n")
                    .replace(
                        "  input: ../data/online-retail/*.csv.gz   # relative to this file\n", "")
                    .replace("invoice_id: InvoiceNo", "invoice_id: $record"))
            .contains("'source.columns.invoice_id' $record is the place of a record in a file"));
    assertTrue(
        problemWith(
                shipped()
                    .replace(
                        "  timeZone: UTC\n",
                        "  timeZone: UTC\n  fieldNames: [InvoiceNo, StockCode]\n"))
            .contains(
                "'source.columns.invoice_ts' must be one of source.fieldNames [InvoiceNo, StockCode]"));
    assertTrue(
        problemWith(shipped().replace("  timeZone: UTC\n", "  timeZone: UTC\n  delimiter: tabs\n"))
            .contains("'source.delimiter' must be one character, or whitespace"));
  }

  /** The problem ConfigLoader names in pipelines/a-mart.yaml changed by {@code edit}. */
  private static String aMartProblem(java.util.function.UnaryOperator<String> edit)
      throws IOException {
    Path folder = Files.createTempDirectory("a-mart");
    Path file = folder.resolve("a-mart.yaml");
    String yaml =
        Files.readString(Path.of("pipelines/a-mart.yaml"))
            .replace("extends: online-retail.yaml", "extends: " + SHIPPED.toAbsolutePath());
    Files.writeString(file, edit.apply(yaml));
    return assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file)).getMessage();
  }

  @Test
  void customerTotalsRefuseWhatOnlyLinesGive() throws IOException {
    assertTrue(
        aMartProblem(y -> y.replace("    orders: TOTAL_ORDERS\n", ""))
            .contains("'source.columns.orders' is required with source.shape customers"));
    assertTrue(
        aMartProblem(y -> y.replace("    email: EMAIL_ID", "    quantity: TOTAL_ORDERS"))
            .contains("'source.columns.quantity' is not a field of customer totals"));
    assertTrue(
        aMartProblem(y -> y + "history:\n  enabled: true\n")
            .contains("'history.enabled' must be false with source.shape customers"));
    assertTrue(
        aMartProblem(y -> y.replace("    metric: revenue\n", "    metric: revenue_365d\n"))
            .contains("'bands.value_bucket.metric' cannot be one of [items, revenue_365d]"));
    assertTrue(
        aMartProblem(
                y ->
                    y.replace(
                        "  customerIdNullValues",
                        "  unknownAmounts: [nan]\n  customerIdNullValues"))
            .contains("'cleaning' excludedStatuses, returnedStatuses and unknownAmounts"));
  }
}
