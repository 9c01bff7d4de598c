package io.segmart.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmart.testing.TestData;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static List<CsvRecordReader.Record> read(String text) throws IOException {
    CsvRecordReader reader = new CsvRecordReader(new StringReader(text), ',', 1000);
    List<CsvRecordReader.Record> records = new ArrayList<>();
    for (CsvRecordReader.Record r = reader.next(); r != null; r = reader.next()) {
      records.add(r);
    }
    return records;
  }

  @Test
  void quotedCommaOfARealLineStaysInOneField() throws IOException {
    String line = TestData.realLine("2010-12", "\"");
    CsvRecordReader.Record record = read(line + "\n").get(0);
    assertEquals(8, record.fields.size(), line);
    assertEquals(line, record.text);
    assertTrue(record.fields.get(2).contains(","), record.fields.get(2));
  }

  @Test
  void escapedQuotesLineBreaksInQuotesCrlfAndBom() throws IOException {
    List<CsvRecordReader.Record> records =
        read("\uFEFFa,b\r\n\"x \"\"y\"\"\",\"two\nlines\"\r\n\nlast,\n");
    assertEquals(List.of("a", "b"), records.get(0).fields);
    assertEquals(List.of("x \"y\"", "two\nlines"), records.get(1).fields);
    assertEquals(2, records.get(1).lineNumber);
    assertEquals(List.of("last", ""), records.get(2).fields);
    assertEquals(5, records.get(2).lineNumber);
  }

  @Test
  void openQuoteAtTheEndIsMalformedNotAnError() throws IOException {
    List<CsvRecordReader.Record> records = read("a,b\n536365,\"WHITE HANGING");
    assertEquals(2, records.size());
    assertNull(records.get(1).fields);
    assertEquals("536365,\"WHITE HANGING", records.get(1).text);
  }

  @Test
  void anUnbalancedQuoteSwallowsAtMostTheLineLimitAndReadingResumesAfterIt() throws IOException {
    CsvRecordReader reader =
        new CsvRecordReader(
            new StringReader("a,b\n1,\"open\n2,x\n3,y\n4,z\n5,\"w\n6,v\n"), ',', 1000, 3);
    List<String> read = new ArrayList<>();
    for (CsvRecordReader.Record r = reader.next(); r != null; r = reader.next()) {
      read.add(r.lineNumber + (r.malformed() ? " malformed " + r.text : " " + r.fields));
    }
    assertEquals(
        List.of(
            "1 [a, b]",
            "2 malformed 1,\"open",
            "3 [2, x]",
            "4 [3, y]",
            "5 [4, z]",
            "6 malformed 5,\"w",
            "7 [6, v]"),
        read);
  }

  @Test
  void aBareCarriageReturnIsPartOfItsLineAndKeepsLaterLineNumbers() throws IOException {
    List<CsvRecordReader.Record> records = read("a,b\nx\ry,1\r\nlast,2\n");
    assertEquals(List.of("x\ry", "1"), records.get(1).fields);
    assertEquals(2, records.get(1).lineNumber);
    assertEquals(3, records.get(2).lineNumber);
  }

  @Test
  void strayQuoteIsMalformed() throws IOException {
    assertNull(read("ab\"c,d\"e\n").get(0).fields);
  }

  @Test
  void runawayRecordIsCutOffAtTheLimit() throws IOException {
    String huge = "\"" + "x".repeat(2000) + "\nstill open\n";
    CsvRecordReader.Record record = read(huge).get(0);
    assertNull(record.fields);
    assertTrue(record.problem.contains("longer than"), record.problem);
  }

  @Test
  void agreesWithCommonsCsvOnAWholeRealMonth() throws IOException {
    String month = String.join("\n", TestData.monthLines("2011-11")) + "\n";
    List<CsvRecordReader.Record> ours = read(month);
    List<CSVRecord> theirs;
    try (CSVParser parser = CSVParser.parse(month, CSVFormat.RFC4180)) {
      theirs = parser.getRecords();
    }
    assertEquals(theirs.size(), ours.size());
    for (int i = 0; i < theirs.size(); i++) {
      assertEquals(theirs.get(i).toList(), ours.get(i).fields, "record " + i);
    }
  }

  @Test
  void whitespaceSeparatedRecordsOfCdnowSplitOnRunsOfSpaces() throws IOException {
    CsvRecordReader reader =
        CsvRecordReader.whitespaceSeparated(
            new StringReader(
                " customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n\r\n"
                    + "00004\t0001 19970101  2 \"29.33\"\r\n"),
            1000);
    assertEquals(
        List.of("customer_id", "date", "number_of_cds", "dollar_value"), reader.next().fields);
    CsvRecordReader.Record first = reader.next();
    assertEquals(List.of("00001", "19970101", "1", "11.77"), first.fields);
    assertEquals(" 00001 19970101  1   11.77", first.text);
    CsvRecordReader.Record quoted = reader.next();
    assertEquals(4, quoted.lineNumber);
    assertEquals(List.of("00004", "0001", "19970101", "2", "\"29.33\""), quoted.fields);
    assertNull(reader.next());
    assertEquals(4, reader.linesRead());
    assertEquals(1, reader.blankLines());
  }
}
