package io.segmart.io.csv;

import io.segmart.marts.FileLayout;
import io.segmart.marts.Mart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes marts as folders of CSV files with a header row, byte for byte the same on every rerun:
 * each mart's rows go to one file per partition (e.g. one per day) under {@code <output>/<mart>/}
 * and are sorted by a sort key within it (see {@link SortedCsvSink}), so neither shard layout nor
 * arrival order reaches the output. A mart without partitions is one file that is written even when
 * it has no rows. Every mart goes through one file write, whose steps the graph then has once.
 *
 * <p>A write that must wait for a signal (the data tests) writes its files into a hidden folder
 * under the output, {@value #PENDING}, at once, and then moves each into place once the signal is
 * ready. Only the list of written files waits: a step that holds back every row until a side input
 * is ready makes the DirectRunner retry that whole bundle, with its immutability checks, over and
 * over while it waits.
 */
public class WriteCsvMarts extends PTransform<PCollectionTuple, PDone> {
  /** The folder under the output where files wait for the signal, hidden from readers. */
  public static final String PENDING = ".pending";

  private static final KvCoder<String, KV<String, String>> LINE_CODER =
      KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

  private final String output;
  private final List<Mart> marts;
  private final boolean spreadsheetSafe;
  private final @Nullable PCollectionView<?> after;

  /**
   * Writes each of {@code marts}, which the input holds under {@link Mart#tag}; with {@code
   * spreadsheetSafe}, safe to open in a spreadsheet even when a mart itself keeps values exactly;
   * with {@code after}, moved into place only once that side input is ready.
   */
  public WriteCsvMarts(
      String output,
      List<Mart> marts,
      boolean spreadsheetSafe,
      @Nullable PCollectionView<?> after) {
    this.output = output;
    this.marts = marts;
    this.spreadsheetSafe = spreadsheetSafe;
    this.after = after;
  }

  @Override
  public PDone expand(PCollectionTuple input) {
    List<PCollection<KV<String, KV<String, String>>>> lines = new ArrayList<>();
    List<KV<String, KV<String, String>>> markers = new ArrayList<>();
    Map<String, String> headers = new HashMap<>();
    for (Mart mart : marts) {
      String name = mart.name();
      FileLayout layout = spreadsheetSafe ? mart.files().spreadsheetSafe() : mart.files();
      headers.put(name, CsvFormat.header(mart.schema()));
      lines.add(
          input
              .get(Mart.tag(name))
              .apply("ToCsvLines_" + name, ParDo.of(new CsvLinesFn(name, layout)))
              .setCoder(LINE_CODER));
      if (layout.partition() == null) {
        // An empty line makes the file exist, header only, when the mart has no rows.
        markers.add(KV.of(name + "/" + name + ".csv", KV.of("", "")));
      }
    }
    if (!markers.isEmpty()) {
      lines.add(input.getPipeline().apply("EnsureFiles", Create.of(markers).withCoder(LINE_CODER)));
    }
    WriteFilesResult<String> written =
        PCollectionList.of(lines)
            .apply("AllCsvLines", Flatten.pCollections())
            .apply(
                "WriteFiles",
                FileIO.<String, KV<String, KV<String, String>>>writeDynamic()
                    .by(KV::getKey)
                    .withDestinationCoder(StringUtf8Coder.of())
                    .via(
                        Contextful.fn(KV::getValue),
                        Contextful.fn(
                            file ->
                                new SortedCsvSink(
                                    headers.get(file.substring(0, file.indexOf('/'))))))
                    .to(after == null ? output : folder(output, PENDING).toString())
                    .withNaming(file -> (window, pane, numShards, shardIndex, compression) -> file)
                    .withNumShards(1));
    if (after != null) {
      written
          .getPerDestinationOutputFilenames()
          .apply("PublishFiles", ParDo.of(new PublishFn(output, after)).withSideInputs(after));
    }
    return PDone.in(input.getPipeline());
  }

  /** A row as (mart/file, (sort key, CSV line)). */
  static class CsvLinesFn extends DoFn<Row, KV<String, KV<String, String>>> {
    private final String mart;
    private final @Nullable SerializableFunction<Row, String> partition;
    private final SerializableFunction<Row, String> sortKey;
    private final CsvFormat csv;

    CsvLinesFn(String mart, FileLayout layout) {
      this.mart = mart;
      this.partition = layout.partition();
      this.sortKey = layout.sortKey();
      this.csv = new CsvFormat(layout.isSpreadsheetSafe());
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<String, KV<String, String>>> out) {
      String file =
          partition == null
              ? mart + "/" + mart + ".csv"
              : mart + "/" + mart + "-" + partition.apply(row) + ".csv";
      out.output(KV.of(file, KV.of(sortKey.apply(row), csv.line(row))));
    }
  }

  private static ResourceId folder(String output, String name) {
    return FileSystems.matchNewResource(output, true)
        .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /**
   * Moves a written file (mart/file, path) from the pending folder to {@code <output>/mart/file}
   * once {@code after} is ready. A file already moved by an earlier attempt is skipped.
   */
  static class PublishFn extends DoFn<KV<String, String>, Void> {
    private final String output;
    private final PCollectionView<?> after;

    PublishFn(String output, PCollectionView<?> after) {
      this.output = output;
      this.after = after;
    }

    @ProcessElement
    public void process(ProcessContext context) throws IOException {
      context.sideInput(after);
      String file = context.element().getKey();
      int slash = file.indexOf('/');
      ResourceId target =
          folder(output, file.substring(0, slash))
              .resolve(file.substring(slash + 1), StandardResolveOptions.RESOLVE_FILE);
      FileSystems.rename(
          List.of(FileSystems.matchNewResource(context.element().getValue(), false)),
          List.of(target),
          MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }
}
