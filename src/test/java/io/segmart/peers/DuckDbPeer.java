package io.segmart.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Runs bench/peers/duckdb.sql, SegMart's job as SQL, on embedded DuckDB: the peer of the benchmark
 * and of the full-data test that checks it gives SegMart's marts.
 *
 * <pre>java -cp ... io.segmart.peers.DuckDbPeer 'data/online-retail/*.csv.gz' out/duckdb 2</pre>
 */
public final class DuckDbPeer {
  private static final Path SQL = Path.of("bench/peers/duckdb.sql");

  private DuckDbPeer() {}

  public static void main(String[] args) throws IOException, SQLException {
    run(
        args[0],
        Path.of(args[1]),
        args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors());
  }

  /**
   * Reads the files matching {@code input} and writes the marts as CSV under {@code output}, with
   * {@code threads} threads.
   */
  public static void run(String input, Path output, int threads) throws IOException, SQLException {
    Files.createDirectories(output);
    List<String> script =
        SqlScript.statements(
            SQL, Map.of("input", input, "output", output.toAbsolutePath().toString()));
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
      for (String sql : script) {
        statement.execute(sql);
      }
    }
  }
}
