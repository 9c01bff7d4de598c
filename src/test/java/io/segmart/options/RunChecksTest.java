package io.segmart.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check of the options, before any graph is built, with a message that says what to pass. */
class RunChecksTest {
  private static final PipelineConfig FILES = TestData.onlineRetail();
  private static final PipelineConfig BIGQUERY =
      ConfigLoader.load(Path.of("pipelines/online-retail-bigquery.yaml"));

  private static SegmentationOptions files() {
    SegmentationOptions options = PipelineOptionsFactory.create().as(SegmentationOptions.class);
    options.setInput(TestData.DECEMBER_2010);
    options.setOutput("unused");
    return options;
  }

  private static String refused(SegmentationOptions options, PipelineConfig config) {
    return assertThrows(IllegalArgumentException.class, () -> RunChecks.check(options, config))
        .getMessage();
  }

  @Test
  void theBundledRunPasses() {
    assertDoesNotThrow(() -> RunChecks.check(files(), FILES));
  }

  @Test
  void datesMustBeRealDays() {
    SegmentationOptions options = files();
    options.setAsOf("2011-04-31");
    assertThat(refused(options, FILES), containsString("--asOf=2011-04-31 is not a date"));
  }

  @Test
  void optionsMustHaveTheFormTheTemplateStates() {
    SegmentationOptions options = files();
    options.setAsOf("10/12/2011");
    assertThat(
        refused(options, FILES),
        containsString("--asOf=10/12/2011 does not have the expected form"));
  }

  @Test
  void anIncrementalRunAddsTheSnapshotOfItsDate() {
    SegmentationOptions options = files();
    options.setIncremental(true);
    assertThat(refused(options, FILES), containsString("--incremental needs --asOf"));
    options.setAsOf("2011-12-10");
    assertDoesNotThrow(() -> RunChecks.check(options, FILES));
    options.setSnapshotsFrom("2011-01-01");
    assertThat(refused(options, FILES), containsString("leave out --snapshotsFrom"));
  }

  @Test
  void aPipelineThatCountsReturnsRunsWhole() {
    SegmentationOptions options = files();
    options.setIncremental(true);
    options.setAsOf("2011-12-10");
    assertThat(
        refused(options, ConfigLoader.load(Path.of("pipelines/thelook-files.yaml"))),
        containsString("keeps no item statuses: run it without --incremental"));
  }

  @Test
  void aPipelineOfCustomerTotalsRunsWhole() {
    SegmentationOptions options = files();
    options.setIncremental(true);
    options.setAsOf("2021-10-25");
    assertThat(
        refused(options, ConfigLoader.load(Path.of("pipelines/a-mart-files.yaml"))),
        containsString("which already holds every order: run it without --incremental"));
  }

  @Test
  void anIncrementalRunContinuesFromTheStateOfAnEarlierWeek(@TempDir Path output)
      throws IOException {
    SegmentationOptions options = files();
    options.setStateFrom(output.resolve("as_of=2011-12-03/state").toString());
    assertThat(refused(options, FILES), containsString("add --incremental"));
    options.setIncremental(true);
    options.setAsOf("2011-12-10");
    assertThat(refused(options, FILES), containsString("holds no state"));
    Files.createDirectories(output.resolve("as_of=2011-12-03/state"));
    Files.createFile(output.resolve("as_of=2011-12-03/state/customers-00000-of-00001.avro"));
    assertDoesNotThrow(() -> RunChecks.check(options, FILES));
    options.setAsOf("2011-12-03");
    assertThat(refused(options, FILES), containsString("continues from a week before its --asOf"));
  }

  @Test
  void aDateRangeFiltersBigQueryOnly() {
    SegmentationOptions options = files();
    options.setSince("2011-01-01");
    assertThat(refused(options, FILES), containsString("choose files with --input"));
  }

  @Test
  void theInputMustMatchAFile() {
    SegmentationOptions options = files();
    options.setInput(TestData.ONLINE_RETAIL + "/*.parquet");
    assertThat(refused(options, FILES), containsString("no input file matches"));
  }

  @Test
  void aBigQuerySourceIsATableOrAQueryAndItsRangeIsOrdered() {
    SegmentationOptions options = files();
    options.setInputTable("p:raw.online_retail");
    options.setInputQuery("SELECT 1");
    assertThat(
        refused(options, BIGQUERY), containsString("give --inputTable or --inputQuery, not both"));

    SegmentationOptions range = files();
    range.setSince("2011-06-01");
    range.setUntil("2011-06-01");
    assertThat(
        refused(range, BIGQUERY), containsString("--since (2011-06-01) must be before --until"));
  }

  @Test
  void theOutputMustBeAFolderThatCanBeWritten(@TempDir Path temp) throws IOException {
    Path file = Files.writeString(temp.resolve("marts.csv"), "not a folder");
    SegmentationOptions options = files();
    options.setOutput(file.toString());
    assertThat(refused(options, FILES), containsString("is a file; give a folder"));

    options.setOutput(file.resolve("weekly").toString());
    assertThat(refused(options, FILES), containsString("is not a writable folder"));

    options.setOutput(temp.resolve("new/weekly").toString());
    assertDoesNotThrow(() -> RunChecks.check(options, FILES));
  }

  @Test
  void storageWriteApiCannotTruncateAndSaysWhatToUse() {
    SegmentationOptions options = files();
    options.setOutputDataset("p:marts");
    options.setWriteMethod(SegmentationOptions.WriteMethod.STORAGE_WRITE_API);
    assertThat(refused(options, FILES), containsString("--writeDisposition=WRITE_APPEND"));
  }
}
