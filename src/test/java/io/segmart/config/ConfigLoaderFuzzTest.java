package io.segmart.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes the configuration loader with any file, which may extend the shipped Online Retail
 * configuration (copied beside it as base.yaml): it loads, or fails with an {@link
 * InvalidConfigException} that names the file; nothing else. Saved inputs under
 * ConfigLoaderFuzzTestInputs run in every build.
 */
class ConfigLoaderFuzzTest {
  private static final Path FOLDER = folder();

  /** A qualified Java class name or an exception's name, as a stack trace would show it. */
  private static final Pattern JAVA_NAME =
      Pattern.compile("(?<!\\w)(java|javax|com|org)\\.[a-z]+\\.|\\w+Exception\\b");

  @FuzzTest
  void loadsOrSaysWhy(byte[] yaml) throws IOException {
    Path file = FOLDER.resolve("fuzz.yaml");
    Files.write(file, yaml);
    try {
      assertNotNull(ConfigLoader.load(file));
    } catch (InvalidConfigException e) {
      // Said to a person: the file at fault, then the problem, and no Java class names but those
      // the file itself wrote (a message may quote the file).
      String message = e.getMessage();
      String text = new String(yaml, StandardCharsets.UTF_8);
      assertTrue(message.contains(": "), "names the file first: " + message);
      Matcher javaName = JAVA_NAME.matcher(message);
      while (javaName.find()) {
        // A package-like name ends at its last dot; the file may have written it before a colon.
        String name = javaName.group().replaceAll("\\.$", "");
        assertTrue(text.contains(name), "a message for a person: " + message);
      }
    }
  }

  private static Path folder() {
    try {
      Path folder = Files.createTempDirectory("config-fuzz");
      Files.copy(
          Path.of("pipelines/online-retail.yaml"),
          folder.resolve("base.yaml"),
          StandardCopyOption.REPLACE_EXISTING);
      return folder;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
