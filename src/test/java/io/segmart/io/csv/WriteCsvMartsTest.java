package io.segmart.io.csv;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.segmart.marts.Mart;
import io.segmart.marts.RejectsMart;
import io.segmart.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Marts written after a signal (the data tests): their files are written at once into the pending
 * folder, and reach their place under the output only once the signal is ready; never when the step
 * that gives the signal fails. On the DirectRunner, which runs steps as their inputs allow.
 */
public class WriteCsvMartsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static final RejectsMart REJECTS = new RejectsMart(TestData.onlineRetail());
  private static final String FILE = "rejects/rejects-malformed_record-2010-12-01.csv";

  private PCollectionTuple rejectRows() {
    Row row =
        Row.withSchema(REJECTS.schema())
            .addValues("malformed_record", "has 4 fields", "2010-12-01.csv", 2L, "a,b,c,d")
            .build();
    return PCollectionTuple.of(
        Mart.tag(RejectsMart.NAME),
        pipeline.apply("Rows", Create.of(row).withRowSchema(REJECTS.schema())));
  }

  @Test
  public void filesReachTheirPlaceOnceTheSignalIsReady() throws Exception {
    Path output = folder.newFolder("out").toPath();
    PCollectionView<Iterable<Integer>> signal =
        pipeline.apply("Signal", Create.of(1)).apply("SignalView", View.asIterable());
    rejectRows().apply(new WriteCsvMarts(output.toString(), List.of(REJECTS), false, signal));
    pipeline.run().waitUntilFinish();

    assertEquals(
        List.of(
            "reason,detail,source,line_number,record",
            "malformed_record,has 4 fields,2010-12-01.csv,2,\"a,b,c,d\""),
        Files.readAllLines(output.resolve(FILE)));
    assertEquals("no file left pending", List.of(), files(output.resolve(WriteCsvMarts.PENDING)));
  }

  @Test
  public void noFileReachesItsPlaceWhenTheSignalFails() throws Exception {
    Path output = folder.newFolder("out").toPath();
    Path pending = output.resolve(WriteCsvMarts.PENDING).resolve(FILE);
    PCollectionView<Iterable<Integer>> signal =
        pipeline
            .apply("Signal", Create.of(1))
            .apply(
                "FailOnceWritten", ParDo.of(new FailOnceWrittenFn(pending, output.resolve(FILE))))
            .apply("SignalView", View.asIterable());
    rejectRows().apply(new WriteCsvMarts(output.toString(), List.of(REJECTS), false, signal));

    assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    assertTrue("the file was written, pending", Files.exists(pending));
    assertFalse("the file did not reach its place", Files.exists(output.resolve(FILE)));
  }

  /**
   * Fails as a data test fails after the writes: once the file is pending (or after a minute), and
   * once it has then had three seconds to be moved into place, which it must not be.
   */
  static class FailOnceWrittenFn extends DoFn<Integer, Integer> {
    private final String pending;
    private final String published;

    FailOnceWrittenFn(Path pending, Path published) {
      this.pending = pending.toString();
      this.published = published.toString();
    }

    @ProcessElement
    public void process() throws InterruptedException {
      for (int i = 0; i < 600 && !Files.exists(Path.of(pending)); i++) {
        Thread.sleep(100);
      }
      for (int i = 0; i < 30 && !Files.exists(Path.of(published)); i++) {
        Thread.sleep(100);
      }
      throw new IllegalStateException("a data test failed");
    }
  }

  private static List<Path> files(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }
}
