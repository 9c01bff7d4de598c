package io.segmart.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.segmart.config.PipelineConfig.Band;
import io.segmart.config.PipelineConfig.BandSet;
import io.segmart.config.PipelineConfig.Scheme;
import io.segmart.config.PipelineConfig.SegmentRule;
import io.segmart.model.CustomerAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads {@code pipelines/NAME.yaml} (and the file it {@code extends}) and checks every field, so a
 * bad configuration fails before any data is read.
 */
public final class ConfigLoader {

  /**
   * Invoice-line fields that every source must give, from a column or as a constant, with the
   * line's money from one of {@link #PRICE_COLUMNS}.
   */
  public static final List<String> REQUIRED_COLUMNS =
      List.of("invoice_id", "invoice_ts", "customer_id", "product_id", "quantity", "country");

  /**
   * The line's money: the price of one unit (the line total is quantity times it) or the line's
   * total (one unit then costs the total over the quantity); a source maps exactly one.
   */
  public static final List<String> PRICE_COLUMNS = List.of("unit_price", "line_total");

  /** Invoice-line fields that a source may map. */
  public static final List<String> OPTIONAL_COLUMNS =
      Stream.concat(
              Stream.of("description", "status", "line_id"), CustomerAttributes.NAMES.stream())
          .toList();

  /** The fields a customers table may map besides the customer id. */
  static final List<String> CUSTOMER_TABLE_FIELDS =
      Stream.concat(Stream.of("country"), CustomerAttributes.NAMES.stream()).toList();

  /**
   * The columns a source of per-customer totals maps ({@code source.shape: customers}), besides the
   * country and the attributes of {@link #CUSTOMER_TABLE_FIELDS}.
   */
  public static final List<String> CUSTOMER_TOTAL_COLUMNS =
      List.of("customer_id", "orders", "revenue", "first_order_date", "last_order_date");

  /** Customer metrics that K-means may cluster on: every customer has them. */
  public static final List<String> CLUSTER_FEATURES =
      List.of("recency_days", "orders", "revenue", "aov", "items", "lifespan_days", "revenue_365d");

  /** Customer metrics that a band set may use: the features, and age where a customer has one. */
  public static final List<String> BAND_METRICS =
      Stream.concat(CLUSTER_FEATURES.stream(), Stream.of("age")).toList();

  /** Metrics that only lines give: per-customer totals hold no items and no dated orders. */
  static final List<String> LINE_METRICS = List.of("items", "revenue_365d");

  /** A table or column name that SQL takes unquoted. */
  private static final String SQL_NAME = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";

  /** The most clusters: naming tries every assignment of names to clusters. */
  static final int MAX_CLUSTERS = 8;

  /** The highest cleaning.maxLineTotal: it keeps one line's cents far inside a long. */
  static final BigDecimal MAX_LINE_TOTAL_CEILING = new BigDecimal("1000000000000");

