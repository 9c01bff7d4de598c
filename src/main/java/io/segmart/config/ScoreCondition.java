package io.segmart.config;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inclusive range of scores, parsed from a rule condition such as {@code >=4} or {@code 2-3}.
 */
public final class ScoreCondition implements Serializable {
  // Scores are small (1 to the number of tiles): three digits at most.
  private static final Pattern FORM =
      Pattern.compile("\\s*(>=|<=|>|<)?\\s*(\\d{1,3})\\s*(?:-\\s*(\\d{1,3})\\s*)?");

  private final int min;
  private final int max;

  private ScoreCondition(int min, int max) {
    this.min = min;
    this.max = max;
  }

  /** Parses a condition that validation accepted. */
  public static ScoreCondition of(String text) {
    ScoreCondition condition = parse(text);
    if (condition == null) {
      throw new InvalidConfigException("not a score condition: '" + text + "'");
    }
    return condition;
  }

  /** Parses a condition; returns null when the text is not one of the accepted forms. */
  static ScoreCondition parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches() || (m.group(1) != null && m.group(3) != null)) {
      return null;
    }
    int value = Integer.parseInt(m.group(2));
    if (m.group(3) != null) {
      return new ScoreCondition(value, Integer.parseInt(m.group(3)));
    }
    String op = m.group(1) == null ? "" : m.group(1);
    switch (op) {
      case ">=":
        return new ScoreCondition(value, Integer.MAX_VALUE);
      case ">":
        return new ScoreCondition(value + 1, Integer.MAX_VALUE);
      case "<=":
        return new ScoreCondition(Integer.MIN_VALUE, value);
      case "<":
        return new ScoreCondition(Integer.MIN_VALUE, value - 1);
      default:
        return new ScoreCondition(value, value);
    }
  }

  public boolean test(int score) {
    return score >= min && score <= max;
  }
}
