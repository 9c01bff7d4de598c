package io.segmart.io.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON Lines: one JSON object per line, blank lines skipped. Each object becomes its fields
 * as text, by lower-cased name, so that a configuration maps them like CSV columns: strings as they
 * are, numbers as written, true and false, nested objects and arrays as their JSON; a null is no
 * value. A line that is not one JSON object comes back with the problem instead.
 */
final class JsonLines {
  private static final ObjectReader JSON =
      new ObjectMapper()
          // Numbers keep the digits they were written with: 17850.0 stays 17850.0.
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .reader();

  /** One line that holds something: its number, text, and fields or the problem. */
  record Line(long lineNumber, String text, Map<String, String> fields, String problem) {}

  private final BufferedReader in;
  private final int maxLineChars;
  private long linesRead;
  private long blankLines;

  JsonLines(Reader in, int maxLineChars) {
    this.in = new BufferedReader(in, 1 << 16);
    this.maxLineChars = maxLineChars;
  }

  /** Physical lines read so far. */
  long linesRead() {
    return linesRead;
  }

  /** Blank lines read so far; they are skipped, not records. */
  long blankLines() {
    return blankLines;
  }

  /** The next line that is not blank, or null at the end of the input. */
  Line next() throws IOException {
    String text;
    while ((text = in.readLine()) != null) {
      linesRead++;
      if (linesRead == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (!text.isBlank()) {
        return parse(linesRead, text);
      }
      blankLines++;
    }
    return null;
  }

  private Line parse(long lineNumber, String text) {
    if (text.length() > maxLineChars) {
      return new Line(
          lineNumber,
          text.substring(0, 1000) + "...",
          null,
          "line longer than " + maxLineChars + " characters");
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return new Line(lineNumber, text, null, "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return new Line(lineNumber, text, null, "not a JSON object");
    }
    Map<String, String> fields = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (!value.isNull()) {
        fields.put(field.getKey().trim().toLowerCase(Locale.ROOT), text(value));
      }
    }
    return new Line(lineNumber, text, fields, null);
  }

  private static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber()) {
      return value.numberValue().toString();
    }
    return value.isContainerNode() ? value.toString() : value.asText();
  }
}
