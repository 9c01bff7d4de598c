package io.segmart.io.files;

import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.config.SourceFormat;
import io.segmart.io.ReadInvoices;
import io.segmart.io.csv.CsvRecordReader;
import io.segmart.model.Reject;
import io.segmart.model.RejectReason;
import io.segmart.model.SourceRecord;
import io.segmart.model.SourceRecordCoder;
import io.segmart.options.OnDamagedFile;
import io.segmart.run.Progress;
import io.segmart.run.RunFailure;
import io.segmart.run.SummaryKeys;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads CSV files with a header row (plain or .gz, any glob) into {@link SourceRecord}s. Each
 * file's own header decides where the configured columns are, so daily files may order their
 * columns differently. Records that cannot be split, and every record of a file whose header lacks
 * a configured column, go to {@link ReadInvoices#REJECTS}; facts about the files read (files, empty
 * files) go to {@link ReadInvoices#FACTS}.
 */
public class ReadInvoiceFiles extends PTransform<PBegin, PCollectionTuple> {
  /**
   * Longer records are rejected unread, so that a runaway quote cannot exhaust a worker's memory.
   */
  static final int MAX_RECORD_CHARS = 1 << 20;

  private final String filePattern;
  private final PipelineConfig.Source source;
  private final OnDamagedFile onDamaged;

  public ReadInvoiceFiles(
      String filePattern, PipelineConfig.Source source, OnDamagedFile onDamaged) {
    this.filePattern = filePattern;
    this.source = source;
    this.onDamaged = onDamaged;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple parsed =
        begin
            .apply(
                "MatchFiles",
                FileIO.match()
                    .filepattern(filePattern)
                    .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
            .apply("OpenFiles", FileIO.readMatches())
            .apply(
                "ParseFiles",
                ParDo.of(new ParseFileFn(source, patternRoot(filePattern), onDamaged))
                    .withOutputTags(
                        ReadInvoices.RECORDS,
                        TupleTagList.of(ReadInvoices.REJECTS)
                            .and(ReadInvoices.FACTS)
                            .and(ReadInvoices.LINES)));
    parsed.get(ReadInvoices.RECORDS).setCoder(SourceRecordCoder.of());
    parsed
        .get(ReadInvoices.LINES)
        .setCoder(
            KvCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), VarLongCoder.of()));
    return parsed;
  }

  /**
   * The folder of a pattern before its first wildcard: {@code /in/landing/} of {@code
   * /in/landing/*}{@code /*.csv}. Records name their file relative to it, so same-named files of
   * two folders stay apart.
   */
  static String patternRoot(String pattern) {
    int wildcard = pattern.length();
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int at = pattern.indexOf(c);
      if (at >= 0) {
        wildcard = Math.min(wildcard, at);
      }
    }
    return pattern.substring(0, pattern.lastIndexOf('/', wildcard - 1) + 1);
  }

  /** How far a file was read, its records, and its lines that are not records. */
  private static final class Tally {
    long lastLine;
    long read;
    long header;
    long continuation;
    LongSupplier lines = () -> 0;
    LongSupplier blank = () -> 0;

    /** Counts the record that {@code receiver} is about to take, kept or rejected. */
    <T> DoFn.OutputReceiver<T> read(DoFn.OutputReceiver<T> receiver) {
      read++;
      return receiver;
    }

    void emit(String name, DoFn.MultiOutputReceiver out) {
      out.get(ReadInvoices.FACTS).output(KV.of(SummaryKeys.READ, read));
      out.get(ReadInvoices.LINES)
          .output(KV.of(KV.of(name, ReadInvoices.LINES_READ), lines.getAsLong()));
      out.get(ReadInvoices.LINES).output(KV.of(KV.of(name, ReadInvoices.HEADER), header));
      out.get(ReadInvoices.LINES).output(KV.of(KV.of(name, ReadInvoices.BLANK), blank.getAsLong()));
      out.get(ReadInvoices.LINES)
          .output(KV.of(KV.of(name, ReadInvoices.CONTINUATION), continuation));
    }
  }

  static class ParseFileFn extends DoFn<FileIO.ReadableFile, SourceRecord> {
    private final PipelineConfig.Source source;
    private final String root;
    private final OnDamagedFile onDamaged;

    /** The fields that the configuration maps to {@code $record}: the record's file and line. */
    private final List<String> placeFields;

    private final Counter records = Metrics.counter("read", "records");
    private final Counter malformed = Metrics.counter("read", "malformed_records");
    private final Counter wrongHeader = Metrics.counter("read", "wrong_header_records");
    private transient Progress progress;

    ParseFileFn(PipelineConfig.Source source, String root, OnDamagedFile onDamaged) {
      this.source = source;
      this.root = root;
      this.onDamaged = onDamaged;
      this.placeFields = new ArrayList<>();
      source.columns.forEach(
          (field, column) -> {
            if (column.equals(PipelineConfig.Source.RECORD)) {
              placeFields.add(field);
            }
          });
    }

    @Setup
    public void setup() {
      progress = new Progress("reading");
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      progress.file();
      String path = file.getMetadata().resourceId().toString();
      String name =
          !root.isEmpty() && path.startsWith(root)
              ? path.substring(root.length())
              : file.getMetadata().resourceId().getFilename();
      out.get(ReadInvoices.FACTS).output(KV.of(SummaryKeys.FILES_READ, 1L));
      Tally tally = new Tally();
      try {
        parse(file, name, tally, out);
      } catch (IOException e) {
        // A compressed file cut short or corrupted: what was read stands, the rest is named.
        String damage =
            name
                + " is damaged after line "
                + tally.lastLine
                + " ("
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage()
                + ")";
        if (onDamaged == OnDamagedFile.FAIL) {
          throw new RunFailure(
              damage
                  + "; replace the file, or pass --onDamagedFile=reject to reject its unread rest"
                  + " and read the other files");
        }
        tally
            .read(out.get(ReadInvoices.REJECTS))
            .output(
                Reject.of(
                    RejectReason.DAMAGED_FILE,
                    damage,
                    new SourceRecord(name, tally.lastLine + 1, "", Map.of())));
      }
      tally.emit(name, out);
    }

    private void parse(FileIO.ReadableFile file, String name, Tally tally, MultiOutputReceiver out)
        throws IOException {
      try (Reader reader =
          new InputStreamReader(Channels.newInputStream(file.open()), StandardCharsets.UTF_8)) {
        if (source.format == SourceFormat.JSONL) {
          parseJsonLines(reader, name, tally, out);
        } else {
          parseCsv(reader, name, tally, out);
        }
      }
    }

    private void parseJsonLines(Reader reader, String name, Tally tally, MultiOutputReceiver out)
        throws IOException {
      JsonLines json = new JsonLines(reader, MAX_RECORD_CHARS);
      tally.lines = json::linesRead;
      tally.blank = json::blankLines;
      boolean any = false;
      for (JsonLines.Line line = json.next(); line != null; line = json.next()) {
        any = true;
        tally.lastLine = line.lineNumber();
        records.inc();
        progress.record();
        SourceRecord raw = new SourceRecord(name, line.lineNumber(), line.text(), Map.of());
        if (line.problem() != null) {
          malformed.inc();
          tally
              .read(out.get(ReadInvoices.REJECTS))
              .output(Reject.of(RejectReason.MALFORMED_RECORD, line.problem(), raw));
          continue;
        }
        emit(raw, mapped(line.fields(), name, line.lineNumber()), tally, out);
      }
      if (!any) {
        out.get(ReadInvoices.FACTS).output(KV.of(SummaryKeys.EMPTY_FILES, 1L));
      }
    }

    private void parseCsv(Reader reader, String name, Tally tally, MultiOutputReceiver out)
        throws IOException {
      CsvRecordReader csv =
          source.splitsOnWhitespace()
              ? CsvRecordReader.whitespaceSeparated(reader, MAX_RECORD_CHARS)
              : new CsvRecordReader(
                  reader, source.delimiter.charAt(0), MAX_RECORD_CHARS, source.maxRecordLines);
      tally.lines = csv::linesRead;
      tally.blank = csv::blankLines;
      boolean headed = source.fieldNames.isEmpty();
      CsvRecordReader.Record first = csv.next();
      if (first == null) {
        out.get(ReadInvoices.FACTS).output(KV.of(SummaryKeys.EMPTY_FILES, 1L));
        return;
      }
      Map<String, Integer> positions;
      String headerProblem = null;
      int width;
      if (headed) {
        positions = first.malformed() ? Map.of() : positions(first.fields);
        headerProblem = headerProblem(first, positions);
        width = first.malformed() ? 0 : first.fields.size();
        tally.lastLine = first.lineNumber;
        if (headerProblem == null) {
          tally.header = first.lines;
        } else {
          tally.continuation += first.lines - 1;
          // No header to read the file by: its first line is counted and rejected with the rest.
          wrongHeader.inc();
          tally
              .read(out.get(ReadInvoices.REJECTS))
              .output(
                  Reject.of(
                      RejectReason.WRONG_HEADER,
                      headerProblem,
                      new SourceRecord(name, first.lineNumber, first.text, Map.of())));
        }
      } else {
        positions = positions(source.fieldNames);
        width = source.fieldNames.size();
      }
      for (CsvRecordReader.Record record = headed ? csv.next() : first;
          record != null;
          record = csv.next()) {
        tally.lastLine = record.lineNumber;
        tally.continuation += record.lines - 1;
        records.inc();
        progress.record();
        SourceRecord raw = new SourceRecord(name, record.lineNumber, record.text, Map.of());
        if (headerProblem != null) {
          wrongHeader.inc();
          tally
              .read(out.get(ReadInvoices.REJECTS))
              .output(Reject.of(RejectReason.WRONG_HEADER, headerProblem, raw));
        } else if (record.malformed()) {
          malformed.inc();
          tally
              .read(out.get(ReadInvoices.REJECTS))
              .output(Reject.of(RejectReason.MALFORMED_RECORD, record.problem, raw));
        } else if (record.fields.size() != width) {
          malformed.inc();
          tally
              .read(out.get(ReadInvoices.REJECTS))
              .output(
                  Reject.of(
                      RejectReason.MALFORMED_RECORD,
                      "has " + record.fields.size() + " fields where the header has " + width,
                      raw));
        } else {
          emit(raw, fields(positions, record.fields, name, record.lineNumber), tally, out);
        }
      }
    }

    /**
     * Configured field name to its position in this file's header, or in source.fieldNames (names
     * compared without case).
     */
    private Map<String, Integer> positions(List<String> header) {
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        byName.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
      }
      Map<String, Integer> positions = new LinkedHashMap<>();
      for (Map.Entry<String, String> column : source.columns.entrySet()) {
        Integer at = byName.get(column.getValue().trim().toLowerCase(Locale.ROOT));
        if (at != null) {
          positions.put(column.getKey(), at);
        }
      }
      return positions;
    }

    /** A JSON object's values (by lower-cased name) as the configured fields. */
    private Map<String, String> mapped(Map<String, String> values, String file, long line) {
      Map<String, String> fields = new HashMap<>();
      source.columns.forEach(
          (field, key) -> {
            String value = values.get(key.trim().toLowerCase(Locale.ROOT));
            if (value != null) {
              fields.put(field, value);
            }
          });
      return placed(fields, file, line);
    }

    /** Why the file's first line cannot be its header, or null when it can. */
    private String headerProblem(CsvRecordReader.Record header, Map<String, Integer> positions) {
      if (header.malformed()) {
        return "the header line is malformed: " + header.problem;
      }
      List<String> missing = missingColumns(positions);
      if (!missing.isEmpty()) {
        return "the file's header lacks column(s) " + missing + " named in source.columns";
      }
      Set<String> seen = new HashSet<>();
      for (String column : header.fields) {
        String key = column.trim().toLowerCase(Locale.ROOT);
        if (!seen.add(key) && mapped(key)) {
          return "the file's header names column " + column.trim() + " twice";
        }
      }
      return null;
    }

    private boolean mapped(String lowerCaseColumn) {
      return source.columns.values().stream()
          .anyMatch(c -> c.trim().toLowerCase(Locale.ROOT).equals(lowerCaseColumn));
    }

    /** A record whose fields are read: kept, or rejected when a field holds a control character. */
    private void emit(
        SourceRecord raw, Map<String, String> fields, Tally tally, MultiOutputReceiver out) {
      String control = controlCharacter(fields);
      if (control != null) {
        malformed.inc();
        tally
            .read(out.get(ReadInvoices.REJECTS))
            .output(Reject.of(RejectReason.CONTROL_CHARACTER, control, raw));
      } else {
        tally
            .read(out.get(ReadInvoices.RECORDS))
            .output(new SourceRecord(raw.source, raw.lineNumber, raw.record, fields));
      }
    }

    /** The fields mapped to {@code $record} set to the record's file and line. */
    private Map<String, String> placed(Map<String, String> fields, String file, long line) {
      for (String field : placeFields) {
        fields.put(field, file + ":" + line);
      }
      return fields;
    }

    /**
     * The first mapped field holding a control character other than tab and the line feed of a
     * quoted multi-line field (a NUL, a bare carriage return), described; null when there is none.
     */
    private static String controlCharacter(Map<String, String> fields) {
      for (Map.Entry<String, String> p : fields.entrySet()) {
        String value = p.getValue();
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
            return String.format("%s holds control character U+%04X", p.getKey(), (int) c);
          }
        }
      }
      return null;
    }

    private List<String> missingColumns(Map<String, Integer> positions) {
      List<String> missing = new ArrayList<>();
      for (Map.Entry<String, String> column : source.columns.entrySet()) {
        boolean needed =
            !column.getValue().equals(PipelineConfig.Source.RECORD)
                && (ConfigLoader.REQUIRED_COLUMNS.contains(column.getKey())
                    || ConfigLoader.PRICE_COLUMNS.contains(column.getKey())
                    || column.getKey().equals("description"));
        if (needed && !positions.containsKey(column.getKey())) {
          missing.add(column.getValue());
        }
      }
      return missing;
    }

    private Map<String, String> fields(
        Map<String, Integer> positions, List<String> values, String file, long line) {
      Map<String, String> fields = new HashMap<>(positions.size() * 2);
      for (Map.Entry<String, Integer> p : positions.entrySet()) {
        fields.put(p.getKey(), values.get(p.getValue()));
      }
      return placed(fields, file, line);
    }
  }
}
