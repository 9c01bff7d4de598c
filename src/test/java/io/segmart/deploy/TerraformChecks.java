package io.segmart.deploy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmart.config.ConfigLoader;
import io.segmart.io.bigquery.MartTableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The invariants of terraform/, checked without the Terraform binary: every .tf file parsed by a
 * real HCL parser (hcl4j), then what must agree with the rest of the repository. Returns the
 * problems found, so a test can show that each kind of drift is caught.
 */
final class TerraformChecks {
  /** Roles the deployment may grant; anything broader is a finding. */
  static final Set<String> ALLOWED_ROLES =
      Set.of(
          "roles/dataflow.worker",
          "roles/bigquery.jobUser",
          "roles/bigquery.readSessionUser",
          "roles/bigquery.dataEditor",
          "roles/bigquery.dataViewer",
          "roles/storage.objectAdmin",
          "roles/storage.objectViewer",
          "roles/artifactregistry.reader",
          "roles/dataflow.developer",
          "roles/iam.serviceAccountUser");

  private static final Pattern VARIABLE_USE = Pattern.compile("\\bvar\\.([a-z_][a-z0-9_]*)");
  private static final Pattern ROLE = Pattern.compile("\"(roles/[A-Za-z.]+)\"");
  private static final Pattern TEMPLATE_OBJECT =
      Pattern.compile("template_object\\s*=\\s*\"?([^\"\\s]+)\"?");
  private static final List<Pattern> SECRETS =
      List.of(
          Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY"),
          Pattern.compile("\"private_key(_id)?\"\\s*:"),
          Pattern.compile("AIza[0-9A-Za-z_-]{20,}"),
          Pattern.compile("(?i)\\b(credentials|access_token|client_secret|password)\\s*="),
          Pattern.compile("(?m)^\\s*project\\s*=\\s*\"[a-z]"));

  private final Path root;
  private final Path terraform;
  private final List<String> problems = new ArrayList<>();
  private final Map<Path, Map<String, Object>> parsed = new LinkedHashMap<>();
  private final Map<Path, String> texts = new LinkedHashMap<>();

  private TerraformChecks(Path root, Path terraform) {
    this.root = root;
    this.terraform = terraform;
  }

  /** The problems of the Terraform folder {@code terraform} of the repository at {@code root}. */
  static List<String> check(Path root, Path terraform) throws IOException {
    TerraformChecks checks = new TerraformChecks(root, terraform);
    checks.parse();
    checks.variables();
    checks.scheduler();
    checks.launchParameters();
    checks.tables();
    checks.secretsAndRoles();
    return checks.problems;
  }

