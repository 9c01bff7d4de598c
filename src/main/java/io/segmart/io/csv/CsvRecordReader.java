package io.segmart.io.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads RFC 4180 records from a stream: delimiter-separated fields, double quotes around a field
 * that holds a delimiter, a quote or a line break, {@code ""} for a quote inside one. It keeps each
 * record's original text and first line number, which the rejects output needs and general CSV
 * libraries do not give. A record it cannot split (an open quote at the end of the input, a record
 * longer than the limit) comes back as malformed instead of an exception.
 */
public final class CsvRecordReader {

  /**
   * One record: its text as read (without the line end), first line number, how many physical lines
   * it covers, and fields (null if malformed).
   */
  public static final class Record {
    public final long lineNumber;
    public final long lines;
    public final String text;
    public final List<String> fields;
    public final String problem;

    private Record(long lineNumber, long lines, String text, List<String> fields, String problem) {
      this.lineNumber = lineNumber;
      this.lines = lines;
      this.text = text;
      this.fields = fields;
      this.problem = problem;
    }

    public boolean malformed() {
      return fields == null;
    }
  }

  /** How many lines a quoted field may span unless a reader is given another limit. */
  public static final int DEFAULT_MAX_RECORD_LINES = 100;

  private final Reader in;
  private final char delimiter;
  private final boolean whitespace;
  private final int maxRecordChars;
  private final int maxRecordLines;
  private final char[] buffer = new char[1 << 16];
  private int position;
  private int limit;

  /** Lines read past a quote that never closed, to be read again as records of their own. */
  private final Deque<String> reread = new ArrayDeque<>();

  private long nextLine = 1;
  private long blankLines;

  public CsvRecordReader(Reader in, char delimiter, int maxRecordChars) {
    this(in, delimiter, maxRecordChars, DEFAULT_MAX_RECORD_LINES);
  }

  /**
   * {@code maxRecordLines}: a quote still open after that many lines, or at the end of the input,
   * makes its first line a malformed record, and reading resumes at the line after it.
   */
  public CsvRecordReader(Reader in, char delimiter, int maxRecordChars, int maxRecordLines) {
    this(in, delimiter, false, maxRecordChars, maxRecordLines);
  }

  private CsvRecordReader(
      Reader in, char delimiter, boolean whitespace, int maxRecordChars, int maxRecordLines) {
    this.in = in;
    this.delimiter = delimiter;
    this.whitespace = whitespace;
    this.maxRecordChars = maxRecordChars;
    this.maxRecordLines = maxRecordLines;
  }

  /**
   * A reader of records of one line whose fields are separated by runs of spaces and tabs, with no
   * quoting; spaces before the first field and after the last are not fields.
   */
  public static CsvRecordReader whitespaceSeparated(Reader in, int maxRecordChars) {
    return new CsvRecordReader(in, ' ', true, maxRecordChars, 1);
  }

  /** Physical lines read so far: all of them once {@link #next()} returned null. */
  public long linesRead() {
    return nextLine - 1;
  }

  /** Empty lines read so far; they are skipped, not records. */
  public long blankLines() {
    return blankLines;
  }

