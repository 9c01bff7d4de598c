package io.segmart.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named pipeline configuration, bound from {@code pipelines/NAME.yaml}. Fields mirror the YAML
 * keys; {@link ConfigLoader} binds and validates it before any data is read.
 */
public class PipelineConfig implements Serializable {
  public String name;
  public String description;
  public Source source;
  public Cleaning cleaning;

  /**
   * Market name (e.g. UK, EU) to the countries in it, after cleaning; other countries are OTHER.
   */
  public Map<String, List<String>> markets = new LinkedHashMap<>();

  public Segments segments;

  /** Customer columns that band a metric, such as profit_level; the key is the column name. */
  public Map<String, BandSet> bands = new LinkedHashMap<>();

  public Cx cx;

  /** Snapshots of every customer's scores and segments over time. */
  public History history = new History();

  /**
   * Distribution centers: with them, dim_customers names each customer's nearest center (by
   * great-circle distance from the customer's latitude and longitude) and its distance in km.
   */
  public Centers centers;

  /** K-means clusters of the customers: with them, a clusters mart and a cluster column. */
  public Clusters clusters;

  /**
   * Customer lifetime value: the BG/NBD and Gamma-Gamma models fitted on the customers' purchases
   * (the clv_model mart), checked on a holdout (clv_holdout), and each customer's scores in
   * dim_customers; null when the configuration has no clv section or turns it off.
   */
  public Clv clv;

  /** How the run's HTML report shows its figures. */
  public Report report = new Report();

  /** How the report formats money. */
  public static class Report implements Serializable {
    /** Written before every amount, such as £ or Rp; none by default. */
    public String currency = "";
  }

  /** How the CLV models are fitted. */
  public static class Clv implements Serializable {
    /** false turns the section off, as in a file that extends one whose CLV is on. */
    public boolean enabled = true;

    /**
     * The last day (yyyy-MM-dd) of the purchases the models are first fitted on; the purchases
     * after it, up to the day before the reference date, are the holdout that the fit is checked on
     * (clv_holdout), and the customers' scores come from a second fit on every purchase. By default
     * the day before the reference date: one fit, and no holdout.
     */
    public String calibrationEnd;

    /** The time unit of the models' parameters and of x's times: weeks or days. */
    public ClvUnit unit = ClvUnit.WEEKS;

    /** The horizons, in days, of the expected purchases and the CLV of dim_customers. */
    public List<Integer> horizonDays = new ArrayList<>(List.of(90, 365));

    /** The discount rate per month (30 days) of the CLV: 0.01 is 1% a month. */
    public double monthlyDiscount = 0.01;
  }

  /** Where the distribution centers are. */
  public static class Centers implements Serializable {
    /**
     * A CSV file (plain or .gz) with the columns id, name, latitude and longitude; relative to the
     * configuration file.
     */
    public String input;
  }

  /**
   * K-means on the customers' standardized metrics (z-scores with the population standard
   * deviation), k-means++ seeded, restarted many times keeping the lowest inertia; clusters named
   * from their centroids.
   */
  public static class Clusters implements Serializable {
    public int k = 3;

    /** Customer metrics clustered on, as in bands. */
    public List<String> features = new ArrayList<>(List.of("recency_days", "orders", "revenue"));

    /** Seed of the k-means++ initialisations: the same customers give the same clusters. */
    public long seed = 42;

    public int restarts = 10;
    public int maxIterations = 300;

    /**
     * Name to the weight of each feature in its score: a cluster's score for a name is the sum of
     * weight × standardized centroid. Clusters get the names that make the total score highest,
     * each name at most once; clusters left over are named cluster_1, cluster_2, ...
     */
    public Map<String, Map<String, Double>> names = new LinkedHashMap<>();
  }

  /** Where invoice lines come from and how source columns map onto the invoice line. */
  public static class Source implements Serializable {
    /**
     * {@code csv} (files matching {@link #input}) or {@code bigquery} ({@link #table} or {@link
     * #query}).
     */
    public SourceFormat format = SourceFormat.CSV;

