package io.segmart.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import io.segmart.testing.BundledJarTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/**
 * The bundled jar parses the options of every runner it ships (its build keeps one options
 * registrar, {@code AcceptedOptionsRegistrar}), and names an option it does not know.
 */
@Category(BundledJarTest.class)
public class BundledJarOptionsTest {
  private static final Path JAR = Path.of("target/segmart-0.1.0-SNAPSHOT-bundled.jar");

  /** The jar's exit code and standard error, for a configuration that does not exist. */
  private static Result run(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(JAR.toString());
    command.add("--pipeline=no-such.yaml");
    command.addAll(List.of(options));
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), stderr);
  }

  private record Result(int exitCode, String stderr) {}

  @Test
  public void takesTheOptionsOfEveryRunnerAndOfGoogleCloud() throws Exception {
    Result result =
        run(
            "--runner=DataflowRunner",
            "--project=my-project",
            "--region=europe-west1",
            "--tempLocation=gs://my-bucket/tmp",
            "--maxNumWorkers=3",
            "--workerMachineType=n2-standard-4",
            "--experiments=use_runner_v2",
            "--defaultSdkHarnessLogLevel=WARN",
            "--resourceHints=min_ram=4GB",
            "--bigQueryProject=my-project",
            "--flinkMaster=[local]",
            "--parallelism=2",
            "--fasterCopy=true",
            "--useDataStreamForBatch=true",
            "--targetParallelism=2",
            "--defaultEnvironmentType=EMBEDDED");
    assertEquals(result.stderr(), 2, result.exitCode());
    assertThat(result.stderr(), containsString("no-such.yaml: no such pipeline configuration"));
  }

  @Test
  public void namesAnOptionItDoesNotKnow() throws Exception {
    Result result = run("--regio=europe-west1");
    assertEquals(result.stderr(), 2, result.exitCode());
    assertThat(
        result.stderr(),
        containsString("missing a property named 'regio'. Did you mean 'region'?"));
  }
}
