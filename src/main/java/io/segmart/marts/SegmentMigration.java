package io.segmart.marts;

import io.segmart.common.RowBuilder;
import io.segmart.common.SchemaCoders;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SegmentScheme;
import io.segmart.model.CustomerSegments;
import io.segmart.quality.MartTests;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * segment_migration: for each pair of consecutive snapshots of segment_history and for both segment
 * schemes (rfm, rf_grid), how many customers went from each segment to each other. A customer with
 * no earlier segment (first order since the earlier snapshot) has an empty from_segment, so the
 * customers of each pair and scheme add up to those of the later snapshot. An incremental run
 * counts the moves from the previous run's snapshot, whose segments that run kept, to its own.
 */
public class SegmentMigration extends Mart {
  public static final String NAME = "segment_migration";
  static final String RFM = "rfm";
  static final String RF_GRID = "rf_grid";

  /**
   * Buckets of customers the snapshots are grouped by: each customer's snapshots meet in one
   * bucket, and there are a few hundred groups rather than one per customer, which the DirectRunner
   * would each make a bundle of.
   */
  private static final int BUCKETS = 256;

  public static final Schema SCHEMA =
      Schema.builder()
          .addLogicalTypeField("from_as_of", SqlTypes.DATE)
          .addLogicalTypeField("to_as_of", SqlTypes.DATE)
          .addStringField("scheme")
          .addNullableField("from_segment", FieldType.STRING)
          .addStringField("to_segment")
          .addInt64Field("customers")
          .build();

  public SegmentMigration(PipelineConfig config) {
    super(NAME, config);
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public FileLayout files() {
    return FileLayout.oneFile(
        row ->
            String.join(
                "\u0000",
                row.getValue("to_as_of").toString(),
                row.getString("scheme"),
                String.valueOf(row.getString("from_segment")),
                row.getString("to_segment")));
  }

  @Override
  public TableLayout table() {
    return TableLayout.table().snapshotsBy("to_as_of").clusteredBy("scheme");
  }

  @Override
  public void tests(MartTests tests) {
    Set<String> segments = new HashSet<>(new SegmentScheme(config.segments.rfm).segments());
    segments.addAll(new SegmentScheme(config.segments.rfGrid).segments());
    tests
        .notNull("from_as_of", "to_as_of", "scheme", "to_segment", "customers")
        .acceptedValues("scheme", Set.of(RFM, RF_GRID))
        .acceptedValues("to_segment", segments)
        .between("customers", 1, Integer.MAX_VALUE)
        .sumPerGroupEqualsRowsOf(
            "customers", List.of("to_as_of", "scheme"), SegmentHistory.NAME, "as_of");
  }

  @Override
  public PCollection<Row> expand(MartInputs inputs) {
    PCollectionView<List<Long>> snapshotDays = inputs.snapshotDays;
    Coder<CustomerSegments> coder = SchemaCoders.of(inputs.getPipeline(), CustomerSegments.class);
    PCollectionList<CustomerSegments> segments =
        PCollectionList.of(
            inputs
                .history
                .apply(
                    "Segments",
                    MapElements.into(TypeDescriptor.of(CustomerSegments.class))
                        .via(CustomerSegments::of))
                .setCoder(coder));
    if (inputs.previousSegments != null) {
      segments = segments.and(inputs.previousSegments);
    }
    return segments
        .apply("WithPreviousSnapshot", Flatten.pCollections())
        .apply(
            "ByBucketOfCustomers",
            WithKeys.of((CustomerSegments c) -> Math.floorMod(c.customerId.hashCode(), BUCKETS)))
        .setCoder(KvCoder.of(VarIntCoder.of(), coder))
        .apply("HistoryPerBucket", GroupByKey.create())
        .apply("Moves", ParDo.of(new MovesFn(snapshotDays)).withSideInputs(snapshotDays))
        .setCoder(KvCoder.of(ListCoder.of(StringUtf8Coder.of()), VarLongCoder.of()))
        .apply("CountMoves", Sum.longsPerKey())
        .apply("ToMigrationRows", ParDo.of(new ToRowFn()))
        .setRowSchema(SCHEMA);
  }

  /**
   * The moves of a bucket of customers: per pair of consecutive snapshots, scheme and segments
   * (before or "", after), how many of the bucket's customers made that move.
   */
  static class MovesFn
      extends DoFn<KV<Integer, Iterable<CustomerSegments>>, KV<List<String>, Long>> {
    private final PCollectionView<List<Long>> snapshotDays;

    MovesFn(PCollectionView<List<Long>> snapshotDays) {
      this.snapshotDays = snapshotDays;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<CustomerSegments>> bucket,
        OutputReceiver<KV<List<String>, Long>> out,
        ProcessContext context) {
      Map<String, Map<Long, CustomerSegments>> customers = new HashMap<>();
      for (CustomerSegments s : bucket.getValue()) {
        customers.computeIfAbsent(s.customerId, c -> new HashMap<>()).put(s.asOfDay, s);
      }
      List<Long> days = context.sideInput(snapshotDays);
      Map<List<String>, Long> moves = new HashMap<>();
      for (Map<Long, CustomerSegments> segments : customers.values()) {
        for (int i = 1; i < days.size(); i++) {
          CustomerSegments to = segments.get(days.get(i));
          if (to == null) {
            continue;
          }
          CustomerSegments from = segments.get(days.get(i - 1));
          String fromDay = String.valueOf(days.get(i - 1));
          String toDay = String.valueOf(days.get(i));
          moves.merge(
              List.of(fromDay, toDay, RFM, from == null ? "" : from.rfmSegment, to.rfmSegment),
              1L,
              Long::sum);
          moves.merge(
              List.of(fromDay, toDay, RF_GRID, from == null ? "" : from.rfSegment, to.rfSegment),
              1L,
              Long::sum);
        }
      }
      moves.forEach((move, n) -> out.output(KV.of(move, n)));
    }
  }

  static class ToRowFn extends DoFn<KV<List<String>, Long>, Row> {
    @ProcessElement
    public void process(@Element KV<List<String>, Long> move, OutputReceiver<Row> out) {
      List<String> key = move.getKey();
      out.output(
          RowBuilder.of(SCHEMA)
              .set("from_as_of", LocalDate.ofEpochDay(Long.parseLong(key.get(0))))
              .set("to_as_of", LocalDate.ofEpochDay(Long.parseLong(key.get(1))))
              .set("scheme", key.get(2))
              .set("from_segment", key.get(3).isEmpty() ? null : key.get(3))
              .set("to_segment", key.get(4))
              .set("customers", move.getValue())
              .build());
    }
  }
}
