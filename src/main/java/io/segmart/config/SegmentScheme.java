package io.segmart.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A segment scheme's rules, ready to evaluate: the first rule whose conditions all hold names the
 * segment.
 */
public final class SegmentScheme implements Serializable {
  private final List<PipelineConfig.SegmentRule> rules;
  private final List<Map<String, ScoreCondition>> conditions = new ArrayList<>();

  public SegmentScheme(PipelineConfig.Scheme scheme) {
    this.rules = scheme.rules;
    for (PipelineConfig.SegmentRule rule : rules) {
      Map<String, ScoreCondition> parsed = new LinkedHashMap<>();
      rule.when.forEach((score, text) -> parsed.put(score, ScoreCondition.of(text)));
      conditions.add(parsed);
    }
  }

  /**
   * The rule that names the segment of scores r, f, m (validation guarantees a catch-all last
   * rule).
   */
  public PipelineConfig.SegmentRule match(int r, int f, int m) {
    for (int i = 0; i < rules.size(); i++) {
      if (holds(conditions.get(i), r, f, m)) {
        return rules.get(i);
      }
    }
    throw new IllegalStateException("no rule matched and the scheme has no catch-all rule");
  }

  private static boolean holds(Map<String, ScoreCondition> when, int r, int f, int m) {
    for (Map.Entry<String, ScoreCondition> c : when.entrySet()) {
      int score = c.getKey().equals("r") ? r : c.getKey().equals("f") ? f : m;
      if (!c.getValue().test(score)) {
        return false;
      }
    }
    return true;
  }

  /** Every segment name the scheme can give, for accepted-values tests. */
  public Set<String> segments() {
    Set<String> names = new LinkedHashSet<>();
    rules.forEach(rule -> names.add(rule.segment));
    return names;
  }

  /** Every value group the scheme can give. */
  public Set<String> valueGroups() {
    Set<String> names = new LinkedHashSet<>();
    rules.forEach(rule -> names.add(rule.valueGroup));
    return names;
  }
}