    /**
     * What one record is: {@code lines} (an invoice line, the default) or {@code customers} (one
     * customer's totals: orders, revenue, first and last order date), whose columns map {@link
     * ConfigLoader#CUSTOMER_TOTAL_COLUMNS}.
     */
    public SourceShape shape = SourceShape.LINES;

    public String input;

    /** BigQuery table, {@code [project:]dataset.table} or {@code project.dataset.table}. */
    public String table;

    /**
     * BigQuery standard SQL query, or a database query (format jdbc), whose result columns are
     * mapped by {@link #columns}.
     */
    public String query;

    /**
     * Format jdbc with a table: a numeric column whose range splits the read over workers (each
     * reads one slice of it). Without one, one worker reads the table.
     */
    public String partitionColumn;

    /**
     * The field separator of csv files: one character, or {@code whitespace} for fields separated
     * by runs of spaces and tabs, without quoting (such as CDNOW's text files).
     */
    public String delimiter = ",";

    /**
     * For csv files without a header line: the names of their fields in order, which {@link
     * #columns} then refers to. Empty: the first line of each file is its header.
     */
    public List<String> fieldNames = new ArrayList<>();

    /**
     * Invoice-line fields that the source does not hold, to a value every record gets, such as a
     * country for a source of one market.
     */
    public Map<String, String> constants = new LinkedHashMap<>();

    /**
     * How many lines one quoted field may span: a quote still open after that is unbalanced, its
     * line a malformed record, and reading resumes at the next line.
     */
    public int maxRecordLines = 100;

    /**
     * A java.time pattern; optional parts in brackets, e.g. {@code yyyy-MM-dd HH:mm[:ss]}. BigQuery
     * TIMESTAMP, DATETIME and DATE values are written with it before cleaning, like text from a
     * file.
     */
    public String timestampFormat = "yyyy-MM-dd HH:mm[:ss]";

    /** Zone of timestamps that carry none. */
    public String timeZone = "UTC";

    /**
     * Text before every amount, such as {@code Rp} in {@code "Rp388,000.00"}; removed if present.
     */
    public String currencyPrefix = "";

    /** The thousands separator of amounts, such as {@code ,}; empty when amounts have none. */
    public String groupingSeparator = "";

    /**
     * Invoice-line field (invoice_id, invoice_ts, ...) to the source column that holds it. For file
     * sources, {@value #RECORD} instead of a column makes the record's own place (file and line)
     * the field: an invoice id of one order per record.
     */
    public Map<String, String> columns = new LinkedHashMap<>();

    /**
     * A table of customers, one row per customer id, joined to the lines by {@code customer_id}:
     * the attributes and country it maps are the customer's, whatever the lines say. Files (csv or
     * jsonl), with their own format, input and columns; its columns map {@code customer_id}.
     */
    public Source customers;

    /**
     * A table of products, one row per product id, joined to the lines by {@code product_id}: the
     * description it maps is the product's. Like {@link #customers}.
     */
    public Source products;

    /** The column mapping that stands for the record's own file and line. */
    public static final String RECORD = "$record";

    /** Whether the lines get the field: from a column, a lookup table or a constant. */
    public boolean gives(String field) {
      return columns.containsKey(field)
          || constants.containsKey(field)
          || (customers != null && customers.columns.containsKey(field))
          || (products != null && products.columns.containsKey(field));
    }

    /** Whether files are split on runs of whitespace. */
    public boolean splitsOnWhitespace() {
      return WHITESPACE.equals(delimiter);
    }

    /** The {@link #delimiter} word for whitespace-separated files. */
    public static final String WHITESPACE = "whitespace";
  }

  /** The rules that decide which lines are kept. */
  public static class Cleaning implements Serializable {
    /** Invoice ids starting with this are cancellations; empty disables the rule. */
    public String cancellationPrefix = "C";

    public long minQuantityExclusive = 0;
    public BigDecimal minUnitPriceExclusive = BigDecimal.ZERO;

    /**
     * Whether a line of price zero (a free item, such as CDNOW's 0.00 purchases) is kept whatever
     * minUnitPriceExclusive says: it counts as an order and adds nothing to spend.
     */
    public boolean keepZeroAmounts = false;

