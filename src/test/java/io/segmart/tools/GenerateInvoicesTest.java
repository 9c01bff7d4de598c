package io.segmart.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmart.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated files: deterministic by seed, the requested size, and the real data's dirt at its
 * rates.
 */
class GenerateInvoicesTest {
  private static final long REAL_LINES = 541_909;
  private static final double REAL_CANCELLED = 9_288.0 / REAL_LINES;

  private static List<String> lines(Path folder) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
          List<String> fileLines =
              List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
          assertEquals(TestData.HEADER, fileLines.get(0), file + " starts with the header");
          lines.addAll(fileLines.subList(1, fileLines.size()));
        }
      }
    }
    return lines;
  }

  @Test
  void sameSeedSameFilesAndTheRealRates(@TempDir Path folder) throws IOException {
    long written =
        GenerateInvoices.generate(TestData.ONLINE_RETAIL, folder.resolve("a"), 150_000, 42, 0);
    GenerateInvoices.generate(TestData.ONLINE_RETAIL, folder.resolve("b"), 150_000, 42, 0);
    try (Stream<Path> files = Files.list(folder.resolve("a"))) {
      for (Path file : files.toList()) {
        assertArrayEquals(
            Files.readAllBytes(file),
            Files.readAllBytes(folder.resolve("b").resolve(file.getFileName())));
      }
    }
    List<String> lines = lines(folder.resolve("a"));
    assertEquals(written, lines.size());
    assertTrue(Math.abs(written - 150_000) < 4_500, "about the requested size: " + written);
    double cancelled =
        lines.stream().filter(l -> l.startsWith("C")).count() / (double) lines.size();
    assertTrue(
        Math.abs(cancelled / REAL_CANCELLED - 1) < 0.25,
        "cancellations at the real rate: " + cancelled);
    try (Stream<Path> files = Files.list(folder.resolve("a"))) {
      assertTrue(files.count() > 280, "one file per trading day");
    }
  }

  @Test
  void largerThanTheRealDataAddsCustomersWithTheirOwnNumbers(@TempDir Path folder)
      throws IOException {
    long written = GenerateInvoices.generate(TestData.ONLINE_RETAIL, folder, 700_000, 7, 20e-6);
    List<String> lines = lines(folder);
    assertEquals(written, lines.size());
    Set<String> customers = new TreeSet<>();
    long renumbered = 0;
    long truncated = 0;
    for (String line : lines) {
      String[] fields = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
      if (fields.length != 8) {
        truncated++;
        continue;
      }
      if (!fields[6].isEmpty()) {
        customers.add(fields[6]);
      }
      if (fields[0].replace("C", "").length() == 7) {
        renumbered++;
        assertTrue(Double.parseDouble(fields[6].isEmpty() ? "112346" : fields[6]) >= 112_346, line);
      }
    }
    assertTrue(renumbered > 100_000, "the second copy has its own invoice numbers: " + renumbered);
    assertTrue(customers.size() > 4_372, "more customers than the real data: " + customers.size());
    assertTrue(
        truncated > 0 && truncated < 50, "malformed lines at about 20 per million: " + truncated);
  }
}
