package io.segmart.testing;

import io.segmart.SegmentationPipeline;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;

/** The project's real data and configurations, for tests. */
public final class TestData {
  /** The bundled Online Retail data set, one gzip CSV per month. */
  public static final Path ONLINE_RETAIL = Path.of("data/online-retail").toAbsolutePath();

  public static final String ALL_MONTHS = ONLINE_RETAIL + "/*.csv.gz";
  public static final String DECEMBER_2010 = ONLINE_RETAIL + "/online-retail-2010-12.csv.gz";
  public static final String HEADER =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

  private TestData() {}

  /**
   * The Online Retail configuration without its clv section: the tests' slices of a few days are
   * too short to fit the CLV models on (they are run on the whole data in
   * OnlineRetailAcceptanceTest and on CDNOW).
   */
  public static PipelineConfig onlineRetail() {
    PipelineConfig config = ConfigLoader.load(Path.of("pipelines/online-retail.yaml"));
    config.clv = null;
    return config;
  }

  /** The Online Retail configuration as shipped, CLV included, for runs on the whole data. */
  public static PipelineConfig onlineRetailAsShipped() {
    return ConfigLoader.load(Path.of("pipelines/online-retail.yaml"));
  }

  /**
   * The same without CLV as a configuration file in {@code folder}, for the tests that name one as
   * users do: the shipped file, extended with the clv section turned off.
   */
  public static Path onlineRetailFile(Path folder) throws IOException {
    Path file = folder.resolve("online-retail-without-clv.yaml");
    write(
        file,
        "extends: "
            + Path.of("pipelines/online-retail.yaml").toAbsolutePath()
            + "\nclv:\n  enabled: false\n");
    return file;
  }

  /**
   * Runs SegMart on the full Online Retail data with the test pipeline options (the runner under
   * test).
   */
  public static RunOutput runAllMonths(Path output) {
    SegmentationOptions options =
        TestPipeline.testingPipelineOptions().as(SegmentationOptions.class);
    options.setInput(ALL_MONTHS);
    options.setOutput(output.toString());
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, onlineRetailAsShipped(), options);
    pipeline.run().waitUntilFinish();
    return new RunOutput(output);
  }

  private static RunOutput fullRun;

  /**
   * One run on the full Online Retail data with the default options, shared by the test classes of
   * a JVM that compare with it (about 30 s on embedded Flink).
   */
  public static synchronized RunOutput fullRun() throws IOException {
    if (fullRun == null) {
      // Under target/, which the build cleans.
      Path output =
          Files.createTempDirectory(Files.createDirectories(Path.of("target")), "full-run");
      fullRun = runAllMonths(output.resolve("out"));
    }
    return fullRun;
  }

  /** The lines of a bundled month file (header first), as they stand in the file. */
  public static List<String> monthLines(String month) throws IOException {
    try (InputStream in =
        new GZIPInputStream(
            Files.newInputStream(ONLINE_RETAIL.resolve("online-retail-" + month + ".csv.gz")))) {
      return new ArrayList<>(
          List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
    }
  }

  /**
   * Real lines of 1 and 2 December 2010, dirty ones included: the first {@code firstDay} lines of
   * the 1st, then the first {@code secondDay} lines of the 2nd. Without header.
   */
  public static List<List<String>> firstTwoDays(int firstDay, int secondDay) throws IOException {
    List<String> december = monthLines("2010-12");
    int start = 1;
    while (!december.get(start).contains(",2010-12-02 ")) {
      start++;
    }
    return List.of(
        new ArrayList<>(december.subList(1, 1 + firstDay)),
        new ArrayList<>(december.subList(start, start + secondDay)));
  }

  /** The first real line of a month that contains the given text. */
  public static String realLine(String month, String containing) throws IOException {
    return monthLines(month).stream()
        .filter(l -> l.contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + containing + " in " + month));
  }

  /** The bundled data's months, YYYY-MM, from December 2010 to December 2011. */
  public static List<String> months() {
    List<String> months = new ArrayList<>();
    for (LocalDate m = LocalDate.parse("2010-12-01");
        m.isBefore(LocalDate.parse("2012-01-01"));
        m = m.plusMonths(1)) {
      months.add(m.toString().substring(0, 7));
    }
    return months;
  }

  public static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  public static Path writeGzip(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }
}
