package io.segmart.testing;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmart.SegmentationPipeline;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;

/** Reads what a run wrote under its output folder. */
public final class RunOutput {
  private final Path root;

  public RunOutput(Path root) {
    this.root = root;
  }

  /**
   * Runs the whole pipeline of {@code config} with {@code options}, its output in {@code output}.
   */
  public static RunOutput run(PipelineConfig config, SegmentationOptions options, Path output) {
    options.setOutput(output.toString());
    Pipeline p = Pipeline.create(options);
    SegmentationPipeline.build(p, config, options);
    p.run().waitUntilFinish();
    return new RunOutput(output);
  }

  /** The output folder. */
  public Path root() {
    return root;
  }

  /** Asserts that this run wrote the same files, byte for byte, as {@code other} in each mart. */
  public void assertSameFiles(RunOutput other, String... marts) throws IOException {
    for (String mart : marts) {
      Map<String, byte[]> ours = files(mart);
      Map<String, byte[]> theirs = other.files(mart);
      assertEquals(mart, ours.keySet(), theirs.keySet());
      for (String name : ours.keySet()) {
        assertArrayEquals(mart + "/" + name, ours.get(name), theirs.get(name));
      }
    }
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