    /**
     * The largest line total kept, in the source currency; larger lines are rejects. It keeps every
     * total exact: sums of lines this size fit in a long of cents up to 92 million lines.
     */
    public BigDecimal maxLineTotal = new BigDecimal("1000000000");

    public boolean requireDescription = true;

    /** Line statuses (e.g. Cancelled, Returned) that are not sales; compared case-insensitively. */
    public List<String> excludedStatuses = new ArrayList<>();

    /**
     * Line statuses of a returned item (e.g. Returned), compared case-insensitively: with them,
     * dim_customers and segment_history get each customer's return rate of the last 365 days, which
     * counts the items of excluded statuses too. Empty: no return rate.
     */
    public List<String> returnedStatuses = new ArrayList<>();

    /** Whether customers get a return rate. */
    public boolean countsReturns() {
      return !returnedStatuses.isEmpty();
    }

    /**
     * Amounts (after the currency prefix) that mean "amount unknown", such as {@code nan}, compared
     * without case: such a line is kept, counts as an order, adds nothing to spend and is flagged
     * (fct_sales.amount_known, the run summary's unknown_amounts). Empty: such an amount is a
     * bad_unit_price reject.
     */
    public List<String> unknownAmounts = new ArrayList<>();

    /** Whether lines may have an unknown amount. */
    public boolean flagsUnknownAmounts() {
      return !unknownAmounts.isEmpty();
    }

    /** Whether customer ids are upper-cased, for sources that identify buyers by name. */
    public boolean customerIdUpperCase = false;

    /** Values that mean "no customer id" (compared case-insensitively after trimming). */
    public List<String> customerIdNullValues = new ArrayList<>(List.of("", "nan"));

    public Countries countries = new Countries();
  }

  /** Country normalisation and the allow-list. */
  public static class Countries implements Serializable {
    public boolean upperCase = true;

    /** Applied after upper-casing; keys in the same case as the values they replace. */
    public Map<String, String> rename = new LinkedHashMap<>();

    /** Countries kept, as written in the source (before renaming); empty keeps every country. */
    public List<String> allow = new ArrayList<>();
  }

  /** The segmentations computed side by side. */
  public static class Segments implements Serializable {
    public Scheme rfm;
    public Scheme rfGrid;
  }

  /** A segment scheme: how customers are scored and the rules that name their segment. */
  public static class Scheme implements Serializable {
    public Scoring scoring;

    /** First matching rule wins; a rule without conditions matches every customer. */
    public List<SegmentRule> rules = new ArrayList<>();
  }

  /** How R, F and M scores 1-5 are assigned. */
  public enum Scoring {
    @JsonProperty("ntile")
    NTILE,
    @JsonProperty("percent_rank")
    PERCENT_RANK
  }

  /**
   * One rule of a segment scheme, e.g. {@code {segment: Champions, when: {r: ">=4", f: ">=4"}}}.
   */
  public static class SegmentRule implements Serializable {
    public String segment;

    /** Score (r, f, m) to a condition: {@code 5}, {@code >=4}, {@code <=2}, {@code 2-3}. */
    public Map<String, String> when = new LinkedHashMap<>();

    public String valueGroup;
    public String action;
  }

  /** Bands of one customer metric, such as profit level on revenue of the last 365 days. */
  public static class BandSet implements Serializable {
    public String metric;

    /** In order; the first band whose bound holds wins; the last band has no bound. */
    public List<Band> bands = new ArrayList<>();
  }

  /** A band: {@code upTo} is inclusive, {@code below} exclusive; neither means "the rest". */
  public static class Band implements Serializable {
    public String label;
    public BigDecimal upTo;
    public BigDecimal below;
  }

  /** The export that the support tool imports. */
  public static class Cx implements Serializable {
    /** Segment (of the RFM scheme) to its support priority, 1 = answered first. */
    public Map<String, Integer> priorities = new LinkedHashMap<>();
  }

  /**
   * Segment history: every customer scored and segmented as of each date of a series (the
   * segment_history and segment_migration marts).
   */
  public static class History implements Serializable {
    /** Whether runs write the history marts. */
    public boolean enabled = false;

    /** Time between snapshots: an ISO-8601 period of at least one day, such as P7D or P1M. */
    public String every = "P7D";
  }
}
