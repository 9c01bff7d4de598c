package io.segmart.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.segmart.config.PipelineConfig.Band;
import io.segmart.config.PipelineConfig.BandSet;
import io.segmart.config.PipelineConfig.Scheme;
import io.segmart.config.PipelineConfig.SegmentRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads {@code pipelines/NAME.yaml} and checks every field, so a bad configuration fails before any data is read. */
public final class ConfigLoader {

  /** Invoice-line fields that every source must map. */
  public static final List<String> REQUIRED_COLUMNS =
      List.of("invoice_id", "invoice_ts", "customer_id", "product_id", "quantity", "unit_price", "country");

  /** Invoice-line fields that a source may map. */
  public static final List<String> OPTIONAL_COLUMNS = List.of("description", "status", "email");

  /** Customer metrics that a band set may use. */
  public static final List<String> BAND_METRICS =
      List.of("recency_days", "orders", "revenue", "aov", "items", "lifespan_days", "revenue_365d");

  private static final Set<String> SCORE_NAMES = Set.of("r", "f", "m");

  private ConfigLoader() {}

  public static PipelineConfig load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          file + ": no such pipeline configuration; the shipped ones are in pipelines/ (e.g. --pipeline=pipelines/online-retail.yaml)");
    } catch (IOException e) {
      throw new InvalidConfigException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  public static PipelineConfig parse(InputStream yaml, String origin) {
    ObjectMapper mapper =
        new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    PipelineConfig config;
    try {
      config = mapper.readValue(yaml, PipelineConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigException(
          String.format("%s: unknown field '%s' (known here: %s)", origin, path(e), e.getKnownPropertyIds()), e);
    } catch (JsonMappingException e) {
      throw new InvalidConfigException(
          String.format("%s: field '%s' has a wrong value: %s", origin, path(e), e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new InvalidConfigException(origin + ": not valid YAML: " + e.getMessage(), e);
    }
    if (config == null) {
      throw new InvalidConfigException(origin + ": the file is empty");
    }
    new Validator(origin).validate(config);
    return config;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  /** Collects the first problem as an exception naming the field. */
  private static final class Validator {
    private final String origin;

    Validator(String origin) {
      this.origin = origin;
    }

    private void require(boolean ok, String field, String problem) {
      if (!ok) {
        throw new InvalidConfigException(String.format("%s: field '%s' %s", origin, field, problem));
      }
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }

    void validate(PipelineConfig c) {
      require(!blank(c.name) && c.name.matches("[a-z0-9][a-z0-9_-]*"), "name",
          "is required: lower-case letters, digits, '-' or '_' (it names the default output folder)");
      require(c.source != null, "source", "is required");
      require("csv".equals(c.source.format), "source.format", "must be csv (got '" + c.source.format + "')");
      require(!blank(c.source.input), "source.input", "is required: a file pattern such as data/*.csv.gz");
      require(c.source.delimiter != null && c.source.delimiter.length() == 1, "source.delimiter", "must be one character");
      try {
        DateTimeFormatter.ofPattern(c.source.timestampFormat);
      } catch (IllegalArgumentException | NullPointerException e) {
        require(false, "source.timestampFormat", "is not a valid date-time pattern: " + c.source.timestampFormat);
      }
      try {
        ZoneId.of(c.source.timeZone);
      } catch (RuntimeException e) {
        require(false, "source.timeZone", "is not a time zone: " + c.source.timeZone);
      }
      for (String column : REQUIRED_COLUMNS) {
        require(!blank(c.source.columns.get(column)), "source.columns." + column, "is required: the source column that holds it");
      }
      for (String column : c.source.columns.keySet()) {
        require(REQUIRED_COLUMNS.contains(column) || OPTIONAL_COLUMNS.contains(column), "source.columns." + column,
            "is not an invoice-line field (known: " + REQUIRED_COLUMNS + " and " + OPTIONAL_COLUMNS + ")");
      }
      require(c.cleaning != null, "cleaning", "is required");
      if (c.cleaning.requireDescription) {
        require(!blank(c.source.columns.get("description")), "source.columns.description",
            "is required when cleaning.requireDescription is true");
      }
      require(c.cleaning.minUnitPriceExclusive != null, "cleaning.minUnitPriceExclusive", "is required");
      require(c.cleaning.countries != null, "cleaning.countries", "is required");
      validateScheme(c.segments == null ? null : c.segments.rfm, "segments.rfm", true);
      validateScheme(c.segments.rfGrid, "segments.rfGrid", false);
      for (Map.Entry<String, BandSet> e : c.bands.entrySet()) {
        validateBands(e.getKey(), e.getValue());
      }
      require(c.cx != null, "cx", "is required");
      Set<String> rfmSegments = c.segments.rfm.rules.stream().map(r -> r.segment).collect(Collectors.toSet());
      for (String segment : rfmSegments) {
        Integer priority = c.cx.priorities.get(segment);
        require(priority != null && priority > 0, "cx.priorities." + segment, "is required: a positive support priority");
      }
      for (String segment : c.cx.priorities.keySet()) {
        require(rfmSegments.contains(segment), "cx.priorities." + segment, "is not a segment of segments.rfm");
      }
    }

    private void validateScheme(Scheme scheme, String field, boolean needsActions) {
      require(scheme != null, field, "is required");
      require(scheme.scoring != null, field + ".scoring", "is required: ntile or percent_rank");
      require(!scheme.rules.isEmpty(), field + ".rules", "needs at least one rule");
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < scheme.rules.size(); i++) {
        SegmentRule rule = scheme.rules.get(i);
        String at = field + ".rules[" + i + "]";
        require(!blank(rule.segment), at + ".segment", "is required");
        for (Map.Entry<String, String> condition : rule.when.entrySet()) {
          require(SCORE_NAMES.contains(condition.getKey()), at + ".when." + condition.getKey(), "must be one of r, f, m");
          require(ScoreCondition.parse(condition.getValue()) != null, at + ".when." + condition.getKey(),
              "must be N, >=N, <=N, >N, <N or N-M (got '" + condition.getValue() + "')");
        }
        if (needsActions) {
          require(!blank(rule.valueGroup), at + ".valueGroup", "is required");
          require(!blank(rule.action), at + ".action", "is required");
        }
        seen.add(rule.segment);
      }
      require(scheme.rules.get(scheme.rules.size() - 1).when.isEmpty(), field + ".rules",
          "must end with a rule without conditions, so that every customer gets a segment");
    }

    private void validateBands(String column, BandSet set) {
      String at = "bands." + column;
      require(column.matches("[a-z][a-z0-9_]*"), at, "must be a snake_case column name");
      require(set != null && BAND_METRICS.contains(set.metric), at + ".metric", "must be one of " + BAND_METRICS);
      require(!set.bands.isEmpty(), at + ".bands", "needs at least one band");
      for (int i = 0; i < set.bands.size(); i++) {
        Band band = set.bands.get(i);
        boolean last = i == set.bands.size() - 1;
        require(!blank(band.label), at + ".bands[" + i + "].label", "is required");
        require(band.upTo == null || band.below == null, at + ".bands[" + i + "]", "takes upTo or below, not both");
        require(last == (band.upTo == null && band.below == null), at + ".bands[" + i + "]",
            last ? "is the last band and takes no bound" : "needs upTo or below");
      }
    }
  }
}