  private static final Set<String> SCORE_NAMES = Set.of("r", "f", "m");
  private static final String EXTENDS = "extends";
  private static final int MAX_EXTENDS_DEPTH = 5;
  // A field or list item written as null is an error, so the checks below never meet a null that
  // the file wrote; a field left out keeps its default.
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setDefaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL));

  private ConfigLoader() {}

  public static PipelineConfig load(Path file) {
    PipelineConfig config = bind(tree(file, 0), file.toString());
    Path folder = file.toAbsolutePath().getParent();
    if (config.source.customers != null && config.source.customers.input != null) {
      config.source.customers.input = relativeTo(folder, config.source.customers.input);
    }
    if (config.source.products != null && config.source.products.input != null) {
      config.source.products.input = relativeTo(folder, config.source.products.input);
    }
    if (config.centers != null) {
      config.centers.input = relativeTo(folder, config.centers.input);
    }
    return config;
  }

  /** A relative local path of a file the configuration names, from the configuration's folder. */
  private static String relativeTo(Path folder, String path) {
    return path.contains("://") || Path.of(path).isAbsolute()
        ? path
        : folder.resolve(path).normalize().toString();
  }

  public static PipelineConfig parse(InputStream yaml, String origin) {
    return bind(readTree(yaml, origin), origin);
  }

  /**
   * The YAML tree of a configuration file. With {@code extends: other.yaml} (relative to the file),
   * the other file is the base and every top-level section this file writes replaces the base's
   * section.
   */
  private static ObjectNode tree(Path file, int depth) {
    ObjectNode tree;
    if (Files.isDirectory(file)) {
      throw new InvalidConfigException(file + ": is a folder, not a pipeline configuration file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      tree = readTree(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          file
              + ": no such pipeline configuration; the shipped ones are in pipelines/ (e.g. --pipeline=pipelines/online-retail.yaml)");
    } catch (IOException e) {
      throw new InvalidConfigException(file + ": cannot be read: " + forPeople(e), e);
    }
    JsonNode base = tree.remove(EXTENDS);
    if (base == null) {
      return tree;
    }
    if (!base.isTextual() || depth >= MAX_EXTENDS_DEPTH) {
      throw new InvalidConfigException(
          file
              + ": field 'extends' must name one configuration file, and chains stop at "
              + MAX_EXTENDS_DEPTH);
    }
    Path baseFile = file.toAbsolutePath().getParent().resolve(base.asText());
    ObjectNode merged = tree(baseFile, depth + 1);
    merged.setAll(tree);
    // A relative source.input or centers.input is relative to the file that wrote it.
    for (String section : List.of("source", "centers")) {
      JsonNode input = merged.path(section).path("input");
      if (!tree.has(section)
          && input.isTextual()
          && !input.asText().contains("://")
          && !Path.of(input.asText()).isAbsolute()) {
        Path resolved =
            file.toAbsolutePath()
                .getParent()
                .relativize(baseFile.toAbsolutePath().getParent().resolve(input.asText()));
        ((ObjectNode) merged.get(section)).put("input", resolved.toString());
      }
    }
    return merged;
  }

  private static ObjectNode readTree(InputStream yaml, String origin) {
    try {
      JsonNode tree = YAML.readTree(yaml);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw new InvalidConfigException(origin + ": the file is empty");
      }
      if (!tree.isObject()) {
        throw new InvalidConfigException(
            origin + ": must be a YAML mapping of sections (name, source, cleaning, ...)");
      }
      return (ObjectNode) tree;
    } catch (IOException e) {
      throw new InvalidConfigException(origin + ": not valid YAML: " + forPeople(e), e);
    }
  }

  private static PipelineConfig bind(ObjectNode tree, String origin) {
    PipelineConfig config;
    try {
      config = YAML.treeToValue(tree, PipelineConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigException(
          String.format(
              "%s: unknown field '%s' (known here: %s)", origin, path(e), e.getKnownPropertyIds()),
          e);
    } catch (JsonMappingException e) {
      throw new InvalidConfigException(
          String.format("%s: field '%s' has a wrong value: %s", origin, path(e), forPeople(e)), e);
    } catch (IOException e) {
      throw new InvalidConfigException(origin + ": cannot be read: " + forPeople(e), e);
    }
    if (config.clv != null && !config.clv.enabled) {
      // Off: as if the section were not written, also where the extended file writes one.
      config.clv = null;
    }
    new Validator(origin).validate(config);
    return config;
  }

  /**
   * A parser's message without the Java class names and stream descriptions it carries, with the
   * line and column where it has them.
   */
  private static String forPeople(IOException e) {
    if (e instanceof MismatchedInputException m
        && !(e instanceof InvalidFormatException)
        && m.getTargetType() != null) {
      return "expected " + kind(m.getTargetType());
    }
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    message = String.valueOf(message).replaceAll("\\b(?:[a-z0-9]+\\.)+[A-Z][\\w$]*:? ?", "");
    if (e instanceof JsonProcessingException j
        && j.getLocation() != null
        && j.getLocation().getLineNr() > 0) {
      message +=
          " (line "
              + j.getLocation().getLineNr()
              + ", column "
              + j.getLocation().getColumnNr()
              + ")";
    }
    return message;
  }

  /** What a YAML value of a Java type looks like to the person writing the file. */
  private static String kind(Class<?> type) {
    if (type.isPrimitive()) {
      return type == boolean.class ? "true or false" : "a number";
    }
    if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
      return type.isEnum()
          ? "one of " + List.of(type.getEnumConstants())
          : "a mapping (name: value)";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    return type == Boolean.class ? "true or false" : "a single value";
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

    private static boolean isoDate(String text) {
      try {
        LocalDate.parse(text);
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }

    private void require(boolean ok, String field, String problem) {
      if (!ok) {
        throw new InvalidConfigException(
            String.format("%s: field '%s' %s", origin, field, problem));
      }
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }

    void validate(PipelineConfig c) {
      require(c.history != null, "history", "must be a mapping (enabled, every) when given");
      require(
          Snapshots.period(c.history.every) != null,
          "history.every",
          "must be an ISO-8601 period of at least one day, such as P7D, P1D or P1M");
      require(
          !blank(c.name) && c.name.matches("[a-z0-9][a-z0-9_-]*"),
          "name",
          "is required: lower-case letters, digits, '-' or '_' (it names the default output folder)");
      require(c.source != null, "source", "is required");
      if (c.source.format.readsFiles()) {
        require(
            !blank(c.source.input),
            "source.input",
            "is required: a file pattern such as data/*.csv.gz");
        require(
            c.source.table == null && c.source.query == null,
            "source.table",
            "and source.query are for formats bigquery and jdbc; csv and jsonl read source.input");
      } else {
        String format = c.source.format.name().toLowerCase(Locale.ROOT);
        require(
            blank(c.source.table) != blank(c.source.query),
            "source.table",
            "or source.query is required for format " + format + ", not both");
        require(
            c.source.input == null,
            "source.input",
            "is for csv and jsonl files; format " + format + " reads source.table or source.query");
      }
      if (c.source.format == SourceFormat.JDBC) {
        require(
            blank(c.source.table) || c.source.table.matches(SQL_NAME),
            "source.table",
            "must be a table name (letters, digits, '_', optionally schema.table)");
        require(
            c.source.partitionColumn == null
                || (c.source.partitionColumn.matches(SQL_NAME) && !blank(c.source.table)),
            "source.partitionColumn",
            "must be a numeric column of source.table (a query is read by one worker)");
        for (Map.Entry<String, String> column : c.source.columns.entrySet()) {
          require(
              column.getValue().matches(SQL_NAME),
              "source.columns." + column.getKey(),
              "must be a column name of the table or query (letters, digits, '_')");
        }
      } else {
        require(
            c.source.partitionColumn == null,
            "source.partitionColumn",
            "splits database reads (format jdbc)");
      }
      require(
          c.source.delimiter != null
              && (c.source.delimiter.length() == 1 || c.source.splitsOnWhitespace()),
          "source.delimiter",
          "must be one character, or " + PipelineConfig.Source.WHITESPACE);
      require(
          c.source.fieldNames.isEmpty() || c.source.format == SourceFormat.CSV,
          "source.fieldNames",
          "names the fields of csv files without a header; other sources name their own");
      require(c.source.maxRecordLines >= 1, "source.maxRecordLines", "must be at least 1");
      try {
        Timestamps.parser(c.source.timestampFormat);
      } catch (RuntimeException e) { // the JDK's pattern parser also throws ClassCastException

        require(
            false,
            "source.timestampFormat",
            "is not a valid date-time pattern: " + c.source.timestampFormat);
      }
      try {
        ZoneId.of(c.source.timeZone);
      } catch (RuntimeException e) {
        require(false, "source.timeZone", "is not a time zone: " + c.source.timeZone);
      }
      if (c.source.shape == SourceShape.CUSTOMERS) {
        validateCustomerTotals(c);
      } else {
        validateColumns(c.source);
      }
      require(
          c.source.groupingSeparator.isEmpty()
              || c.source.groupingSeparator.matches("[^0-9.+\\-eE\\s]"),
          "source.groupingSeparator",
          "must be one character that is not part of a number (such as ',' or '\''), or empty");
      require(c.cleaning != null, "cleaning", "is required");
      for (String amount : c.cleaning.unknownAmounts) {
        require(!blank(amount), "cleaning.unknownAmounts", "must not hold an empty value");
      }
      if (c.cleaning.requireDescription && c.source.shape == SourceShape.LINES) {
        require(
            c.source.gives("description"),
            "source.columns.description",
            "is required when cleaning.requireDescription is true");
      }
      require(
          c.cleaning.minUnitPriceExclusive != null,
          "cleaning.minUnitPriceExclusive",
          "is required");
      // Line totals are held in cents in a long and summed over millions of lines.
      require(
          c.cleaning.maxLineTotal != null
              && c.cleaning.maxLineTotal.signum() > 0
              && c.cleaning.maxLineTotal.compareTo(MAX_LINE_TOTAL_CEILING) <= 0,
          "cleaning.maxLineTotal",
          "must be a positive amount of at most " + MAX_LINE_TOTAL_CEILING.toPlainString());
      if (!c.cleaning.excludedStatuses.isEmpty()) {
        require(
            !blank(c.source.columns.get("status")),
            "source.columns.status",
            "is required when cleaning.excludedStatuses is set");
      }
      if (c.cleaning.countsReturns()) {
        require(
            !blank(c.source.columns.get("status")),
            "source.columns.status",
            "is required when cleaning.returnedStatuses is set");
      }
      require(c.cleaning.countries != null, "cleaning.countries", "is required");
      validateScheme(c.segments == null ? null : c.segments.rfm, "segments.rfm", true);
      validateScheme(c.segments.rfGrid, "segments.rfGrid", false);
      for (Map.Entry<String, BandSet> e : c.bands.entrySet()) {
        validateBands(e.getKey(), e.getValue());
      }
      require(c.cx != null, "cx", "is required");
      if (c.centers != null) {
        require(!blank(c.centers.input), "centers.input", "is required: a CSV file of centers");
        require(
            c.source.gives("latitude") && c.source.gives("longitude"),
            "centers",
            "needs the customers' latitude and longitude (source.columns or source.customers)");
      }
      if (c.clusters != null) {
        validateClusters(c.clusters);
      }
      if (c.clv != null) {
        require(
            c.clv.calibrationEnd == null || isoDate(c.clv.calibrationEnd),
            "clv.calibrationEnd",
            "must be a date, yyyy-MM-dd");
        require(
            !c.clv.horizonDays.isEmpty()
                && c.clv.horizonDays.stream().allMatch(h -> h != null && h > 0 && h <= 3650)
                && new HashSet<>(c.clv.horizonDays).size() == c.clv.horizonDays.size(),
            "clv.horizonDays",
            "must be a list of distinct numbers of days from 1 to 3650, for example [90, 365]");
        require(
            c.clv.monthlyDiscount >= 0 && c.clv.monthlyDiscount < 1,
            "clv.monthlyDiscount",
            "must be a rate from 0 (inclusive) to 1, for example 0.01 for 1% a month");
      }
      Set<String> rfmSegments =
          c.segments.rfm.rules.stream().map(r -> r.segment).collect(Collectors.toSet());
      for (String segment : rfmSegments) {
        Integer priority = c.cx.priorities.get(segment);
        require(
            priority != null && priority > 0,
            "cx.priorities." + segment,
            "is required: a positive support priority");
      }
      for (String segment : c.cx.priorities.keySet()) {
        require(
            rfmSegments.contains(segment),
            "cx.priorities." + segment,
            "is not a segment of segments.rfm");
      }
    }

    private void validateColumns(PipelineConfig.Source source) {
      for (String column : REQUIRED_COLUMNS) {
        require(
            !blank(source.columns.get(column))
                || !blank(source.constants.get(column))
                || mapsField(source.customers, column)
                || mapsField(source.products, column),
            "source.columns." + column,
            "is required: the source column that holds it (or source.constants." + column + ")");
      }
      validateTable(source, source.customers, "customers", "customer_id", CUSTOMER_TABLE_FIELDS);
      validateTable(source, source.products, "products", "product_id", List.of("description"));
      require(
          PRICE_COLUMNS.stream().filter(source.columns::containsKey).count() == 1,
          "source.columns",
          "must map one of " + PRICE_COLUMNS + ", not both");
      List<String> known =
          Stream.of(REQUIRED_COLUMNS, PRICE_COLUMNS, OPTIONAL_COLUMNS)
              .flatMap(List::stream)
              .toList();
      for (Map.Entry<String, String> column : source.columns.entrySet()) {
        String at = "source.columns." + column.getKey();
        require(
            known.contains(column.getKey()),
            at,
            "is not an invoice-line field (known: " + known + ")");
        require(!blank(column.getValue()), at, "must name a source column");
        require(
            !column.getValue().equals(PipelineConfig.Source.RECORD) || source.format.readsFiles(),
            at,
            PipelineConfig.Source.RECORD + " is the place of a record in a file; tables have none");
        require(
            source.fieldNames.isEmpty()
                || column.getValue().equals(PipelineConfig.Source.RECORD)
                || source.fieldNames.contains(column.getValue()),
            at,
            "must be one of source.fieldNames " + source.fieldNames);
      }
      for (String field : source.constants.keySet()) {
        String at = "source.constants." + field;
        require(
            known.contains(field) && !PRICE_COLUMNS.contains(field),
            at,
            "is not an invoice-line field that may be constant");
        require(!source.columns.containsKey(field), at, "is mapped in source.columns too");
      }
    }

    /**
     * A source of per-customer totals: its columns, and nothing asked of it that only lines give (a
     * history, returns, unknown amounts, lookup tables, metrics of items or of the last 365 days).
     */
    private void validateCustomerTotals(PipelineConfig c) {
      PipelineConfig.Source source = c.source;
      String shape = "with source.shape customers (one row of totals per customer)";
      for (String column : CUSTOMER_TOTAL_COLUMNS) {
        require(
            !blank(source.columns.get(column)),
            "source.columns." + column,
            "is required " + shape + ": the source column that holds it");
      }
      require(
          source.gives("country"),
          "source.columns.country",
          "is required: the source column that holds it (or source.constants.country)");
      List<String> known =
          Stream.concat(CUSTOMER_TOTAL_COLUMNS.stream(), CUSTOMER_TABLE_FIELDS.stream()).toList();
      for (Map.Entry<String, String> column : source.columns.entrySet()) {
        String at = "source.columns." + column.getKey();
        require(
            known.contains(column.getKey()),
            at,
            "is not a field of customer totals (known: " + known + ")");
        require(!blank(column.getValue()), at, "must name a source column");
      }
      for (String field : source.constants.keySet()) {
        require(
            CUSTOMER_TABLE_FIELDS.contains(field) && !source.columns.containsKey(field),
            "source.constants." + field,
            "must be the country or an attribute that source.columns does not map");
      }
      require(
          source.customers == null && source.products == null,
          "source.customers",
          "and source.products are joined to lines; " + shape + ", join them in source.query");
      require(
          !c.history.enabled,
          "history.enabled",
          "must be false " + shape + ": a segment history needs the dated lines of every order");
      require(
          c.clv == null,
          "clv",
          "must be left out " + shape + ": the CLV models need the date and value of every order");
      require(
          c.cleaning.excludedStatuses.isEmpty()
              && !c.cleaning.countsReturns()
              && !c.cleaning.flagsUnknownAmounts(),
          "cleaning",
          "excludedStatuses, returnedStatuses and unknownAmounts are rules of lines; remove them "
              + shape);
      c.bands.forEach(
          (column, set) ->
              require(
                  set == null || !LINE_METRICS.contains(set.metric),
                  "bands." + column + ".metric",
                  "cannot be one of " + LINE_METRICS + " " + shape));
      if (c.clusters != null) {
        require(
            c.clusters.features.stream().noneMatch(LINE_METRICS::contains),
            "clusters.features",
            "cannot use " + LINE_METRICS + " " + shape);
      }
    }

    private static boolean mapsField(PipelineConfig.Source table, String field) {
      return table != null && table.columns.containsKey(field);
    }

    /**
     * A lookup table: files with their own format, the key mapped, and only fields of what it
     * describes, which the line source does not map itself.
     */
    private void validateTable(
        PipelineConfig.Source lines,
        PipelineConfig.Source table,
        String name,
        String key,
        List<String> fields) {
      if (table == null) {
        return;
      }
      String at = "source." + name;
      if (!lines.format.readsFiles()) {
        require(
            table.format == lines.format,
            at + ".format",
            "must be " + lines.format.name().toLowerCase(Locale.ROOT) + ", as the lines'");
        require(
            blank(table.table) != blank(table.query),
            at,
            "needs a table (project:dataset.table) or a query, not both");
      } else {
        require(
            table.format.readsFiles(),
            at + ".format",
            "must be csv or jsonl: the lines are read from files");
        require(!blank(table.input), at + ".input", "is required: a file pattern");
        require(
            table.delimiter != null
                && (table.delimiter.length() == 1 || table.splitsOnWhitespace()),
            at + ".delimiter",
            "must be one character, or " + PipelineConfig.Source.WHITESPACE);
      }
      require(
          !blank(table.columns.get(key)),
          at + ".columns." + key,
          "is required: the table's column that holds the id the lines refer to");
      for (Map.Entry<String, String> column : table.columns.entrySet()) {
        String field = at + ".columns." + column.getKey();
        require(
            column.getKey().equals(key) || fields.contains(column.getKey()),
            field,
            "is not a field of the " + name + " table (known: " + key + " and " + fields + ")");
        require(
            column.getKey().equals(key) || !lines.columns.containsKey(column.getKey()),
            field,
            "is mapped in source.columns too: one of them must hold it");
        require(
            table.fieldNames.isEmpty() || table.fieldNames.contains(column.getValue()),
            field,
            "must be one of " + at + ".fieldNames " + table.fieldNames);
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
          require(
              SCORE_NAMES.contains(condition.getKey()),
              at + ".when." + condition.getKey(),
              "must be one of r, f, m");
          require(
              ScoreCondition.parse(condition.getValue()) != null,
              at + ".when." + condition.getKey(),
              "must be N, >=N, <=N, >N, <N or N-M (got '" + condition.getValue() + "')");
        }
        if (needsActions) {
          require(!blank(rule.valueGroup), at + ".valueGroup", "is required");
          require(!blank(rule.action), at + ".action", "is required");
        }
        seen.add(rule.segment);
      }
      require(
          scheme.rules.get(scheme.rules.size() - 1).when.isEmpty(),
          field + ".rules",
          "must end with a rule without conditions, so that every customer gets a segment");
    }

    private void validateClusters(PipelineConfig.Clusters clusters) {
      require(
          clusters.k >= 2 && clusters.k <= MAX_CLUSTERS,
          "clusters.k",
          "must be from 2 to " + MAX_CLUSTERS);
      require(!clusters.features.isEmpty(), "clusters.features", "needs at least one metric");
      require(
          CLUSTER_FEATURES.containsAll(clusters.features)
              && Set.copyOf(clusters.features).size() == clusters.features.size(),
          "clusters.features",
          "must be distinct metrics of " + CLUSTER_FEATURES);
      require(clusters.restarts >= 1, "clusters.restarts", "must be at least 1");
      require(clusters.maxIterations >= 1, "clusters.maxIterations", "must be at least 1");
      clusters.names.forEach(
          (name, weights) -> {
            String at = "clusters.names." + name;
            require(name.matches("[A-Za-z][A-Za-z0-9_ -]*"), at, "must be a plain name");
            require(
                weights != null && !weights.isEmpty(),
                at,
                "needs the weight of at least one feature, e.g. {recency_days: -1}");
            require(
                clusters.features.containsAll(weights.keySet()),
                at,
                "weighs only clusters.features " + clusters.features);
          });
    }

    private void validateBands(String column, BandSet set) {
      String at = "bands." + column;
      require(column.matches("[a-z][a-z0-9_]*"), at, "must be a snake_case column name");
      require(
          set != null && set.metric != null && BAND_METRICS.contains(set.metric),
          at + ".metric",
          "must be one of " + BAND_METRICS);
      require(!set.bands.isEmpty(), at + ".bands", "needs at least one band");
      for (int i = 0; i < set.bands.size(); i++) {
        Band band = set.bands.get(i);
        boolean last = i == set.bands.size() - 1;
        require(!blank(band.label), at + ".bands[" + i + "].label", "is required");
        require(
            band.upTo == null || band.below == null,
            at + ".bands[" + i + "]",
            "takes upTo or below, not both");
        require(
            last == (band.upTo == null && band.below == null),
            at + ".bands[" + i + "]",
            last ? "is the last band and takes no bound" : "needs upTo or below");
      }
    }
  }
}
