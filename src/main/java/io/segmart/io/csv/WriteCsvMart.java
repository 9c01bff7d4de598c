package io.segmart.io.csv;

import io.segmart.marts.FileLayout;
import io.segmart.marts.Mart;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.Schema;
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
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * Writes a mart as a folder of CSV files with a header row, byte for byte the same on every rerun:
 * rows go to one file per partition (e.g. one per day) and are sorted by a sort key within it (see
 * {@link SortedCsvSink}), so neither shard layout nor arrival order reaches the output. A mart
 * without partitions is one file that is written even when it has no rows.
 */
public class WriteCsvMart extends PTransform<PCollection<Row>, PDone> {
  private final String folder;
  private final String name;
  private final Schema schema;
  private final FileLayout layout;

  /**
   * Writes {@code mart} as {@code <output>/<name>/}, laid out as the mart declares; with {@code
   * spreadsheetSafe}, safe to open in a spreadsheet even when the mart itself keeps values exactly.
   */
  public WriteCsvMart(String output, Mart mart, boolean spreadsheetSafe) {
    this.folder = output.endsWith("/") ? output + mart.name() : output + "/" + mart.name();
    this.name = mart.name();
    this.schema = mart.schema();
    this.layout = spreadsheetSafe ? mart.files().spreadsheetSafe() : mart.files();
  }

  @Override
  public PDone expand(PCollection<Row> rows) {
    SerializableFunction<Row, String> partitionFn = layout.partition();
    SerializableFunction<Row, String> sortKeyFn = layout.sortKey();
    CsvFormat csv = new CsvFormat(layout.isSpreadsheetSafe());
    String martName = name;
    KvCoder<String, KV<String, String>> coder =
        KvCoder.of(StringUtf8Coder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollection<KV<String, KV<String, String>>> lines =
        rows.apply(
                "ToCsvLines",
                ParDo.of(
                    new DoFn<Row, KV<String, KV<String, String>>>() {
                      @ProcessElement
                      public void process(
                          @Element Row row, OutputReceiver<KV<String, KV<String, String>>> out) {
                        String file =
                            partitionFn == null
                                ? martName + ".csv"
                                : martName + "-" + partitionFn.apply(row) + ".csv";
                        out.output(KV.of(file, KV.of(sortKeyFn.apply(row), csv.line(row))));
                      }
                    }))
            .setCoder(coder);
    if (partitionFn == null) {
      // An empty line makes the file exist, header only, when the mart has no rows.
      PCollection<KV<String, KV<String, String>>> marker =
          rows.getPipeline()
              .apply(
                  "EnsureFile",
                  Create.of(KV.of(martName + ".csv", KV.of("", ""))).withCoder(coder));
      lines = PCollectionList.of(lines).and(marker).apply("WithMarker", Flatten.pCollections());
    }
    String header = CsvFormat.header(schema);
    lines.apply(
        "WriteFiles",
        FileIO.<String, KV<String, KV<String, String>>>writeDynamic()
            .by(KV::getKey)
            .withDestinationCoder(StringUtf8Coder.of())
            .via(Contextful.fn(KV::getValue), Contextful.fn(file -> new SortedCsvSink(header)))
            .to(folder)
            .withNaming(file -> (window, pane, numShards, shardIndex, compression) -> file)
            .withNumShards(1));
    return PDone.in(rows.getPipeline());
  }
}
