package io.segmart.io.csv;

import io.segmart.marts.FileLayout;
import io.segmart.marts.Mart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
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
 */
public class WriteCsvMarts extends PTransform<PCollectionTuple, PDone> {
  private static final KvCoder<String, KV<String, String>> LINE_CODER =
      KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

  private final String output;
  private final List<Mart> marts;
  private final boolean spreadsheetSafe;
  private final @Nullable PCollectionView<?> after;

  /**
   * Writes each of {@code marts}, which the input holds under {@link Mart#tag}; with {@code
   * spreadsheetSafe}, safe to open in a spreadsheet even when a mart itself keeps values exactly;
   * with {@code after}, only once that side input is ready.
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
      ParDo.SingleOutput<Row, KV<String, KV<String, String>>> toLines =
          ParDo.of(new CsvLinesFn(name, layout, after));
      lines.add(
          input
              .get(Mart.tag(name))
              .apply("ToCsvLines_" + name, after == null ? toLines : toLines.withSideInputs(after))
              .setCoder(LINE_CODER));
      if (layout.partition() == null) {
        // An empty line makes the file exist, header only, when the mart has no rows.
        markers.add(KV.of(name + "/" + name + ".csv", KV.of("", "")));
      }
    }
    if (!markers.isEmpty()) {
      lines.add(input.getPipeline().apply("EnsureFiles", Create.of(markers).withCoder(LINE_CODER)));
    }
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
                            new SortedCsvSink(headers.get(file.substring(0, file.indexOf('/'))))))
                .to(output)
                .withNaming(file -> (window, pane, numShards, shardIndex, compression) -> file)
                .withNumShards(1));
    return PDone.in(input.getPipeline());
  }

  /** A row as (mart/file, (sort key, CSV line)). */
  static class CsvLinesFn extends DoFn<Row, KV<String, KV<String, String>>> {
    private final String mart;
    private final @Nullable SerializableFunction<Row, String> partition;
    private final SerializableFunction<Row, String> sortKey;
    private final CsvFormat csv;
    private final @Nullable PCollectionView<?> after;

    CsvLinesFn(String mart, FileLayout layout, @Nullable PCollectionView<?> after) {
      this.mart = mart;
      this.partition = layout.partition();
      this.sortKey = layout.sortKey();
      this.csv = new CsvFormat(layout.isSpreadsheetSafe());
      this.after = after;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      if (after != null) {
        context.sideInput(after);
      }
      Row row = context.element();
      String file =
          partition == null
              ? mart + "/" + mart + ".csv"
              : mart + "/" + mart + "-" + partition.apply(row) + ".csv";
      context.output(KV.of(file, KV.of(sortKey.apply(row), csv.line(row))));
    }
  }
}
