package io.segmart.marts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.segmart.config.Bands;
import io.segmart.config.Markets;
import io.segmart.config.PipelineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each mart and column means, read from {@code io/segmart/marts/schema.yml} (like a dbt
 * schema.yml): the one source of table and column descriptions, for the BigQuery tables, their docs
 * and the Terraform tables.
 */
public final class MartCatalog {
  private static final String RESOURCE = "/io/segmart/marts/schema.yml";
  private static final String MARKET = "{market}";
  private static final String HORIZON = "{horizon}";

  private final Map<String, Mart> marts;

  private MartCatalog(Map<String, Mart> marts) {
    this.marts = marts;
  }

  public static MartCatalog load() {
    try (InputStream in = MartCatalog.class.getResourceAsStream(RESOURCE)) {
      ObjectMapper yaml =
          new ObjectMapper(new YAMLFactory())
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      return new MartCatalog(
          yaml.readValue(in, new TypeReference<LinkedHashMap<String, Mart>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public Mart mart(String name) {
    Mart mart = marts.get(name);
    if (mart == null) {
      throw new IllegalArgumentException("mart " + name + " is not in " + RESOURCE);
    }
    return mart;
  }

  /**
   * The description of a mart's column: as written, or for a market, band or CLV horizon column,
   * from the configuration. Null when the catalog does not describe it.
   */
  public String describe(String martName, String column, PipelineConfig config) {
    Mart mart = mart(martName);
    String described = mart.columns.get(column);
    if (described != null) {
      return described;
    }
    PipelineConfig.BandSet bands = config.bands.get(column);
    if (bands != null
        && (martName.equals(DimCustomers.NAME) || martName.equals(SegmentHistory.NAME))) {
      return "Band of "
          + bands.metric
          + " (bands."
          + column
          + " of the pipeline configuration): "
          + String.join(", ", Bands.labels(bands))
          + ".";
    }
    Map<String, Map<String, String>> placeholders = placeholders(config);
    for (Map.Entry<String, String> pattern : mart.columns.entrySet()) {
      for (Map.Entry<String, Map<String, String>> placeholder : placeholders.entrySet()) {
        if (!pattern.getKey().contains(placeholder.getKey())) {
          continue;
        }
        for (Map.Entry<String, String> value : placeholder.getValue().entrySet()) {
          if (pattern.getKey().replace(placeholder.getKey(), value.getKey()).equals(column)) {
            return pattern.getValue() + value.getValue();
          }
        }
      }
    }
    return null;
  }

  /**
   * What each placeholder of a described column name stands for in this configuration: its text in
   * the column's name, and what the description adds for it.
   */
  private static Map<String, Map<String, String>> placeholders(PipelineConfig config) {
    Map<String, String> markets = new LinkedHashMap<>();
    config.markets.keySet().forEach(m -> markets.put(Markets.column(m), " Market " + m + "."));
    Map<String, String> horizons = new LinkedHashMap<>();
    if (config.clv != null) {
      config.clv.horizonDays.forEach(
          h -> horizons.put(h.toString(), " Horizon: " + h + " days (clv.horizonDays)."));
    }
    return Map.of(MARKET, markets, HORIZON, horizons);
  }

  /** The names of the marts the catalog describes, in file order. */
  public List<String> names() {
    return List.copyOf(marts.keySet());
  }

  /** A mart's meaning and its column descriptions. */
  public static final class Mart implements Serializable {
    public String description;
    public Map<String, String> columns = new LinkedHashMap<>();
  }
}
