package io.segmart.tools;

import java.util.Map;
import java.util.TreeMap;

/** The {@code --name=value} arguments of a tool's command line; a bare {@code --name} is true. */
final class ToolOptions {
  private ToolOptions() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new TreeMap<>();
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    return options;
  }
}
