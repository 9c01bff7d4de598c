package io.segmart.staging;

import io.segmart.config.PipelineConfig;
import io.segmart.io.ReadInvoices;
import io.segmart.io.files.ReadInvoiceFiles;
import io.segmart.model.Reject;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceRecord;
import io.segmart.model.SourceRecordCoder;
import io.segmart.options.OnDamagedFile;
import io.segmart.run.SummaryKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Joins the source's records to a lookup table of files (customers or products) by an id field:
 * each record gets the fields the table maps from the table's row of its id, in place of its own. A
 * record whose id the table lacks keeps its own fields and is counted ({@link
 * SummaryKeys#withoutRow}); a record without an id passes as it is, for the cleaning rules to
 * judge. The table's rows are records of their own inputs: read, counted as {@link
 * SummaryKeys#TABLE_ROWS} and in their inputs' line accounting, and a row whose id an earlier row
 * (by file, then line) has is a {@link RejectReason#DUPLICATE_TABLE_KEY} reject. Input and output
 * have the tags of {@link ReadInvoices}: what was read, then the joined records with the table's
 * rejects, facts and lines added to the source's.
 */
public class JoinLookupTable extends PTransform<PCollectionTuple, PCollectionTuple> {
  /** Ids are grouped in this many buckets: a few large groups instead of one per id. */
  private static final int BUCKETS = 256;

  private final String name;
  private final String key;
  private final PipelineConfig.Source table;
  private final OnDamagedFile onDamaged;

  /**
   * {@code name} names the table in the summary (customers), {@code key} the field both sides share
   * (customer_id).
   */
  public JoinLookupTable(
      String name, String key, PipelineConfig.Source table, OnDamagedFile onDamaged) {
    this.name = name;
    this.key = key;
    this.table = table;
    this.onDamaged = onDamaged;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple read) {
    PCollectionTuple rows =
        read.getPipeline().apply("Read", new ReadInvoiceFiles(table.input, table, onDamaged));
    TupleTag<SourceRecord> lineTag = new TupleTag<>();
    TupleTag<SourceRecord> rowTag = new TupleTag<>();
    PCollection<KV<Integer, CoGbkResult>> grouped =
        KeyedPCollectionTuple.of(
                lineTag,
                read.get(ReadInvoices.RECORDS)
                    .apply("KeyLines", ParDo.of(new KeyFn(key)))
                    .setCoder(BUCKETED))
            .and(
                rowTag,
                rows.get(ReadInvoices.RECORDS)
                    .apply("KeyRows", ParDo.of(new KeyFn(key)))
                    .setCoder(BUCKETED))
            .apply("GroupByIdBucket", CoGroupByKey.create());
    PCollectionTuple joined =
        grouped.apply(
            "Join",
            ParDo.of(new JoinFn(name, key, lineTag, rowTag, table.columns.keySet()))
                .withOutputTags(
                    ReadInvoices.RECORDS,
                    TupleTagList.of(ReadInvoices.REJECTS)
                        .and(ReadInvoices.FACTS)
                        .and(ReadInvoices.LINES)));
    joined.get(ReadInvoices.RECORDS).setCoder(SourceRecordCoder.of());
    joined.get(ReadInvoices.LINES).setCoder(rows.get(ReadInvoices.LINES).getCoder());
    return PCollectionTuple.of(ReadInvoices.RECORDS, joined.get(ReadInvoices.RECORDS))
        .and(ReadInvoices.REJECTS, all("AllRejects", ReadInvoices.REJECTS, read, rows, joined))
        .and(ReadInvoices.FACTS, all("AllFacts", ReadInvoices.FACTS, read, rows, joined))
        .and(ReadInvoices.LINES, all("AllLines", ReadInvoices.LINES, read, rows, joined));
  }

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

  static class JoinFn extends DoFn<KV<Integer, CoGbkResult>, SourceRecord> {
    private static final Comparator<SourceRecord> READING_ORDER =
        Comparator.comparing((SourceRecord r) -> r.source).thenComparingLong(r -> r.lineNumber);

    private final String name;
    private final String key;
    private final TupleTag<SourceRecord> lineTag;
    private final TupleTag<SourceRecord> rowTag;
    private final List<String> fields;

    JoinFn(
        String name,
        String key,
        TupleTag<SourceRecord> lineTag,
        TupleTag<SourceRecord> rowTag,
        Iterable<String> mapped) {
      this.name = name;
      this.key = key;
      this.lineTag = lineTag;
      this.rowTag = rowTag;
      this.fields = new ArrayList<>();
      mapped.forEach(
          f -> {
            if (!f.equals(key)) {
              fields.add(f);
            }
          });
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> bucket, MultiOutputReceiver out) {
      List<SourceRecord> rows = new ArrayList<>();
      bucket.getValue().getAll(rowTag).forEach(rows::add);
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
      long kept = 0;
      for (Map.Entry<String, Long> input : keptPerInput.entrySet()) {
        out.get(ReadInvoices.LINES)
            .output(KV.of(KV.of(input.getKey(), DropDuplicates.KEPT), input.getValue()));
        kept += input.getValue();
      }
      long withoutRow = 0;
      for (SourceRecord line : bucket.getValue().getAll(lineTag)) {
        String id = id(line, key);
        SourceRecord row = id == null ? null : byId.get(id);
        if (row == null) {
          withoutRow += id == null ? 0 : 1;
          out.get(ReadInvoices.RECORDS).output(line);
          continue;
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
      out.get(ReadInvoices.FACTS).output(KV.of(SummaryKeys.TABLE_ROWS, kept));
      out.get(ReadInvoices.FACTS).output(KV.of(SummaryKeys.withoutRow(name), withoutRow));
    }
  }
}
