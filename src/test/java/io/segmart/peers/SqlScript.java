package io.segmart.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A peer's SQL file as statements: placeholders such as ${output} replaced, comment-only parts left
 * out.
 */
final class SqlScript {
  private SqlScript() {}

  /** Statements end with a semicolon at the end of a line. */
  static List<String> statements(Path file, Map<String, String> placeholders) throws IOException {
    String script = Files.readString(file);
    for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
      script = script.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
    }
    List<String> statements = new ArrayList<>();
    for (String sql : script.split(";\\s*\\n")) {
      if (!sql.replaceAll("(?m)^\\s*--.*$", "").isBlank()) {
        statements.add(sql);
      }
    }
    return statements;
  }
}
