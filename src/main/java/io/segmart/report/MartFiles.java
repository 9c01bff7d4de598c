package io.segmart.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** A run's output folder read back: its marts' CSV files and its run summary. */
final class MartFiles {
  private static final CSVFormat CSV =
      CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

  private final Path folder;

  MartFiles(Path folder) {
    this.folder = folder;
  }

  boolean has(String mart) {
    return Files.isDirectory(folder.resolve(mart));
  }

  /** Every row of the mart, in its files' order; empty when the run wrote no such mart. */
  List<Map<String, String>> rows(String mart) {
    List<Map<String, String>> rows = new ArrayList<>();
    if (!has(mart)) {
      return rows;
    }
    try (Stream<Path> files = Files.walk(folder.resolve(mart))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          for (CSVRecord record : CSV.parse(in)) {
            rows.add(record.toMap());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the mart " + mart + " under " + folder, e);
    }
    return rows;
  }

  JsonNode summary(String file) {
    try {
      return new ObjectMapper().readTree(folder.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " under " + folder, e);
    }
  }
}
