package io.segmart.tools;

import io.segmart.io.csv.CsvRecordReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Online Retail-shaped invoice files of any size, one gzip CSV per day, deterministic by seed. The
 * real data set is resampled invoice by invoice: each copy of the data ("replica") takes every real
 * invoice with the same probability and gets its own invoice and customer numbers. So a copy keeps
 * what the real data has, at the same rates: long-tailed order counts and spend per customer,
 * basket sizes, prices, the season and the weekday and hour pattern, countries, cancellations,
 * missing customer ids, zero prices and duplicate lines; and customers grow with the lines, as they
 * do when a shop grows. Malformed (truncated) lines, which the real files lack, are added at {@code
 * --malformedPerMillion}.
 *
 * <pre>scripts/generate-invoices.sh --lines=10000000 --seed=42 --output=bench/data/10m</pre>
 */
public final class GenerateInvoices {
  /**
   * Real invoice numbers have six digits and customer ids five; replicas are numbered above them.
   */
  private static final long INVOICE_STEP = 1_000_000L;

  private static final long CUSTOMER_STEP = 100_000L;
  private static final String HEADER =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

  private GenerateInvoices() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = ToolOptions.parse(args);
    long lines = Long.parseLong(options.getOrDefault("lines", "1000000"));
    long seed = Long.parseLong(options.getOrDefault("seed", "42"));
    double malformed = Double.parseDouble(options.getOrDefault("malformedPerMillion", "10")) / 1e6;
    Path input = Path.of(options.getOrDefault("input", "data/online-retail"));
    Path output = Path.of(options.getOrDefault("output", "out/generated-" + lines));
    long written = generate(input, output, lines, seed, malformed);
    System.out.printf(
        "segmart: wrote %,d lines (target %,d, seed %d) as daily files under %s%n",
        written, lines, seed, output);
  }

  /** Writes about {@code lines} lines under {@code output}; returns the number written. */
  public static long generate(
      Path realData, Path output, long lines, long seed, double malformedRate) throws IOException {
    Map<String, List<Invoice>> days = readInvoicesByDay(realData);
    long realLines =
        days.values().stream().flatMap(List::stream).mapToLong(i -> i.lines.size()).sum();
    double scale = (double) lines / realLines;
    int replicas = (int) Math.ceil(scale);
    double keep = scale / replicas;
    Files.createDirectories(output);
    long written = 0;
    SplittableRandom malformedDraws = new SplittableRandom(seed);
    for (Map.Entry<String, List<Invoice>> day : days.entrySet()) {
      Path file = output.resolve("invoices-" + day.getKey() + ".csv.gz");
      try (Writer out =
          new BufferedWriter(
              new OutputStreamWriter(
                  new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                  StandardCharsets.UTF_8),
              1 << 16)) {
        out.write(HEADER);
        out.write('\n');
        for (int replica = 0; replica < replicas; replica++) {
          for (Invoice invoice : day.getValue()) {
            // One draw per (replica, invoice): the same seed picks the same invoices whatever else
            // changes.
            if (new SplittableRandom(seed * 31 + replica * 1_000_003L + invoice.ordinal)
                    .nextDouble()
                >= keep) {
              continue;
            }
            for (List<String> line : invoice.lines) {
              String text = format(line, replica);
              out.write(text);
              out.write('\n');
              written++;
              if (malformedDraws.nextDouble() < malformedRate) {
                out.write(text, 0, text.length() / 2);
                out.write('\n');
                written++;
              }
            }
          }
        }
      }
    }
    return written;
  }

  /**
   * A real line of replica {@code replica}: its own invoice number and customer id, the rest as it
   * was.
   */
  private static String format(List<String> line, int replica) {
    StringBuilder text = new StringBuilder(128);
    for (int i = 0; i < line.size(); i++) {
      String value = line.get(i);
      if (replica > 0 && i == 0) {
        value = renumber(value, replica * INVOICE_STEP);
      } else if (replica > 0 && i == 6 && !value.isEmpty()) {
        value = renumber(value, replica * CUSTOMER_STEP);
      }
      if (i > 0) {
        text.append(',');
      }
      text.append(quote(value));
    }
    return text.toString();
  }

  /** Adds {@code offset} to the number in an invoice number (C536379) or customer id (17850.0). */
  private static String renumber(String value, long offset) {
    int start = 0;
    while (start < value.length() && !Character.isDigit(value.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < value.length() && Character.isDigit(value.charAt(end))) {
      end++;
    }
    if (start == end) {
      return value;
    }
    return value.substring(0, start)
        + (Long.parseLong(value.substring(start, end)) + offset)
        + value.substring(end);
  }

  private static String quote(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** The real lines grouped by invoice, the invoices grouped by day (yyyy-MM-dd) in file order. */
  private static Map<String, List<Invoice>> readInvoicesByDay(Path folder) throws IOException {
    Map<String, List<Invoice>> days = new TreeMap<>();
    Map<String, Invoice> invoices = new TreeMap<>();
    long ordinal = 0;
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(f -> f.toString().endsWith(".csv.gz")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .csv.gz file of real invoices under " + folder);
    }
    for (Path file : files) {
      try (Reader in =
          new InputStreamReader(
              new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8)) {
        CsvRecordReader csv = new CsvRecordReader(in, ',', 1 << 20);
        csv.next(); // header
        for (CsvRecordReader.Record record = csv.next(); record != null; record = csv.next()) {
          if (record.malformed() || record.fields.size() != 8) {
            continue;
          }
          String day = record.fields.get(4).substring(0, 10);
          String key = day + "|" + record.fields.get(0);
          Invoice invoice = invoices.get(key);
          if (invoice == null) {
            invoice = new Invoice(ordinal++);
            invoices.put(key, invoice);
            days.computeIfAbsent(day, d -> new ArrayList<>()).add(invoice);
          }
          invoice.lines.add(record.fields);
        }
      }
    }
    return days;
  }

  /** One real invoice: its lines, and its number in reading order (which seeds its draws). */
  private static final class Invoice {
    final long ordinal;
    final List<List<String>> lines = new ArrayList<>();

    Invoice(long ordinal) {
      this.ordinal = ordinal;
    }
  }
}
