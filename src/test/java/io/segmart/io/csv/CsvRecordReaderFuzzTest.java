package io.segmart.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the CSV reader with any bytes: it must never throw, and every physical line must be a
 * blank line or belong to exactly one record, in order. Saved inputs under
 * CsvRecordReaderFuzzTestInputs run in every build; scripts/fuzz.sh searches for new ones.
 */
class CsvRecordReaderFuzzTest {
  private static final int MAX_RECORD_CHARS = 200;
  private static final int MAX_RECORD_LINES = 4;

  @FuzzTest
  void everyLineIsAccountedFor(byte[] input) throws IOException {
    String text = new String(input, StandardCharsets.UTF_8);
    CsvRecordReader reader =
        new CsvRecordReader(new StringReader(text), ',', MAX_RECORD_CHARS, MAX_RECORD_LINES);
    long covered = 0;
    long expectedLine = 1;
    for (CsvRecordReader.Record r = reader.next(); r != null; r = reader.next()) {
      assertTrue(r.lineNumber >= expectedLine, "records come in line order");
      assertTrue(r.lines >= 1 && r.lines <= MAX_RECORD_LINES || r.malformed(), "record span");
      assertTrue(r.malformed() == (r.problem != null), "a malformed record says why");
      if (!r.malformed()) {
        assertEquals(r.lines - 1, r.text.chars().filter(c -> c == '\n').count(), "span of text");
        assertTrue(r.text.length() <= MAX_RECORD_CHARS, "record within the limit");
      }
      covered += r.lines;
      expectedLine = r.lineNumber + r.lines;
    }
    assertEquals(physicalLines(text), reader.linesRead(), "lines read");
    assertEquals(reader.linesRead(), covered + reader.blankLines(), "lines = records + blank");
  }

  /** Lines ended by a line feed, and a last line without one. */
  private static long physicalLines(String text) {
    long feeds = text.chars().filter(c -> c == '\n').count();
    return feeds + (text.isEmpty() || text.endsWith("\n") ? 0 : 1);
  }
}
