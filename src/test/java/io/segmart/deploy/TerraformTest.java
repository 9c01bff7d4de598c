package io.segmart.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * terraform/ checked with a real HCL parser; each kind of drift shown to be caught on a changed
 * copy.
 */
class TerraformTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  @Test
  void terraformHoldsEveryInvariant() throws IOException {
    assertEquals(List.of(), TerraformChecks.check(ROOT, ROOT.resolve("terraform")));
  }

  /** A copy of terraform/ with one file changed. */
  private static Path changedCopy(Path folder, String file, String from, String to)
      throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("terraform"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, folder.resolve(f.getFileName()));
      }
    }
    String text = Files.readString(folder.resolve(file));
    assertTrue(text.contains(from), file + " contains " + from);
    Files.writeString(folder.resolve(file), text.replace(from, to));
    return folder;
  }

  private static void assertCaught(Path copy, String problem) throws IOException {
    List<String> problems = TerraformChecks.check(ROOT, copy);
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(problem)),
        "expected '" + problem + "' in " + problems);
  }

  @Test
  void renamedVariableIsCaught(@TempDir Path folder) throws IOException {
    assertCaught(
        changedCopy(folder, "variables.tf", "variable \"schedule\" {", "variable \"cron\" {"),
        "var.schedule is used but not declared");
  }

  @Test
  void schemaDriftIsCaught(@TempDir Path folder) throws IOException {
    assertCaught(
        changedCopy(
            folder, "mart-tables.json", "\"name\" : \"rfm_segment\"", "\"name\" : \"segment\""),
        "mart-tables.json differs from the tables the code writes");
  }

  @Test
  void templatePathThatTheBuildDoesNotPublishIsCaught(@TempDir Path folder) throws IOException {
    assertCaught(
        changedCopy(
            folder,
            "main.tf",
            "template_object = \"templates/segmart.json\"",
            "template_object = \"templates/segmart-v2.json\""),
        "but scripts/build-flex-template.sh uses templates/segmart.json");
  }

  @Test
  void committedCredentialIsCaught(@TempDir Path folder) throws IOException {
    assertCaught(
        changedCopy(
            folder,
            "versions.tf",
            "  region  = var.region\n",
            "  region  = var.region\n  credentials = file(\"key.json\")\n"),
        "looks like a credential");
  }

  @Test
  void broaderRoleIsCaught(@TempDir Path folder) throws IOException {
    assertCaught(
        changedCopy(folder, "iam.tf", "\"roles/bigquery.jobUser\"", "\"roles/bigquery.admin\""),
        "role roles/bigquery.admin is broader than the job needs");
  }

  @Test
  void parameterThatTheTemplateDoesNotTakeIsCaught(@TempDir Path folder) throws IOException {
    assertCaught(
        changedCopy(
            folder,
            "main.tf",
            "      pipeline      = var.pipeline",
            "      config        = var.pipeline"),
        "the scheduler passes config, which is not a template parameter");
  }
}
