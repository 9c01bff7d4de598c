package io.segmart.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs bench/peers/spark.sql, SegMart's job as Spark SQL, on Spark in local mode: the distributed
 * engine of the benchmark. Built only with the Maven profile {@code spark-peer}, so the main build
 * does not carry Spark.
 *
 * <pre>java -cp ... io.segmart.peers.SparkPeer 'data/online-retail/*.csv.gz' out/spark 2</pre>
 */
public final class SparkPeer {
  private static final Path SQL = Path.of("bench/peers/spark.sql");
  private static final String[] COLUMNS = {
    "InvoiceNo",
    "StockCode",
    "Description",
    "Quantity",
    "InvoiceDate",
    "UnitPrice",
    "CustomerID",
    "Country"
  };

  private SparkPeer() {}

  public static void main(String[] args) throws IOException {
    run(
        args[0],
        Path.of(args[1]),
        args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors());
  }

  /**
   * Reads the files matching {@code input} and writes the marts as CSV folders under {@code
   * output}, with {@code threads} threads.
   */
  public static void run(String input, Path output, int threads) throws IOException {
    Files.createDirectories(output);
    List<String> script =
        SqlScript.statements(SQL, Map.of("output", output.toAbsolutePath().toString()));
    SparkSession spark =
        SparkSession.builder()
            .appName("segmart-spark-peer")
            .master("local[" + threads + "]")
            .config("spark.ui.enabled", "false")
            // Spark's default of 200 shuffle partitions is meant for clusters: on two threads it
            // took the
            // real data from 31 s to 116 s (most of it system time), so a local user would lower
            // it.
            .config("spark.sql.shuffle.partitions", String.valueOf(2 * threads))
            // Invoice times are wall-clock times without a zone, as in the files and the DuckDB
            // peer.
            .config("spark.sql.timestampType", "TIMESTAMP_NTZ")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    try {
      StructType schema = new StructType();
      for (String column : COLUMNS) {
        schema = schema.add(column, DataTypes.StringType);
      }
      // Quotes inside a field are doubled, as in the files. nullValue is a character the files
      // never
      // hold, so an empty field stays '' and only a missing one (a truncated line) is NULL.
      spark
          .read()
          .option("header", "true")
          .option("escape", "\"")
          .option("nullValue", "\u0001")
          .schema(schema)
          .csv(input)
          .createOrReplaceTempView("raw");
      for (String sql : script) {
        spark.sql(sql);
      }
    } finally {
      spark.stop();
    }
  }
}
