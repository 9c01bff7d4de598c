package io.segmart.deploy;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
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
 * TaskManager processes) and on embedded Flink writes identical marts, also when the TaskManager is
 * killed in the middle of the job and a new one takes its place; with no TaskManager left, the run
 * fails clearly and leaves the earlier marts as they were. The cluster is stopped after the tests,
 * and by a shutdown hook if the build is interrupted.
 */
@Category(BundledJarTest.class)
public class FlinkClusterTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  /** One month of the bundled data: the cluster's behaviour, not its speed, is under test. */
  private static final Path INPUT = Path.of("data/online-retail/online-retail-2011-02.csv.gz");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path cluster;
  private static int port;
  private static Thread stopOnExit;

  /** The run on embedded Flink that the cluster's runs must match. */
  private static RunOutput embedded;

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

    Path output = FOLDER.getRoot().toPath().resolve("embedded");
    Result local = script(600, "scripts/run-local.sh", input(), "--output=" + output);
    assertEquals(local.output, 0, local.exitCode);
    embedded = new RunOutput(output);
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

  private static String input() {
    return "--input=" + INPUT.toAbsolutePath();
  }

  private record Result(int exitCode, String output) {}

  /** A script of the project running in the background, its output going to a file. */
  private record Running(String script, Process process, File log) {
    Result await(int seconds) throws Exception {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, script + " ran longer than " + seconds + " s: " + read(log));
      }
      return new Result(process.exitValue(), read(log));
    }
  }

  /** Starts a script of the project, with the cluster's folder. */
  private static Running start(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", script));
    command.addAll(List.of(args));
    if (script.endsWith("flink-cluster.sh")) {
      command.add("--dir=" + cluster);
    }
    File log = Files.createTempFile(FOLDER.getRoot().toPath(), "script", ".log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    return new Running(script, process, log);
  }

  /** Runs a script of the project and returns its exit code and output. */
  private static Result script(int seconds, String script, String... args) throws Exception {
    return start(script, args).await(seconds);
  }

  private static Running submit(Path output, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("--flinkMaster=localhost:" + port, input()));
    args.add("--output=" + output);
    args.addAll(List.of(options));
    return start("scripts/run-flink.sh", args.toArray(String[]::new));
  }

  private static String read(File file) throws IOException {
    return Files.readString(file.toPath());
  }

  /** The JobManager's answer to a GET of a REST path. */
  private static JsonNode rest(String path) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return JSON.readTree(body);
  }

  /** Waits until one TaskManager offers all its slots: the state every test starts from. */
  private static void awaitOneIdleTaskManager() throws Exception {
    JsonNode overview = null;
    for (int i = 0; i < 120; i++) {
      overview = rest("/overview");
      if (overview.get("taskmanagers").asInt() == 1
          && overview.get("slots-available").asInt() == overview.get("slots-total").asInt()
          && overview.get("slots-total").asInt() > 0) {
        return;
      }
      Thread.sleep(500);
    }
    fail("the cluster has no idle TaskManager: " + overview);
  }

  /** Waits until the submitted job runs and a quarter of its tasks have finished; its id. */
  private static String awaitMidJob(Running submission) throws Exception {
    for (int i = 0; i < 1200 && submission.process.isAlive(); i++) {
      for (JsonNode job : rest("/jobs/overview").get("jobs")) {
        JsonNode tasks = job.get("tasks");
        if (job.get("state").asText().equals("RUNNING")
            && tasks.get("finished").asInt() * 4 >= tasks.get("total").asInt()) {
          return job.get("jid").asText();
        }
      }
      Thread.sleep(100);
    }
    fail(
        "the job ended before a quarter of its tasks had finished: " + submission.await(10).output);
    return null;
  }

  /** Kills the running TaskManager process (SIGKILL, as a lost machine) and returns when gone. */
  private static void killTheTaskManager() throws Exception {
    List<String> alive = new ArrayList<>();
    for (String line : Files.readAllLines(cluster.resolve("pids"))) {
      String[] fields = line.split(" ");
      long pid = Long.parseLong(fields[1]);
      if (fields[0].equals("taskmanager") && ProcessHandle.of(pid).isPresent()) {
        alive.add(fields[1]);
      }
    }
    assertEquals("running TaskManagers", 1, alive.size());
    ProcessHandle taskManager = ProcessHandle.of(Long.parseLong(alive.get(0))).orElseThrow();
    assertTrue(taskManager.destroyForcibly());
    taskManager.onExit().get(30, TimeUnit.SECONDS);
  }

  /** The marts of a run: the folders of the embedded run's output. */
  private static String[] marts() throws IOException {
    List<String> marts = new ArrayList<>();
    try (Stream<Path> folders = Files.list(embedded.root())) {
      folders.filter(Files::isDirectory).forEach(f -> marts.add(f.getFileName().toString()));
    }
    assertTrue(marts.toString(), marts.contains("fct_sales") && marts.size() >= 10);
    return marts.toArray(String[]::new);
  }

  /** Asserts that a cluster's run wrote exactly the files, and the marts, of the embedded run. */
  private static void assertSameAsEmbedded(Path output) throws IOException {
    RunOutput run = new RunOutput(output);
    assertEquals(embedded.files(".").keySet(), run.files(".").keySet());
    embedded.assertSameFiles(run, marts());
    run.assertSameFigures(embedded, "read", "kept", "rejected", "duplicates", "rows_written");
    assertFalse(Files.exists(Path.of(output + ".staging")));
  }

  @Test
  public void theClusterWritesTheMartsEmbeddedFlinkWrites() throws Exception {
    awaitOneIdleTaskManager();
    Path output = FOLDER.getRoot().toPath().resolve("on-cluster");
    int finishedBefore = rest("/overview").get("jobs-finished").asInt();
    Result submitted = submit(output).await(600);
    assertEquals(submitted.output, 0, submitted.exitCode);
    assertTrue(submitted.output, submitted.output.contains("data tests"));
    // The job ran on the cluster: its JobManager counts it as finished.
    assertEquals(finishedBefore + 1, rest("/overview").get("jobs-finished").asInt());
    assertSameAsEmbedded(output);
  }

  @Test
  public void aJobWhoseTaskManagerIsKilledRestartsOnANewOneAndWritesTheSameMarts()
      throws Exception {
    awaitOneIdleTaskManager();
    Path output = FOLDER.getRoot().toPath().resolve("recovered");
    Running submission = submit(output);
    String job = awaitMidJob(submission);
    long killedAt = System.currentTimeMillis();
    killTheTaskManager();
    Result added = script(120, "scripts/flink-cluster.sh", "add-taskmanager");
    assertEquals(added.output, 0, added.exitCode);

    Result result = submission.await(600);
    assertEquals(result.output, 0, result.exitCode);
    // One failure, the lost TaskManager, and the cluster's restart strategy ran the job again.
    JsonNode failures = rest("/jobs/" + job + "/exceptions").get("exceptionHistory").get("entries");
    assertEquals(failures.toString(), 1, failures.size());
    JsonNode details = rest("/jobs/" + job);
    assertEquals("FINISHED", details.get("state").asText());
    long runningAgain = details.get("timestamps").get("RUNNING").asLong();
    assertTrue(details.toString(), runningAgain > killedAt);
    System.out.printf(
        "FlinkClusterTest: the job ran again %.1f s after its TaskManager was killed,"
            + " and finished %.1f s after the kill%n",
        (runningAgain - killedAt) / 1000.0, (details.get("end-time").asLong() - killedAt) / 1000.0);
    assertSameAsEmbedded(output);
  }

  @Test
  public void aJobThatLosesItsOnlyTaskManagerFailsAndLeavesTheEarlierMarts() throws Exception {
    awaitOneIdleTaskManager();
    Path output = FOLDER.getRoot().toPath().resolve("kept");
    copy(embedded.root(), output);
    Map<String, byte[]> earlier = new RunOutput(output).files(".");
    // No restart for this job: the same end as the cluster's restarts running out of time to get a
    // slot back (about 45 s an attempt on this cluster), without the wait.
    Running submission = submit(output, "--numberOfExecutionRetries=0");
    awaitMidJob(submission);
    try {
      killTheTaskManager();
      Result result = submission.await(600);
      assertEquals(result.output, 1, result.exitCode);
      assertTrue(result.output, result.output.contains("segmart: the run failed"));
      assertTrue(result.output, result.output.contains("is no longer reachable;"));
      assertTrue(result.output, result.output.contains(output + " still holds the previous"));
      assertFalse(result.output, result.output.contains("\tat "));
      Map<String, byte[]> after = new RunOutput(output).files(".");
      assertEquals(earlier.keySet(), after.keySet());
      for (String file : earlier.keySet()) {
        assertArrayEquals(file, earlier.get(file), after.get(file));
      }
      // Its partial work stays apart, never marked complete.
      assertTrue(Files.isDirectory(Path.of(output + ".staging")));
      assertFalse(Files.exists(Path.of(output + ".staging", "_SUCCESS")));
    } finally {
      Result added = script(120, "scripts/flink-cluster.sh", "add-taskmanager");
      assertEquals(added.output, 0, added.exitCode);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
