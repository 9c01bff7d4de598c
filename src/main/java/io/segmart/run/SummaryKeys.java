package io.segmart.run;

import java.util.Map;
import java.util.TreeMap;

/**
 * The names of the run summary's figures, built and parsed here only. Every step that reports a
 * figure emits (key, number) pairs with these keys; {@link RunSummary} adds them up per key.
 */
public final class SummaryKeys {
  /** The summary's marts that the source cannot give, each with the reason. */
  public static final String NOT_PRODUCIBLE = "not_producible";

  public static final String READ = "read";
  public static final String KEPT = "kept";
  public static final String DUPLICATES = "duplicates";

  /** Kept lines whose amount the source did not know (cleaning.unknownAmounts). */
  public static final String UNKNOWN_AMOUNTS = "unknown_amounts";

  /** Kept lines of an incremental run's delivery that an earlier delivery already held. */
  public static final String EARLIER_COPIES = "copies_of_earlier_deliveries";

  /** Rows of lookup tables (customers, products) kept, whether or not a line refers to them. */
  public static final String TABLE_ROWS = "table_rows";

  public static final String FILES_READ = "files_read";
  public static final String EMPTY_FILES = "empty_files";
  private static final String REJECTED = "rejected.";
  private static final String ROWS = "rows.";
  private static final String TEST = "test.";
  private static final String INPUT = "input:";
  private static final String WITHOUT_ROW = "without_row.";

  private SummaryKeys() {}

  /** Lines rejected for {@code reason}. */
  public static String rejected(String reason) {
    return REJECTED + reason;
  }

  /** Lines whose id has no row in the lookup table {@code table}. */
  public static String withoutRow(String table) {
    return WITHOUT_ROW + table;
  }

  /** Per lookup table, the lines whose id it has no row for. */
  static Map<String, Long> linesWithoutRow(Map<String, Long> figures) {
    return section(figures, WITHOUT_ROW);
  }

  /** Rows written of {@code mart}. */
  public static String rows(String mart) {
    return ROWS + mart;
  }

  /** Failing rows of the data test {@code name}. */
  public static String test(String name) {
    return TEST + name;
  }

  /** The count of one term (lines, kept, ...) of one input's line accounting. */
  public static String input(String name, String term) {
    return INPUT + term + ":" + name;
  }

  /** Per input (in name order), its terms (lines, header, ...) and their counts. */
  static Map<String, Map<String, Long>> inputs(Map<String, Long> figures) {
    Map<String, Map<String, Long>> inputs = new TreeMap<>();
    section(figures, INPUT)
        .forEach(
            (termAndName, count) -> {
              int colon = termAndName.indexOf(':');
              inputs
                  .computeIfAbsent(termAndName.substring(colon + 1), name -> new TreeMap<>())
                  .put(termAndName.substring(0, colon), count);
            });
    return inputs;
  }

  /** Rejected lines per reason, from the figures by key. */
  static Map<String, Long> rejectedByReason(Map<String, Long> figures) {
    return section(figures, REJECTED);
  }

  /** Rows written per mart. */
  static Map<String, Long> rowsWritten(Map<String, Long> figures) {
    return section(figures, ROWS);
  }

  /** Failing rows per data test. */
  static Map<String, Long> tests(Map<String, Long> figures) {
    return section(figures, TEST);
  }

  private static Map<String, Long> section(Map<String, Long> figures, String prefix) {
    Map<String, Long> section = new TreeMap<>();
    figures.forEach(
        (name, value) -> {
          if (name.startsWith(prefix)) {
            section.put(name.substring(prefix.length()), value);
          }
        });
    return section;
  }
}
