package io.segmart.peers;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmart.testing.RunOutput;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Checks that a benchmark peer did SegMart's job: the same customers with every metric, score,
 * segment and band, the same fact rows, and the same reconciliation counts. A peer writes each mart
 * as {@code <name>.csv} (DuckDB) or as a folder of CSV part files (Spark).
 */
public final class PeerMarts {
  /** Columns the peers leave out: SQL has no K-means and no CLV fit. */
  private static boolean segmartOnly(String column) {
    return column.equals("cluster")
        || column.equals("p_alive")
        || column.startsWith("clv_")
        || column.startsWith("expected_");
  }

  private PeerMarts() {}

  public static void assertSameAsSegMart(RunOutput segmart, Path peer) throws IOException {
    for (String mart : List.of("dim_customers", "fct_sales")) {
      List<Map<String, String>> ours = new ArrayList<>();
      for (Map<String, String> row : segmartRows(segmart, mart)) {
        Map<String, String> compared = new TreeMap<>(row);
        compared.keySet().removeIf(PeerMarts::segmartOnly);
        ours.add(compared);
      }
      assertEquals(mart, canonical(ours), canonical(peerRows(peer, mart)));
    }
    Map<String, String> summary = peerRows(peer, "summary").get(0);
    JsonNode ours = segmart.summary();
    for (String count : List.of("read", "kept", "rejected", "duplicates")) {
      assertEquals(count, ours.get(count).asText(), summary.get(count));
    }
  }

  private static List<Map<String, String>> segmartRows(RunOutput segmart, String mart)
      throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (byte[] file : segmart.files(mart).values()) {
      rows.addAll(csvRows(new String(file, StandardCharsets.UTF_8)));
    }
    return rows;
  }

  private static List<Map<String, String>> peerRows(Path peer, String mart) throws IOException {
    Path folder = peer.resolve(mart);
    if (!Files.isDirectory(folder)) {
      return csvRows(Files.readString(peer.resolve(mart + ".csv")));
    }
    List<Map<String, String>> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path part :
          files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
        rows.addAll(csvRows(Files.readString(part)));
      }
    }
    return rows;
  }

  private static List<Map<String, String>> csvRows(String csv) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    for (CSVRecord record :
        CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(csv))) {
      rows.add(new TreeMap<>(record.toMap()));
    }
    return rows;
  }

  /** Rows in one spelling: numbers without trailing zeros, times to the second; sorted. */
  private static List<String> canonical(List<Map<String, String>> rows) {
    List<String> canonical = new ArrayList<>();
    for (Map<String, String> row : rows) {
      Map<String, String> values = new TreeMap<>();
      row.forEach(
          (column, value) ->
              values.put(
                  column,
                  value.matches("-?\\d+(\\.\\d+)?")
                      ? new BigDecimal(value).stripTrailingZeros().toPlainString()
                      : value.matches("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}.*")
                          ? value.substring(0, 19).replace('T', ' ')
                          : value));
      canonical.add(values.toString());
    }
    canonical.sort(null);
    return canonical;
  }
}
