package io.segmart.quality;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.values.Row;

/**
 * One data test declared on a mart, like a dbt test: its name is the one the run summary reports,
 * and a test passes when it counts no failing row.
 */
public final class DataTest implements Serializable {
  /** What a test checks. */
  public enum Kind {
    /** Rows whose column is null. */
    NOT_NULL,
    /** Values of the column that occur more than once. */
    UNIQUE,
    /** Rows whose column holds a value outside {@link #accepted} (null is no value: dbt's rule). */
    ACCEPTED_VALUES,
    /** Rows whose integer column is outside [min, max]. */
    BETWEEN,
    /** One failure when the mart has no row. */
    NOT_EMPTY,
    /** The mart's one-row column against the sum of another mart's column. */
    EQUALS_SUM,
    /** The mart's one-row column against the row counts of other marts. */
    EQUALS_ROW_COUNTS,
    /** The mart's row count against the row counts of other marts. */
    SAME_ROW_COUNTS,
    /**
     * For each value of {@link #column} that another mart holds, the mart's rows with that value
     * against the other mart's rows with it (row counts and fingerprints of the values of the
     * compared columns).
     */
    SAME_ROWS,
    /**
     * Per group of rows (their values of the group columns), the sum of {@link #column} against the
     * rows of another mart whose column holds the group's first value.
     */
    SUM_PER_GROUP_EQUALS_ROWS
  }

  public final Kind kind;
  public final String mart;
  public final String column;
  public final String name;
  public final Set<String> accepted;
  public final int min;
  public final int max;

  /**
   * For EQUALS_SUM, the other mart and its column; for EQUALS_ROW_COUNTS, the other marts; for
   * SAME_ROWS, the other mart and the columns compared.
   */
  public final List<String> others;

  private DataTest(
      Kind kind,
      String mart,
      String column,
      String name,
      Set<String> accepted,
      int min,
      int max,
      List<String> others) {
    this.kind = kind;
    this.mart = mart;
    this.column = column;
    this.name = name;
    this.accepted = accepted;
    this.min = min;
    this.max = max;
    this.others = others;
  }

  static DataTest notNull(String mart, String column) {
    return of(Kind.NOT_NULL, mart, column, "not_null(" + mart + "." + column + ")");
  }

  /** A key of one or more columns; {@link #column} names them joined by commas. */
  static DataTest unique(String mart, List<String> columns) {
    String key = String.join(",", columns);
    return of(Kind.UNIQUE, mart, key, "unique(" + mart + "." + key + ")");
  }

  /** For a unique test: the row's key, its columns' values joined by a NUL. */
  String key(Row row) {
    StringBuilder key = new StringBuilder();
    for (String name : column.split(",")) {
      if (key.length() > 0) {
        key.append('\u0000');
      }
      key.append(Objects.toString((Object) row.getValue(name)));
    }
    return key.toString();
  }

  static DataTest acceptedValues(String mart, String column, Set<String> accepted) {
    String name = "accepted_values(" + mart + "." + column + ")";
    return new DataTest(
        Kind.ACCEPTED_VALUES, mart, column, name, Set.copyOf(accepted), 0, 0, List.of());
  }

  static DataTest between(String mart, String column, int min, int max) {
    String name = "between(" + mart + "." + column + "," + min + "," + max + ")";
    return new DataTest(Kind.BETWEEN, mart, column, name, Set.of(), min, max, List.of());
  }

  static DataTest notEmpty(String mart) {
    return of(Kind.NOT_EMPTY, mart, null, "not_empty(" + mart + ")");
  }

  static DataTest equalsSum(String mart, String column, String otherMart, String otherColumn) {
    String name =
        "reconcile(sum(" + otherMart + "." + otherColumn + ") = " + mart + "." + column + ")";
    return new DataTest(
        Kind.EQUALS_SUM, mart, column, name, Set.of(), 0, 0, List.of(otherMart, otherColumn));
  }

  static DataTest equalsRowCounts(String mart, String column, String what, List<String> others) {
    String name = "reconcile(" + what + ": " + String.join(" = ", others) + " = " + mart + ")";
    return new DataTest(Kind.EQUALS_ROW_COUNTS, mart, column, name, Set.of(), 0, 0, others);
  }

  static DataTest sameRowCounts(String mart, String what, List<String> others) {
    String name = "reconcile(" + what + ": " + String.join(" = ", others) + " = " + mart + ")";
    return new DataTest(Kind.SAME_ROW_COUNTS, mart, null, name, Set.of(), 0, 0, others);
  }

  static DataTest sameRows(String mart, String otherMart, String by, List<String> columns) {
    String name = "reconcile(" + mart + " = " + otherMart + " per " + by + ")";
    List<String> others = new ArrayList<>(List.of(otherMart));
    others.addAll(columns);
    return new DataTest(Kind.SAME_ROWS, mart, by, name, Set.of(), 0, 0, others);
  }

  static DataTest sumPerGroupEqualsRows(
      String mart, String column, List<String> groups, String otherMart, String otherColumn) {
    String name =
        "reconcile(sum("
            + mart
            + "."
            + column
            + ") per "
            + String.join(",", groups)
            + " = rows of "
            + otherMart
            + " per "
            + otherColumn
            + ")";
    List<String> others = new ArrayList<>(List.of(otherMart, otherColumn));
    others.addAll(groups);
    return new DataTest(
        Kind.SUM_PER_GROUP_EQUALS_ROWS, mart, column, name, Set.of(), 0, 0, List.copyOf(others));
  }

  private static DataTest of(Kind kind, String mart, String column, String name) {
    return new DataTest(kind, mart, column, name, Set.of(), 0, 0, List.of());
  }

  /** For a row test: whether the row fails it. */
  boolean fails(Row row) {
    switch (kind) {
      case NOT_NULL:
        return row.getValue(column) == null;
      case ACCEPTED_VALUES:
        Object value = row.getValue(column);
        return value != null && !accepted.contains(value.toString());
      case BETWEEN:
        int number = ((Number) row.getValue(column)).intValue();
        return number < min || number > max;
      default:
        throw new IllegalStateException(name + " is not a row test");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
