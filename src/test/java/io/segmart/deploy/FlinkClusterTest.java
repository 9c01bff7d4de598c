package io.segmart.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.segmart.testing.BundledJarTest;
import io.segmart.testing.RunOutput;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The same job on a real Flink session cluster (scripts/flink-cluster.sh: separate JobManager and
 * TaskManager processes) and on embedded Flink writes identical marts. The cluster is stopped after
 * the tests, and by a shutdown hook if the build is interrupted.
 */
@Category(BundledJarTest.class)
public class FlinkClusterTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  /** One month of the bundled data: the cluster's behaviour, not its speed, is under test. */
  private static final Path INPUT = Path.of("data/online-retail/online-retail-2011-02.csv.gz");

  private static Path cluster;
  private static int port;
  private static Thread stopOnExit;

  @BeforeClass
  public static void startTheCluster() throws Exception {
    cluster = FOLDER.newFolder("cluster").toPath();
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    stopOnExit = new Thread(FlinkClusterTest::stop);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    Result started = script(600, "scripts/flink-cluster.sh", "start", "--port=" + port);
    assertEquals(started.output, 0, started.exitCode);
  }

  @AfterClass
  public static void stopTheCluster() {
    stop();
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
  }

  private static void stop() {
    try {
      script(120, "scripts/flink-cluster.sh", "stop");
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the cluster in " + cluster, e);
    }
  }

  private record Result(int exitCode, String output) {}

  /**
   * Runs a script of the project, with the cluster's folder, and returns its exit code and output.
   */
  private static Result script(int seconds, String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", script));
    command.addAll(List.of(args));
    if (script.endsWith("flink-cluster.sh")) {
      command.add("--dir=" + cluster);
    }
    File log = Files.createTempFile(FOLDER.getRoot().toPath(), "script", ".log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, script + " ran longer than " + seconds + " s: " + read(log));
    }
    return new Result(process.exitValue(), read(log));
  }

  private static String read(File file) throws IOException {
    return Files.readString(file.toPath());
  }

  @Test
  public void theClusterWritesTheMartsEmbeddedFlinkWrites() throws Exception {
    Path onCluster = FOLDER.getRoot().toPath().resolve("on-cluster");
    Path embedded = FOLDER.getRoot().toPath().resolve("embedded");
    String input = "--input=" + INPUT.toAbsolutePath();
    Result submitted =
        script(
            600,
            "scripts/run-flink.sh",
            "--flinkMaster=localhost:" + port,
            input,
            "--output=" + onCluster);
    assertEquals(submitted.output, 0, submitted.exitCode);
    assertTrue(submitted.output, submitted.output.contains("data tests"));
    // The job ran on the cluster: its JobManager counts it as finished.
    String overview =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/overview"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(overview, overview.contains("\"jobs-finished\":1,"));
    Result local = script(600, "scripts/run-local.sh", input, "--output=" + embedded);
    assertEquals(local.output, 0, local.exitCode);

    List<String> marts = new ArrayList<>();
    try (Stream<Path> folders = Files.list(embedded)) {
      folders.filter(Files::isDirectory).forEach(f -> marts.add(f.getFileName().toString()));
    }
    assertTrue(marts.toString(), marts.contains("fct_sales") && marts.size() >= 10);
    RunOutput clusterRun = new RunOutput(onCluster);
    new RunOutput(embedded).assertSameFiles(clusterRun, marts.toArray(String[]::new));
    clusterRun.assertSameFigures(
        new RunOutput(embedded), "read", "kept", "rejected", "duplicates", "rows_written");
  }
}
