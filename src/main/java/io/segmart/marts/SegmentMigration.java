package io.segmart.marts;

import io.segmart.common.RowBuilder;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SegmentScheme;
import io.segmart.model.SegmentedCustomer;
import io.segmart.quality.MartTests;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * segment_migration: for each pair of consecutive snapshots of segment_history and for both segment
 * schemes (rfm, rf_grid), how many customers went from each segment to each other. A customer with
 * no earlier segment (first order since the earlier snapshot) has an empty from_segment, so the
 * customers of each pair and scheme add up to those of the later snapshot.
 */
public class SegmentMigration extends Mart {
  public static final String NAME = "segment_migration";
  static final String RFM = "rfm";
  static final String RF_GRID = "rf_grid";

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
    return TableLayout.table().partitionedBy("to_as_of").clusteredBy("scheme");
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
    return inputs
        .history
        .apply("SegmentsPerCustomer", ParDo.of(new SegmentsFn()))
        .setCoder(
            KvCoder.of(
                StringUtf8Coder.of(),
                KvCoder.of(
                    VarLongCoder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))))
        .apply("HistoryPerCustomer", GroupByKey.create())
        .apply("Moves", ParDo.of(new MovesFn(snapshotDays)).withSideInputs(snapshotDays))
        .setCoder(KvCoder.of(ListCoder.of(StringUtf8Coder.of()), VarLongCoder.of()))
        .apply("CountMoves", Sum.longsPerKey())
        .apply("ToMigrationRows", ParDo.of(new ToRowFn()))
        .setRowSchema(SCHEMA);
  }

  /** A customer's segments of one snapshot: (customer, (as-of day, (rfm, rf grid))). */
  static class SegmentsFn
      extends DoFn<SegmentedCustomer, KV<String, KV<Long, KV<String, String>>>> {
    @ProcessElement
    public void process(
        @Element SegmentedCustomer c,
        OutputReceiver<KV<String, KV<Long, KV<String, String>>>> out) {
      out.output(
          KV.of(c.metrics.customerId, KV.of(c.metrics.asOfDay, KV.of(c.rfmSegment, c.rfSegment))));
    }
  }

  /**
   * One customer's moves: per snapshot after the first, ([from day, to day, scheme, from segment or
   * "", to segment], 1).
   */
  static class MovesFn
      extends DoFn<KV<String, Iterable<KV<Long, KV<String, String>>>>, KV<List<String>, Long>> {
    private final PCollectionView<List<Long>> snapshotDays;

    MovesFn(PCollectionView<List<Long>> snapshotDays) {
      this.snapshotDays = snapshotDays;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<KV<Long, KV<String, String>>>> customer,
        OutputReceiver<KV<List<String>, Long>> out,
        ProcessContext context) {
      Map<Long, KV<String, String>> segments = new TreeMap<>();
      customer.getValue().forEach(s -> segments.put(s.getKey(), s.getValue()));
      List<Long> days = context.sideInput(snapshotDays);
      for (int i = 1; i < days.size(); i++) {
        KV<String, String> to = segments.get(days.get(i));
        if (to == null) {
          continue;
        }
        KV<String, String> from = segments.get(days.get(i - 1));
        String fromDay = String.valueOf(days.get(i - 1));
        String toDay = String.valueOf(days.get(i));
        out.output(
            KV.of(
                List.of(fromDay, toDay, RFM, from == null ? "" : from.getKey(), to.getKey()), 1L));
        out.output(
            KV.of(
                List.of(
                    fromDay, toDay, RF_GRID, from == null ? "" : from.getValue(), to.getValue()),
                1L));
      }
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
