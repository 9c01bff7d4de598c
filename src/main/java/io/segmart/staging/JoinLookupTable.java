package io.segmart.staging;

import io.segmart.config.PipelineConfig;
import io.segmart.io.ReadInvoices;
import io.segmart.model.Reject;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceRecord;
import io.segmart.model.SourceRecordCoder;
import io.segmart.run.SummaryKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Joins the source's records to a lookup table (customers or products, from files or BigQuery as
 * the lines) by an id field: each record gets the fields the table maps from the table's row of its
 * id, in place of its own. A record whose id the table lacks keeps its own fields and is counted
 * ({@link SummaryKeys#withoutRow}); a record without an id passes as it is, for the cleaning rules
 * to judge. The table's rows are records of their own inputs: read, counted as {@link
 * SummaryKeys#TABLE_ROWS} and in their inputs' line accounting, and a row whose id an earlier row
 * (by file, then line) has is a {@link RejectReason#DUPLICATE_TABLE_KEY} reject. Input and output
 * have the tags of {@link ReadInvoices}: what was read, then the joined records with the table's
 * rejects, facts and lines added to the source's. The table's first rows are a side input (a map by
 * id) that each worker holds: sized for tables of customers or products, not of lines.
 */
public class JoinLookupTable extends PTransform<PCollectionTuple, PCollectionTuple> {
  /** Ids are grouped in this many buckets: a few large groups instead of one per id. */
  private static final int BUCKETS = 256;

  private final String name;
  private final String key;
  private final PipelineConfig.Source table;
  private final PTransform<PBegin, PCollectionTuple> readTable;

  /**
   * {@code name} names the table in the summary (customers), {@code key} the field both sides share
   * (customer_id); {@code readTable} reads the table's rows ({@link ReadInvoices#lookupTable}).
   */
  public JoinLookupTable(
      String name,
      String key,
      PipelineConfig.Source table,
      PTransform<PBegin, PCollectionTuple> readTable) {
    this.name = name;
    this.key = key;
    this.table = table;
    this.readTable = readTable;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple read) {
    PCollectionTuple rows = read.getPipeline().apply("Read", readTable);
    PCollectionTuple firstRows =
        rows.get(ReadInvoices.RECORDS)
            .apply("KeyRows", ParDo.of(new KeyFn(key)))
            .setCoder(BUCKETED)
            .apply("GroupRowsByIdBucket", GroupByKey.create())
            .apply(
                "FirstRowPerId",
                ParDo.of(new FirstRowFn(name, key))
                    .withOutputTags(
                        FIRST_ROWS,
                        TupleTagList.of(ReadInvoices.REJECTS)
                            .and(ReadInvoices.FACTS)
                            .and(ReadInvoices.LINES)));
    firstRows.get(FIRST_ROWS).setCoder(KvCoder.of(StringUtf8Coder.of(), SourceRecordCoder.of()));
    firstRows.get(ReadInvoices.LINES).setCoder(rows.get(ReadInvoices.LINES).getCoder());
    PCollectionView<Map<String, SourceRecord>> rowsById =
        firstRows.get(FIRST_ROWS).apply("RowsById", View.asMap());
    // The lines take the rows from a side input rather than through a grouping of their own: they
    // keep their place and time, and only the table is shuffled.
    PCollectionTuple joined =
        read.get(ReadInvoices.RECORDS)
            .apply(
                "Join",
                ParDo.of(new JoinFn(name, key, rowsById, table.columns.keySet()))
                    .withSideInputs(rowsById)
                    .withOutputTags(ReadInvoices.RECORDS, TupleTagList.of(ReadInvoices.FACTS)));
    joined.get(ReadInvoices.RECORDS).setCoder(SourceRecordCoder.of());
    return PCollectionTuple.of(ReadInvoices.RECORDS, joined.get(ReadInvoices.RECORDS))
        .and(ReadInvoices.REJECTS, all("AllRejects", ReadInvoices.REJECTS, read, rows, firstRows))
        .and(
            ReadInvoices.FACTS,
            PCollectionList.of(read.get(ReadInvoices.FACTS))
                .and(rows.get(ReadInvoices.FACTS))
                .and(firstRows.get(ReadInvoices.FACTS))
                .and(joined.get(ReadInvoices.FACTS))
                .apply("AllFacts", Flatten.pCollections()))
        .and(ReadInvoices.LINES, all("AllLines", ReadInvoices.LINES, read, rows, firstRows));
  }

  /** The first row of each id, by id. */
  private static final TupleTag<KV<String, SourceRecord>> FIRST_ROWS =
      new TupleTag<KV<String, SourceRecord>>() {};

  /** One tag's collections of the source, the table and the join, as one. */
  private static <T> PCollection<T> all(
      String step,
      TupleTag<T> tag,
      PCollectionTuple read,
      PCollectionTuple rows,
      PCollectionTuple joined) {
    return PCollectionList.of(read.get(tag))
        .and(rows.get(tag))
        .and(joined.get(tag))
        .apply(step, Flatten.pCollections());
  }

  private static final KvCoder<Integer, SourceRecord> BUCKETED =
      KvCoder.of(VarIntCoder.of(), SourceRecordCoder.of());

  /** The record's id as the join compares it: trimmed; null when it has none. */
  static String id(SourceRecord record, String key) {
    String id = record.field(key);
    return id == null || id.isBlank() ? null : id.trim();
  }

  /** Each record keyed by its id's bucket; records without an id in bucket 0. */
  static class KeyFn extends DoFn<SourceRecord, KV<Integer, SourceRecord>> {
    private final String key;

    KeyFn(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(
        @Element SourceRecord record, OutputReceiver<KV<Integer, SourceRecord>> out) {
      String id = id(record, key);
      out.output(KV.of(id == null ? 0 : Math.floorMod(id.hashCode(), BUCKETS), record));
    }
  }

  /**
   * Keeps the first row of each id (by file, then line) and rejects the others; counts the rows
   * kept per input and in all.
   */
  static class FirstRowFn
      extends DoFn<KV<Integer, Iterable<SourceRecord>>, KV<String, SourceRecord>> {
    private static final Comparator<SourceRecord> READING_ORDER =
        Comparator.comparing((SourceRecord r) -> r.source).thenComparingLong(r -> r.lineNumber);

    private final String name;
    private final String key;

    FirstRowFn(String name, String key) {
      this.name = name;
      this.key = key;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<SourceRecord>> bucket, MultiOutputReceiver out) {
      List<SourceRecord> rows = new ArrayList<>();
      bucket.getValue().forEach(rows::add);
      rows.sort(READING_ORDER);
      Map<String, SourceRecord> byId = new HashMap<>();
      Map<String, Long> keptPerInput = new HashMap<>();
      for (SourceRecord row : rows) {
        String id = id(row, key);
        SourceRecord first = id == null ? null : byId.putIfAbsent(id, row);
        if (first != null) {
          out.get(ReadInvoices.REJECTS)
              .output(
                  Reject.of(
                      RejectReason.DUPLICATE_TABLE_KEY,
                      String.format(
                          "%s %s has a row already (%s line %d)",
                          key.replace('_', ' '), id, first.source, first.lineNumber),
                      row));
        } else {
          keptPerInput.merge(row.source, 1L, Long::sum);
        }
      }
      byId.forEach((id, row) -> out.get(FIRST_ROWS).output(KV.of(id, row)));
      long kept = 0;
      for (Map.Entry<String, Long> input : keptPerInput.entrySet()) {
        out.get(ReadInvoices.LINES)
            .output(KV.of(KV.of(input.getKey(), DropDuplicates.KEPT), input.getValue()));
        kept += input.getValue();
      }
      out.get(ReadInvoices.FACTS).output(KV.of(SummaryKeys.TABLE_ROWS, kept));
      // So that the summary names the table even when every line has its row.
      out.get(ReadInvoices.FACTS).output(KV.of(SummaryKeys.withoutRow(name), 0L));
    }
  }

  /** Each line with the fields of its id's row in place of its own. */
  static class JoinFn extends DoFn<SourceRecord, SourceRecord> {
    private final String key;
    private final PCollectionView<Map<String, SourceRecord>> rowsById;
    private final List<String> fields;
    private final String withoutRow;

    JoinFn(
        String name,
        String key,
        PCollectionView<Map<String, SourceRecord>> rowsById,
        Iterable<String> mapped) {
      this.key = key;
      this.rowsById = rowsById;
      this.withoutRow = SummaryKeys.withoutRow(name);
      this.fields = new ArrayList<>();
      mapped.forEach(
          f -> {
            if (!f.equals(key)) {
              fields.add(f);
            }
          });
    }

    @ProcessElement
    public void process(@Element SourceRecord line, MultiOutputReceiver out, ProcessContext c) {
      String id = id(line, key);
      SourceRecord row = id == null ? null : c.sideInput(rowsById).get(id);
      if (row == null) {
        if (id != null) {
          out.get(ReadInvoices.FACTS).output(KV.of(withoutRow, 1L));
        }
        out.get(ReadInvoices.RECORDS).output(line);
        return;
      }
      Map<String, String> joined = new HashMap<>(line.fields);
      for (String field : fields) {
        String value = row.field(field);
        if (value == null) {
          joined.remove(field);
        } else {
          joined.put(field, value);
        }
      }
      out.get(ReadInvoices.RECORDS)
          .output(new SourceRecord(line.source, line.lineNumber, line.record, joined));
    }
  }
}
