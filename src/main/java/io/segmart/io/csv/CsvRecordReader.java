package io.segmart.io.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
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
   * One record: its text as read (without the line end), first line number, and fields (null if
   * malformed).
   */
  public static final class Record {
    public final long lineNumber;
    public final String text;
    public final List<String> fields;
    public final String problem;

    private Record(long lineNumber, String text, List<String> fields, String problem) {
      this.lineNumber = lineNumber;
      this.text = text;
      this.fields = fields;
      this.problem = problem;
    }

    public boolean malformed() {
      return fields == null;
    }
  }

  private final BufferedReader in;
  private final char delimiter;
  private final int maxRecordChars;
  private long nextLine = 1;

  public CsvRecordReader(Reader in, char delimiter, int maxRecordChars) {
    this.in = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in, 1 << 16);
    this.delimiter = delimiter;
    this.maxRecordChars = maxRecordChars;
  }

  /** The next record, or null at the end of the input. Blank lines are skipped. */
  public Record next() throws IOException {
    String line = in.readLine();
    while (line != null && line.isEmpty()) {
      nextLine++;
      line = in.readLine();
    }
    if (line == null) {
      return null;
    }
    long first = nextLine++;
    if (first == 1 && line.charAt(0) == '\uFEFF') {
      line = line.substring(1);
    }
    StringBuilder text = new StringBuilder(line);
    boolean open = oddQuotes(line);
    while (open) {
      if (text.length() > maxRecordChars) {
        skipRestOfRecord();
        return new Record(
            first, clip(text), null, "record longer than " + maxRecordChars + " characters");
      }
      String more = in.readLine();
      if (more == null) {
        return new Record(
            first,
            text.toString(),
            null,
            "a quoted field is not closed before the end of the file");
      }
      nextLine++;
      text.append('\n').append(more);
      open ^= oddQuotes(more);
    }
    if (text.length() > maxRecordChars) {
      return new Record(
          first, clip(text), null, "record longer than " + maxRecordChars + " characters");
    }
    String record = stripCarriageReturn(text);
    List<String> fields = split(record);
    return fields == null
        ? new Record(
            first, record, null, "a quote inside an unquoted field or after a closing quote")
        : new Record(first, record, fields, null);
  }

  private void skipRestOfRecord() throws IOException {
    // Counting quotes without keeping the text bounds memory on a runaway quoted field.
    boolean open = true;
    String more;
    while (open && (more = in.readLine()) != null) {
      nextLine++;
      open ^= oddQuotes(more);
    }
  }

  private String clip(StringBuilder text) {
    return text.substring(0, Math.min(text.length(), 1000)) + "...";
  }

  private static String stripCarriageReturn(StringBuilder text) {
    int end = text.length();
    return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
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
