package io.segmart.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The configured markets (e.g. UK and EU) and which market a cleaned country belongs to. */
public final class Markets implements Serializable {
  public static final String OTHER = "OTHER";

  private final List<String> names;
  private final Map<String, String> byCountry = new HashMap<>();

  public Markets(PipelineConfig config) {
    names = new ArrayList<>(config.markets.keySet());
    config.markets.forEach(
        (market, countries) ->
            countries.forEach(
                country -> byCountry.put(country.trim().toUpperCase(Locale.ROOT), market)));
  }

  public String of(String country) {
    return byCountry.getOrDefault(country.toUpperCase(Locale.ROOT), OTHER);
  }

  /** Market names in configuration order. */
  public List<String> names() {
    return names;
  }

  /** The column-name prefix of a market, e.g. "uk" for UK. */
  public static String column(String market) {
    return market.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }
}