  private void parse() throws IOException {
    try (Stream<Path> files = Files.list(terraform)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        texts.put(file, text);
        try {
          parsed.put(file, new HCLParser().parse(text));
        } catch (Exception e) {
          problems.add(file.getFileName() + " is not valid HCL: " + e.getMessage());
        }
      }
    }
    if (parsed.isEmpty()) {
      problems.add("no .tf file in " + terraform);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> blocks(String kind) {
    Map<String, Object> all = new LinkedHashMap<>();
    parsed
        .values()
        .forEach(
            hcl -> {
              Object blocks = hcl.get(kind);
              if (blocks instanceof Map) {
                all.putAll((Map<String, Object>) blocks);
              }
            });
    return all;
  }

  /**
   * Every variable used is declared with a description and a type, and every declared one is used.
   */
  @SuppressWarnings("unchecked")
  private void variables() {
    Map<String, Object> declared = blocks("variable");
    declared.forEach(
        (name, body) -> {
          Map<String, Object> variable = (Map<String, Object>) body;
          if (!(variable.get("description") instanceof String)
              || ((String) variable.get("description")).isBlank()) {
            problems.add("variable " + name + " has no description");
          }
          if (!variable.containsKey("type")) {
            problems.add("variable " + name + " has no type");
          }
        });
    Set<String> used = new TreeSet<>();
    texts
        .values()
        .forEach(
            text -> {
              Matcher use = VARIABLE_USE.matcher(text);
              while (use.find()) {
                used.add(use.group(1));
              }
            });
    for (String name : used) {
      if (!declared.containsKey(name)) {
        problems.add("var." + name + " is used but not declared");
      }
    }
    for (String name : declared.keySet()) {
      if (!used.contains(name)) {
        problems.add("variable " + name + " is declared but never used");
      }
    }
  }

  /**
   * The weekly job calls flexTemplates:launch with a token, on the template the build script
   * publishes.
   */
  @SuppressWarnings("unchecked")
  private void scheduler() throws IOException {
    Map<String, Object> jobs =
        (Map<String, Object>)
            blocks("resource").getOrDefault("google_cloud_scheduler_job", Map.of());
    if (jobs.size() != 1) {
      problems.add("expected one google_cloud_scheduler_job, found " + jobs.size());
      return;
    }
    Map<String, Object> job = (Map<String, Object>) jobs.values().iterator().next();
    if (!"var.schedule".equals(String.valueOf(job.get("schedule")))
        || !"var.schedule_time_zone".equals(String.valueOf(job.get("time_zone")))) {
      problems.add(
          "the scheduler's schedule and time_zone must be the variables schedule and schedule_time_zone");
    }
    Map<String, Object> target = (Map<String, Object>) job.get("http_target");
    if (target == null
        || !String.valueOf(target.get("uri")).endsWith("/flexTemplates:launch")
        || !"POST".equals(target.get("http_method"))) {
      problems.add("the scheduler must POST to .../flexTemplates:launch");
      return;
    }
    Map<String, Object> token = (Map<String, Object>) target.get("oauth_token");
    if (token == null || token.get("service_account_email") == null) {
      problems.add("the scheduler must call the API with an oauth_token of a service account");
    }
    JsonNode body =
        new ObjectMapper().readTree(Base64.getDecoder().decode(String.valueOf(target.get("body"))));
    String launched = body.path("launchParameter").path("containerSpecGcsPath").asText();
    for (String script : List.of("scripts/build-flex-template.sh", "scripts/launch-dataflow.sh")) {
      String published = templateObject(Files.readString(root.resolve(script)), script);
      if (published != null && !launched.endsWith("/" + published)) {
        problems.add(
            "the scheduler launches " + launched + " but " + script + " uses " + published);
      }
    }
    if (body.path("launchParameter")
        .path("environment")
        .path("serviceAccountEmail")
        .isMissingNode()) {
      problems.add(
          "the launched job must run as the job service account (environment.serviceAccountEmail)");
    }
  }

  private String templateObject(String text, String where) {
    Matcher object = TEMPLATE_OBJECT.matcher(text);
    if (!object.find()) {
      problems.add(where + " does not name its template_object");
      return null;
    }
    return object.group(1);
  }

  /** Every parameter the scheduler passes is a parameter of the template's metadata. */
  private void launchParameters() throws IOException {
    Set<String> parameters = new HashSet<>();
    new ObjectMapper()
        .readTree(root.resolve("src/main/flex-template/metadata.json").toFile())
        .path("parameters")
        .forEach(p -> parameters.add(p.path("name").asText()));
    String main = texts.getOrDefault(terraform.resolve("main.tf"), "");
    int start = main.indexOf("launch_parameters = merge(");
    if (start < 0) {
      problems.add("main.tf has no local launch_parameters");
      return;
    }
    Matcher key =
        Pattern.compile("\\b([a-zA-Z]+)\\s*=\\s")
            .matcher(
                main.substring(start + "launch_parameters".length(), main.indexOf("\n  )", start)));
    while (key.find()) {
      if (!parameters.contains(key.group(1))) {
        problems.add(
            "the scheduler passes " + key.group(1) + ", which is not a template parameter");
      }
    }
  }

  /**
   * The tables are made from mart-tables.json, and that file is what the code writes to BigQuery.
   */
  private void tables() throws IOException {
    String main = texts.getOrDefault(terraform.resolve("main.tf"), "");
    if (!main.contains("jsondecode(file(\"${path.module}/mart-tables.json\"))")) {
      problems.add("main.tf must read the mart tables from mart-tables.json");
    }
    String expected =
        MartTableFiles.terraform(
            ConfigLoader.load(root.resolve("pipelines/online-retail-bigquery.yaml")));
    Path file = terraform.resolve("mart-tables.json");
    if (!Files.exists(file) || !Files.readString(file).equals(expected)) {
      problems.add(
          "mart-tables.json differs from the tables the code writes: run scripts/describe-tables.sh");
    }
  }

  private void secretsAndRoles() throws IOException {
    List<Path> files = new ArrayList<>(texts.keySet());
    files.add(terraform.resolve("terraform.tfvars.example"));
    for (Path file : files) {
      String text = Files.exists(file) ? Files.readString(file) : "";
      for (Pattern secret : SECRETS) {
        if (secret.matcher(text).find()) {
          problems.add(
              file.getFileName()
                  + " holds what looks like a credential or a fixed project: "
                  + secret);
        }
      }
    }
    texts
        .values()
        .forEach(
            text -> {
              Matcher role = ROLE.matcher(text);
              while (role.find()) {
                if (!ALLOWED_ROLES.contains(role.group(1))) {
                  problems.add("role " + role.group(1) + " is broader than the job needs");
                }
              }
            });
  }
}
