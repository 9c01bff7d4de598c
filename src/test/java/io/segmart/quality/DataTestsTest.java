package io.segmart.quality;

import io.segmart.marts.Mart;
import io.segmart.testing.PipelineTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

/**
 * Every kind of data test counts the rows that fail it, judged from the totals of one pass over
 * each mart: a mart whose rows break each rule once, a one-row mart that reconciles with it on one
 * figure and not on the other, and an empty mart.
 */
@Category(PipelineTest.class)
public class DataTestsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Schema LINES =
      Schema.builder()
          .addNullableField("id", Schema.FieldType.STRING)
          .addDecimalField("amount")
          .addStringField("grp")
          .addInt32Field("score")
          .build();
  private static final Schema TOTALS =
      Schema.builder().addDecimalField("total").addInt64Field("count").build();

  @Test
  public void eachTestCountsItsFailingRows() {
    List<Row> lines =
        List.of(
            line("a", "1.00", "x", 3),
            line("a", "2.00", "y", 9),
            line(null, "3.00", "x", 1),
            line("b", "4.00", "x", 2),
            line("c", "0.50", "x", 2),
            line("c", "0.50", "x", 2),
            line("c", "0.50", "x", 2));
    List<DataTest> tests =
        List.of(
            DataTest.unique("lines", List.of("id")),
            DataTest.notNull("lines", "id"),
            DataTest.acceptedValues("lines", "grp", Set.of("x")),
            DataTest.between("lines", "score", 1, 5),
            DataTest.notEmpty("lines"),
            DataTest.notEmpty("nothing"),
            DataTest.equalsSum("totals", "total", "lines", "amount"),
            DataTest.equalsRowCounts("totals", "count", "lines", List.of("lines", "nothing")),
            DataTest.sameRowCounts("lines", "rows", List.of("nothing", "totals")),
            DataTest.acceptedValues("lines", "id", Set.of("a", "b", "c")));
    PCollectionTuple marts =
        PCollectionTuple.of(
                Mart.tag("lines"), pipeline.apply("Lines", Create.of(lines).withRowSchema(LINES)))
            .and(
                Mart.tag("totals"),
                pipeline.apply(
                    "Totals",
                    Create.of(Row.withSchema(TOTALS).addValues(new BigDecimal("11.50"), 7L).build())
                        .withRowSchema(TOTALS)))
            .and(Mart.tag("nothing"), pipeline.apply("Nothing", Create.empty(LINES)))
            .and(DataTests.RUN_TESTS, pipeline.apply("RunTests", Create.of(KV.of("run_test", 2L))));

    PAssert.that(marts.apply(new DataTests(List.of("lines", "totals", "nothing"), tests, false)))
        .containsInAnyOrder(
            // "a" and "c" repeat; the null id is one value.
            KV.of("test.unique(lines.id)", 2L),
            KV.of("test.not_null(lines.id)", 1L),
            KV.of("test.accepted_values(lines.grp)", 1L),
            KV.of("test.between(lines.score,1,5)", 1L),
            KV.of("test.not_empty(lines)", 0L),
            KV.of("test.not_empty(nothing)", 1L),
            KV.of("test.reconcile(sum(lines.amount) = totals.total)", 0L),
            // 7 rows of lines, 0 of nothing and a count of 7: the empty mart differs.
            KV.of("test.reconcile(lines: lines = nothing = totals)", 1L),
            // 0 rows of nothing, 1 of totals, 7 of lines: two differ from the first.
            KV.of("test.reconcile(rows: nothing = totals = lines)", 2L),
            // A null is no value, as in dbt: the null id is not refused.
            KV.of("test.accepted_values(lines.id)", 0L),
            KV.of("test.run_test", 2L),
            KV.of("rows.lines", 7L),
            KV.of("rows.totals", 1L),
            KV.of("rows.nothing", 0L));
    pipeline.run();
  }

  private static final Schema SNAPSHOT =
      Schema.builder().addStringField("day").addStringField("id").addInt64Field("v").build();
  private static final Schema MOVES =
      Schema.builder().addStringField("to").addStringField("scheme").addInt64Field("n").build();

  /**
   * Tests that compare marts group by group: a key of two columns, the rows of one day in two marts
   * (a day only one mart holds is not compared), and sums per group against another mart's rows.
   */
  @Test
  public void groupedTestsCompareMartsGroupByGroup() {
    List<DataTest> tests =
        List.of(
            DataTest.unique("snaps", List.of("day", "id")),
            DataTest.sameRows("snaps", "latest", "day", SNAPSHOT.getFieldNames()),
            DataTest.sumPerGroupEqualsRows("moves", "n", List.of("to", "scheme"), "snaps", "day"));
    PCollectionTuple marts =
        PCollectionTuple.of(
                Mart.tag("latest"),
                pipeline.apply(
                    "Latest",
                    Create.of(
                            snapshot("d2", "a", 1), snapshot("d2", "b", 2), snapshot("d3", "c", 5))
                        .withRowSchema(SNAPSHOT)))
            .and(
                Mart.tag("snaps"),
                pipeline.apply(
                    "Snaps",
                    Create.of(
                            snapshot("d1", "a", 1),
                            snapshot("d2", "a", 1),
                            snapshot("d2", "b", 3),
                            snapshot("d3", "c", 5))
                        .withRowSchema(SNAPSHOT)))
            .and(
                Mart.tag("moves"),
                pipeline.apply(
                    "Moves",
                    Create.of(move("d2", "r", 2), move("d2", "g", 1), move("d3", "r", 1))
                        .withRowSchema(MOVES)))
            .and(
                DataTests.RUN_TESTS,
                pipeline.apply(
                    "RunTests", Create.empty(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))));

    PAssert.that(marts.apply(new DataTests(List.of("latest", "snaps", "moves"), tests, false)))
        .containsInAnyOrder(
            KV.of("test.unique(snaps.day,id)", 0L),
            // d2 differs in b's value; d3 is the same; d1 is not in latest.
            KV.of("test.reconcile(snaps = latest per day)", 1L),
            // d2 has 2 rows in snaps: (d2, g) sums to 1.
            KV.of("test.reconcile(sum(moves.n) per to,scheme = rows of snaps per day)", 1L),
            KV.of("rows.latest", 3L),
            KV.of("rows.snaps", 4L),
            KV.of("rows.moves", 3L));
    pipeline.run();
  }

  private static Row snapshot(String day, String id, long v) {
    return Row.withSchema(SNAPSHOT).addValues(day, id, v).build();
  }

  private static Row move(String to, String scheme, long n) {
    return Row.withSchema(MOVES).addValues(to, scheme, n).build();
  }

  private static Row line(String id, String amount, String grp, int score) {
    return Row.withSchema(LINES).addValues(id, new BigDecimal(amount), grp, score).build();
  }
}
