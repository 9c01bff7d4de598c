package io.segmart.io.csv;

import static org.junit.Assert.assertEquals;

import io.segmart.marts.RejectsMart;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The spreadsheet policy: marts keep values exactly, and --spreadsheetSafe neutralises every CSV
 * mart (cx_export always is).
 */
@Category(PipelineTest.class)
public class WriteCsvMartTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static final String FORMULA = "=HYPERLINK(\"http://x\"),85123A,6";

  @Test
  public void martsKeepValuesExactlyUnlessEveryMartIsMadeSpreadsheetSafe() throws Exception {
    RejectsMart rejects = new RejectsMart(TestData.onlineRetail());
    Row row =
        Row.withSchema(rejects.schema())
            .addValues("malformed_record", "has 4 fields", "2010-12-01.csv", 2L, FORMULA)
            .build();
    PCollection<Row> rows = pipeline.apply(Create.of(row).withRowSchema(rejects.schema()));
    Path exact = folder.newFolder("exact").toPath();
    Path safe = folder.newFolder("safe").toPath();
    rows.apply("Exact", new WriteCsvMart(exact.toString(), rejects, false));
    rows.apply("Safe", new WriteCsvMart(safe.toString(), rejects, true));
    pipeline.run().waitUntilFinish();

    String file = "rejects/rejects-malformed_record-2010-12-01.csv";
    assertEquals(
        List.of(
            "reason,detail,source,line_number,record",
            "malformed_record,has 4 fields,2010-12-01.csv,2,\"=HYPERLINK(\"\"http://x\"\"),85123A,6\""),
        Files.readAllLines(exact.resolve(file)));
    List<String> neutralised = Files.readAllLines(safe.resolve(file));
    assertEquals(
        "malformed_record,has 4 fields,2010-12-01.csv,2,\"'=HYPERLINK(\"\"http://x\"\"),85123A,6\"",
        neutralised.get(1));
  }
}
