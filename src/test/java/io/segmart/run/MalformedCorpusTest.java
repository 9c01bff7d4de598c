package io.segmart.run;

import static org.junit.Assert.assertEquals;

import io.segmart.io.ReadInvoices;
import io.segmart.model.Reject;
import io.segmart.options.OnDamagedFile;
import io.segmart.options.SegmentationOptions;
import io.segmart.staging.DropDuplicates;
import io.segmart.staging.Staging;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * The malformed-input corpus (src/test/resources/malformed/files: small files made from real Online
 * Retail lines, each with one kind of damage) read, cleaned and deduplicated together with the
 * Online Retail rules and {@code --onDamagedFile=reject}: each file's line accounting and rejects
 * per reason are those listed in malformed/expected.csv, and every line of every file is accounted
 * for.
 */
public class MalformedCorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/malformed").toAbsolutePath();
  private static final List<String> TERMS =
      List.of(
          ReadInvoices.LINES_READ,
          ReadInvoices.HEADER,
          ReadInvoices.BLANK,
          ReadInvoices.CONTINUATION,
          DropDuplicates.KEPT,
          LineAccounting.REJECTED,
          DropDuplicates.DROPPED,
          LineAccounting.DAMAGED);

  /** Per key where the two differ, "expected -> actual". */
  private static Map<String, String> differences(
      Map<String, Long> expected, Map<String, Long> actual) {
    Map<String, String> differences = new TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
        differences.put(key, expected.get(key) + " -> " + actual.get(key));
      }
    }
    return differences;
  }

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void everyFileIsAccountedForAsExpected() throws IOException {
    Map<String, Long> expectedFacts = new TreeMap<>();
    Map<String, Long> expectedReasons = new TreeMap<>();
    List<String> rows = Files.readAllLines(CORPUS.resolve("expected.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",", -1);
      for (int i = 0; i < TERMS.size(); i++) {
        long count = Long.parseLong(cells[i + 1]);
        if (count != 0) {
          expectedFacts.put(SummaryKeys.input(cells[0], TERMS.get(i)), count);
        }
      }
      long damaged = Long.parseLong(cells[TERMS.size()]);
      if (damaged > 0) {
        expectedReasons.put(cells[0] + " damaged_file", damaged);
      }
      for (String reason : cells[TERMS.size() + 1].split(";")) {
        if (!reason.isEmpty()) {
          String[] nameCount = reason.split(":");
          expectedReasons.put(cells[0] + " " + nameCount[0], Long.parseLong(nameCount[1]));
        }
      }
    }
    assertEquals("files in the corpus", 58, rows.size() - 1);

    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(CORPUS + "/files/*");
    options.setOnDamagedFile(OnDamagedFile.REJECT);
    PCollectionTuple staged =
        pipeline.apply("Staging", new Staging(TestData.onlineRetail(), options, null));
    PCollectionTuple accounting = staged.apply("Accounting", new LineAccounting());

    PAssert.that(accounting.get(LineAccounting.FACTS))
        .satisfies(
            facts -> {
              Map<String, Long> nonZero = new TreeMap<>();
              facts.forEach(
                  f -> {
                    if (f.getValue() != 0) {
                      nonZero.put(f.getKey(), f.getValue());
                    }
                  });
              assertEquals(differences(expectedFacts, nonZero), Map.of());
              return null;
            });
    PCollection<KV<String, Long>> reasons =
        staged
            .get(Staging.REJECTS)
            .apply(
                "FileAndReason",
                MapElements.into(TypeDescriptors.strings())
                    .via((Reject r) -> r.source + " " + r.reason))
            .apply("CountPerFileAndReason", Count.perElement());
    PAssert.that(reasons)
        .satisfies(
            counts -> {
              Map<String, Long> actual = new TreeMap<>();
              counts.forEach(c -> actual.put(c.getKey(), c.getValue()));
              expectedReasons.forEach((k, v) -> actual.putIfAbsent(k, 0L));
              assertEquals(differences(expectedReasons, actual), Map.of());
              return null;
            });
    PAssert.that(accounting.get(LineAccounting.TESTS))
        .containsInAnyOrder(KV.of(LineAccounting.TEST, 0L));
    pipeline.run();
  }
}
