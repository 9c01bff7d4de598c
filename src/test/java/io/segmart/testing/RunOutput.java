package io.segmart.testing;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads what a run wrote under its output folder. */
public final class RunOutput {
  private final Path root;

  public RunOutput(Path root) {
    this.root = root;
  }

  /** The output folder. */
  public Path root() {
    return root;
  }

  public JsonNode summary() throws IOException {
    return new ObjectMapper().readTree(root.resolve("run_summary.json").toFile());
  }

  /** Asserts that this run's summary holds the same value as {@code other}'s for each figure. */
  public void assertSameFigures(RunOutput other, String... figures) throws IOException {
    JsonNode ours = summary();
    JsonNode theirs = other.summary();
    for (String figure : figures) {
      assertEquals(figure, ours.get(figure), theirs.get(figure));
    }
  }

  /** The lines of every file of a mart, file by file in name order. */
  public List<String> lines(String mart) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : files(mart).keySet().stream().map(root::resolve).toList()) {
      lines.addAll(Files.readAllLines(file));
    }
    return lines;
  }

  /**
   * A mart's rows as column name to value (header of the first file; simple values without quotes).
   */
  public List<Map<String, String>> rows(String mart) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> lines = lines(mart);
    String[] header = lines.get(0).split(",");
    for (String line : lines) {
      if (line.equals(lines.get(0))) {
        continue;
      }
      String[] values = line.split(",", -1);
      Map<String, String> row = new TreeMap<>();
      for (int i = 0; i < header.length && i < values.length; i++) {
        row.put(header[i], values[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Relative path to content of every file under the mart's folder (or the whole output for ".").
   */
  public Map<String, byte[]> files(String folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root.resolve(folder))) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }
}
