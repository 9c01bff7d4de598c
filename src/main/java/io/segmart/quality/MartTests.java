package io.segmart.quality;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;

/** The data tests one mart declares on its rows (see {@code Mart#tests}). */
public final class MartTests {
  private final String mart;
  private final List<DataTest> tests = new ArrayList<>();

  public MartTests(String mart) {
    this.mart = mart;
  }

  /** Fails when the mart has no row at all. */
  public MartTests notEmpty() {
    tests.add(DataTest.notEmpty(mart));
    return this;
  }

  /** Each column is never null. */
  public MartTests notNull(String... columns) {
    for (String column : columns) {
      tests.add(DataTest.notNull(mart, column));
    }
    return this;
  }

  /** The columns are a key: never null, and no combination of their values occurs twice. */
  public MartTests uniqueKey(String... columns) {
    notNull(columns);
    tests.add(DataTest.unique(mart, List.of(columns)));
    return this;
  }

  /** Every value of the column, as text, is one of {@code accepted}. */
  public MartTests acceptedValues(String column, Collection<String> accepted) {
    tests.add(DataTest.acceptedValues(mart, column, new HashSet<>(accepted)));
    return this;
  }

  /** Every value of the integer column is within [min, max]. */
  public MartTests between(String column, int min, int max) {
    tests.add(DataTest.between(mart, column, min, max));
    return this;
  }

  /**
   * The column of this one-row mart equals the sum of {@code otherColumn} over {@code otherMart}.
   */
  public MartTests equalsSumOf(String column, String otherMart, String otherColumn) {
    tests.add(DataTest.equalsSum(mart, column, otherMart, otherColumn));
    return this;
  }

  /**
   * The column of this one-row mart equals the row count of each of {@code otherMarts}; {@code
   * what} names what is counted.
   */
  public MartTests equalsRowCountsOf(String column, String what, String... otherMarts) {
    tests.add(DataTest.equalsRowCounts(mart, column, what, List.of(otherMarts)));
    return this;
  }

  /** This mart has as many rows as each of {@code otherMarts}, all counting {@code what}. */
  public MartTests sameRowCountsAs(String what, String... otherMarts) {
    tests.add(DataTest.sameRowCounts(mart, what, List.of(otherMarts)));
    return this;
  }

  /**
   * For every value of {@code by} in {@code otherMart}, this mart's rows with that value are the
   * other mart's rows with it: the same values of {@code columns}, which both marts have.
   */
  public MartTests sameRowsAs(String otherMart, String by, List<String> columns) {
    tests.add(DataTest.sameRows(mart, otherMart, by, columns));
    return this;
  }

  /**
   * Per group of rows (equal values of {@code groups}), the sum of {@code column} equals the rows
   * of {@code otherMart} whose {@code otherColumn} holds the group's first value.
   */
  public MartTests sumPerGroupEqualsRowsOf(
      String column, List<String> groups, String otherMart, String otherColumn) {
    tests.add(DataTest.sumPerGroupEqualsRows(mart, column, groups, otherMart, otherColumn));
    return this;
  }

  public List<DataTest> all() {
    return List.copyOf(tests);
  }
}
