package io.segmart.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deployment scripts' --dry-run prints the commands they would run, and bad use is refused. */
class DeployScriptsTest {
  private record Result(int exit, String out) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("bash"));
    args.addAll(List.of(command));
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), out);
  }

  @Test
  void buildPublishesTheTemplateWhereTheSchedulerLaunchesIt() throws Exception {
    Result result =
        run(
            "scripts/build-flex-template.sh",
            "--project=my-project",
            "--region=europe-west1",
            "--bucket=my-project-segmart",
            "--tag=v1",
            "--dry-run");
    assertEquals(0, result.exit(), result.out());
    assertTrue(result.out().contains("io.segmart.options.FlexTemplateMetadata"), result.out());
    assertTrue(
        result
            .out()
            .contains(
                "--substitutions=_IMAGE=europe-west1-docker.pkg.dev/my-project/segmart/segmart:v1"),
        result.out());
    assertTrue(
        result
            .out()
            .contains(
                "gcloud dataflow flex-template build gs://my-project-segmart/templates/segmart.json"),
        result.out());
  }

  @Test
  void launchPassesTheParametersOfAWeeklyRun() throws Exception {
    Result result =
        run(
            "scripts/launch-dataflow.sh",
            "--project=my-project",
            "--region=europe-west1",
            "--bucket=my-project-segmart",
            "--service-account=segmart-job@my-project.iam.gserviceaccount.com",
            "--job-name=segmart-rerun",
            "--dry-run",
            "--",
            "--asOf=2011-12-10");
    assertEquals(0, result.exit(), result.out());
    assertTrue(
        result.out().startsWith("gcloud dataflow flex-template run segmart-rerun "), result.out());
    assertTrue(
        result
            .out()
            .contains(
                "--template-file-gcs-location=gs://my-project-segmart/templates/segmart.json"),
        result.out());
    assertTrue(result.out().contains("outputDataset=my-project:segmart"), result.out());
    assertTrue(result.out().contains("asOf=2011-12-10"), result.out());
  }

  @Test
  void missingArgumentIsNamed() throws Exception {
    Result result = run("scripts/launch-dataflow.sh", "--project=my-project", "--dry-run");
    assertEquals(2, result.exit());
    assertTrue(result.out().contains("--region is required"), result.out());
  }
}
