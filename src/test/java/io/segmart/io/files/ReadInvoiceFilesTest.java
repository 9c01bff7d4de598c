package io.segmart.io.files;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmart.SegMart;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SourceFormat;
import io.segmart.io.ReadInvoices;
import io.segmart.io.csv.CsvRecordReader;
import io.segmart.model.Reject;
import io.segmart.model.SourceRecord;
import io.segmart.options.OnDamagedFile;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

@Category(PipelineTest.class)
public class ReadInvoiceFilesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private PCollectionTuple read(String pattern) {
    return read(pattern, OnDamagedFile.FAIL);
  }

  private PCollectionTuple read(String pattern, OnDamagedFile onDamaged) {
    return pipeline.apply(new ReadInvoiceFiles(pattern, TestData.onlineRetail().source, onDamaged));
  }

  /** A real month of lines, gzipped and cut off two thirds of the way through. */
  private Path truncatedGzip() throws IOException {
    List<String> lines = TestData.monthLines("2010-12").subList(0, 2000);
    Path whole =
        TestData.writeGzip(
            folder.getRoot().toPath().resolve("whole.gz"),
            TestData.HEADER + "\n" + String.join("\n", lines) + "\n");
    byte[] bytes = java.nio.file.Files.readAllBytes(whole);
    java.nio.file.Files.delete(whole);
    return java.nio.file.Files.write(
        folder.getRoot().toPath().resolve("2010-12-01.csv.gz"),
        java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
  }

  @Test
  public void aTruncatedGzipFailsTheRunNamingTheFile() throws Exception {
    truncatedGzip();
    read(folder.getRoot() + "/*.csv.gz");
    Exception error = assertThrows(Exception.class, () -> pipeline.run());
    assertThat(SegMart.describe(error), containsString("2010-12-01.csv.gz is damaged"));
    assertThat(SegMart.describe(error), containsString("--onDamagedFile=reject"));
  }

  @Test
  public void aTruncatedGzipCanBeRejectedAfterItsReadableLines() throws Exception {
    truncatedGzip();
    PCollectionTuple out = read(folder.getRoot() + "/*.csv.gz", OnDamagedFile.REJECT);
    PAssert.that(
            out.get(ReadInvoices.REJECTS)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.source + " " + r.reason)))
        .containsInAnyOrder("2010-12-01.csv.gz damaged_file");
    PAssert.thatSingleton(out.get(ReadInvoices.RECORDS).apply(Count.globally()))
        .satisfies(
            n -> {
              assertThat(n, greaterThan(500L));
              assertThat(n, lessThan(2000L));
              return null;
            });
    pipeline.run();
  }

  @Test
  public void readsRealLinesAsTheyAreIncludingQuotedCommasAndDecimalCustomerIds() throws Exception {
    String quoted = TestData.realLine("2010-12", "\"");
    String first = TestData.realLine("2010-12", "536365,85123A");
    TestData.write(
        folder.getRoot().toPath().resolve("2010-12-01.csv"),
        TestData.HEADER + "\n" + first + "\n" + quoted + "\n");

    PCollectionTuple out = read(folder.getRoot() + "/*.csv");

    PAssert.that(out.get(ReadInvoices.REJECTS)).empty();
    PAssert.that(out.get(ReadInvoices.RECORDS))
        .satisfies(
            records -> {
              for (SourceRecord r : records) {
                if (r.lineNumber == 2) {
                  assertEquals("17850.0", r.field("customer_id"));
                  assertEquals("WHITE HANGING HEART T-LIGHT HOLDER", r.field("description"));
                  assertEquals(first, r.record);
                } else {
                  assertEquals(3, r.lineNumber);
                  assertThat(r.field("description"), containsString(","));
                  assertEquals(quoted, r.record);
                }
              }
              return null;
            });
    PAssert.that(out.get(ReadInvoices.RECORDS).apply(Count.globally())).containsInAnyOrder(2L);
    pipeline.run();
  }

  /** Same-named files of two folders of one delivery are told apart in the rejects. */
  @Test
  public void recordsNameTheirFileRelativeToThePatternsRoot() throws Exception {
    String line = TestData.realLine("2010-12", "536365,85123A");
    for (String shop : List.of("north", "south")) {
      TestData.write(
          java.nio.file.Files.createDirectories(
                  folder.getRoot().toPath().resolve("landing/" + shop))
              .resolve("2010-12-01.csv"),
          TestData.HEADER + "\n" + line + "\n");
    }
    PCollectionTuple out = read(folder.getRoot() + "/landing/*/2010-12-01.csv");
    PAssert.that(
            out.get(ReadInvoices.RECORDS)
                .apply(MapElements.into(TypeDescriptors.strings()).via(r -> r.source)))
        .containsInAnyOrder("north/2010-12-01.csv", "south/2010-12-01.csv");
    pipeline.run();
  }

  @Test
  public void readsEveryLineOfGzipFilesMatchedByAGlob() {
    PCollectionTuple out = read(TestData.ONLINE_RETAIL + "/online-retail-2010-1*.csv.gz");
    PAssert.that(out.get(ReadInvoices.RECORDS).apply(Count.globally())).containsInAnyOrder(42481L);
    PAssert.that(out.get(ReadInvoices.FACTS).apply(Sum.longsPerKey()))
        .containsInAnyOrder(KV.of("files_read", 1L), KV.of("read", 42481L));
    pipeline.run();
  }

  @Test
  public void dirtyFilesBecomeRejectsOrFactsNeverErrors() throws Exception {
    Path dir = folder.getRoot().toPath();
    String good = TestData.realLine("2010-12", "536365,85123A");
    TestData.write(dir.resolve("empty.csv"), "");
    TestData.write(
        dir.resolve("wrong-header.csv"), "Invoice,Stock,Qty\n" + good + "\n" + good + "\n");
    TestData.write(
        dir.resolve("truncated.csv"),
        TestData.HEADER + "\n" + good + "\n536365,71053,\"WHITE METAL LAN");
    TestData.writeGzip(
        dir.resolve("short.csv.gz"), TestData.HEADER + "\n536365,71053,WHITE METAL LANTERN,6\n");

    PCollectionTuple out = read(dir + "/*");

    PCollection<String> reasons =
        out.get(ReadInvoices.REJECTS)
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via((Reject r) -> r.source + ":" + r.lineNumber + " " + r.reason));
    PAssert.that(reasons)
        .containsInAnyOrder(
            "wrong-header.csv:1 wrong_header",
            "wrong-header.csv:2 wrong_header",
            "wrong-header.csv:3 wrong_header",
            "truncated.csv:3 malformed_record",
            "short.csv.gz:2 malformed_record");
    PAssert.that(out.get(ReadInvoices.REJECTS))
        .satisfies(
            rejects -> {
              for (Reject r : rejects) {
                if (r.source.equals("truncated.csv")) {
                  assertEquals("536365,71053,\"WHITE METAL LAN", r.record);
                }
                if (r.reason.equals("wrong_header")) {
                  assertThat(r.detail, containsString("CustomerID"));
                }
              }
              return null;
            });
    PAssert.that(out.get(ReadInvoices.RECORDS).apply(Count.globally())).containsInAnyOrder(1L);
    PAssert.that(out.get(ReadInvoices.FACTS).apply(Sum.longsPerKey()))
        // Records read: the one kept and the five rejected.
        .containsInAnyOrder(
            List.of(KV.of("files_read", 4L), KV.of("empty_files", 1L), KV.of("read", 6L)));
    pipeline.run();
  }

  /**
   * A file without a header, or whose header names a mapped column twice, has every line rejected,
   * its first line included; a field with a NUL or another control character is a reject.
   */
  @Test
  public void unusableHeadersAndControlCharactersAreRejectsForEveryLine() throws Exception {
    Path dir = folder.getRoot().toPath();
    String good = TestData.realLine("2010-12", "536365,85123A");
    String other = TestData.realLine("2010-12", "536365,71053");
    TestData.write(dir.resolve("no-header.csv"), good + "\n" + other + "\n");
    TestData.write(dir.resolve("twice.csv"), TestData.HEADER + ",Quantity\n" + good + ",6\n");
    TestData.write(
        dir.resolve("nul.csv"),
        TestData.HEADER
            + "\n"
            + good.replace("WHITE HANGING", "WHITE\u0000HANGING")
            + "\n"
            + other
            + "\n");

    PCollectionTuple out = read(dir + "/*");
    PAssert.that(
            out.get(ReadInvoices.REJECTS)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via((Reject r) -> r.source + ":" + r.lineNumber + " " + r.reason)))
        .containsInAnyOrder(
            "no-header.csv:1 wrong_header",
            "no-header.csv:2 wrong_header",
            "twice.csv:1 wrong_header",
            "twice.csv:2 wrong_header",
            "nul.csv:2 control_character");
    PAssert.that(
            out.get(ReadInvoices.RECORDS)
                .apply(
                    "RecordLines",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.source + ":" + r.lineNumber)))
        .containsInAnyOrder("nul.csv:3");
    pipeline.run();
  }

  /** A real line of the bundled data as a JSON object of its columns, numbers unquoted. */
  private static String asJson(String csvLine) throws IOException {
    List<String> names = List.of(TestData.HEADER.split(","));
    List<String> values =
        new CsvRecordReader(new StringReader(csvLine), ',', 1 << 20).next().fields;
    ObjectNode object = new ObjectMapper().createObjectNode();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.equals("Quantity") || name.equals("UnitPrice") || name.equals("CustomerID")) {
        object.set(name, new ObjectMapper().readTree(values.get(i)));
      } else {
        object.put(name, values.get(i));
      }
    }
    return object.toString();
  }

  @Test
  public void readsJsonLinesByFieldNameAndRejectsLinesThatAreNotObjects() throws Exception {
    String first = asJson(TestData.realLine("2010-12", "536365,85123A"));
    String quoted = asJson(TestData.realLine("2010-12", "\""));
    String broken = first.substring(0, first.length() - 10);
    TestData.writeGzip(
        folder.getRoot().toPath().resolve("2010-12-01.jsonl.gz"),
        first + "\r\n" + broken + "\n\n[" + quoted + "]\n" + quoted + "\n");
    PipelineConfig.Source source = TestData.onlineRetail().source;
    source.format = SourceFormat.JSONL;

    PCollectionTuple out =
        pipeline.apply(
            new ReadInvoiceFiles(folder.getRoot() + "/*.jsonl.gz", source, OnDamagedFile.FAIL));

    PAssert.that(
            out.get(ReadInvoices.REJECTS)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (Reject r) ->
                                r.lineNumber + " " + r.reason + " " + r.detail.split(":")[0])))
        .containsInAnyOrder(
            "2 malformed_record not valid JSON", "4 malformed_record not a JSON object");
    PAssert.that(
            out.get(ReadInvoices.REJECTS)
                .apply(
                    "RejectedText", MapElements.into(TypeDescriptors.strings()).via(r -> r.record)))
        .containsInAnyOrder(broken, "[" + quoted + "]");
    PAssert.that(out.get(ReadInvoices.RECORDS))
        .satisfies(
            records -> {
              for (SourceRecord r : records) {
                if (r.lineNumber == 1) {
                  assertEquals("17850.0", r.field("customer_id"));
                  assertEquals("2.55", r.field("unit_price"));
                  assertEquals("6", r.field("quantity"));
                  assertEquals("2010-12-01 08:26:00", r.field("invoice_ts"));
                  assertEquals(first, r.record);
                } else {
                  assertEquals(5, r.lineNumber);
                  assertThat(r.field("description"), containsString(","));
                }
              }
              return null;
            });
    PAssert.that(
            out.get(ReadInvoices.LINES)
                .apply("LineTerms", MapElements.into(TypeDescriptors.strings()).via(KV::toString)))
        .containsInAnyOrder(
            "KV{KV{2010-12-01.jsonl.gz, lines}, 5}",
            "KV{KV{2010-12-01.jsonl.gz, header}, 0}",
            "KV{KV{2010-12-01.jsonl.gz, blank}, 1}",
            "KV{KV{2010-12-01.jsonl.gz, continuation}, 0}");
    pipeline.run();
  }
}