  /** The next record, or null at the end of the input. Blank lines are skipped. */
  public Record next() throws IOException {
    String line = readLine();
    while (line != null && line.isEmpty()) {
      nextLine++;
      blankLines++;
      line = readLine();
    }
    if (line == null) {
      return null;
    }
    long first = nextLine++;
    if (first == 1 && line.charAt(0) == '\uFEFF') {
      line = line.substring(1);
    }
    if (whitespace) {
      return line.length() > maxRecordChars
          ? new Record(
              first,
              1,
              clip(new StringBuilder(line)),
              null,
              "record longer than " + maxRecordChars + " characters")
          : new Record(first, 1, line, splitOnWhitespace(line), null);
    }
    StringBuilder text = new StringBuilder(line);
    boolean open = oddQuotes(line);
    // Most records are one line: the lines after an open quote are kept only when there are any.
    List<String> following = open ? new ArrayList<>() : List.of();
    while (open) {
      if (text.length() > maxRecordChars) {
        skipRestOfRecord(maxRecordLines - 1 - following.size());
        return new Record(
            first,
            nextLine - first,
            clip(text),
            null,
            "record longer than " + maxRecordChars + " characters");
      }
      String more = following.size() < maxRecordLines - 1 ? readLine() : null;
      if (more == null) {
        // Only the line that opened the quote is lost; the lines after it are read again.
        for (int i = following.size() - 1; i >= 0; i--) {
          reread.push(following.get(i));
        }
        nextLine = first + 1;
        return new Record(
            first,
            1,
            line,
            null,
            "a quoted field is not closed within "
                + maxRecordLines
                + " lines or before the end of the file");
      }
      nextLine++;
      following.add(more);
      text.append('\n').append(more);
      open ^= oddQuotes(more);
    }
    long lines = nextLine - first;
    if (text.length() > maxRecordChars) {
      return new Record(
          first, lines, clip(text), null, "record longer than " + maxRecordChars + " characters");
    }
    String record = text.toString();
    List<String> fields = split(record);
    return fields == null
        ? new Record(
            first, lines, record, null, "a quote inside an unquoted field or after a closing quote")
        : new Record(first, lines, record, fields, null);
  }

  /** Skips to the end of a quoted field, or over {@code lines} lines at most. */
  private void skipRestOfRecord(int lines) throws IOException {
    // Counting quotes without keeping the text bounds memory on a runaway quoted field.
    boolean open = true;
    String more;
    for (int i = 0; open && i < lines && (more = readLine()) != null; i++) {
      nextLine++;
      open ^= oddQuotes(more);
    }
  }

  private String clip(StringBuilder text) {
    return text.substring(0, Math.min(text.length(), 1000)) + "...";
  }

  /**
   * The next physical line without its line end, or null at the end of the input. Only a line feed
   * ends a line (a carriage return before it is dropped), so a bare carriage return inside a field
   * stays in it and does not shift the line numbers after it.
   */
  private String readLine() throws IOException {
    if (!reread.isEmpty()) {
      return reread.pop();
    }
    StringBuilder line = null;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return line == null ? null : withoutCarriageReturn(line);
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      if (line == null) {
        line = new StringBuilder(position - start + 16);
      }
      line.append(buffer, start, position - start);
      if (position < limit) {
        position++; // the line feed
        return withoutCarriageReturn(line);
      }
    }
  }

  private static String withoutCarriageReturn(StringBuilder line) {
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }

  /** Whether a line holds an odd number of quotes, i.e. opens or closes a quoted field. */
  private static boolean oddQuotes(String line) {
    boolean odd = false;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '"') {
        odd = !odd;
      }
    }
    return odd;
  }

  private static List<String> splitOnWhitespace(String line) {
    String trimmed = line.strip();
    return trimmed.isEmpty() ? List.of("") : List.of(trimmed.split("[ \t]+"));
  }

  /** Splits one complete record into fields; null when quotes are misplaced. */
  private List<String> split(String record) {
    List<String> fields = new ArrayList<>(16);
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = record.length();
    while (true) {
      field.setLength(0);
      if (i < n && record.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            return null;
          }
          char c = record.charAt(i++);
          if (c == '"') {
            if (i < n && record.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < n && record.charAt(i) != delimiter) {
          return null;
        }
      } else {
        while (i < n && record.charAt(i) != delimiter) {
          char c = record.charAt(i++);
          if (c == '"') {
            return null;
          }
          field.append(c);
        }
      }
      fields.add(field.toString());
      if (i >= n) {
        return fields;
      }
      i++; // the delimiter
      if (i == n) {
        fields.add("");
        return fields;
      }
    }
  }
}
