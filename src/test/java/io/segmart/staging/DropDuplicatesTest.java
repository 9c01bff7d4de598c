package io.segmart.staging;

import static org.junit.Assert.assertEquals;

import io.segmart.model.InvoiceLine;
import io.segmart.testing.PipelineTest;
import io.segmart.testing.TestData;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;

@Category(PipelineTest.class)
public class DropDuplicatesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void theSameOrderLineUnderTwoSpellingsIsKeptOnce() throws Exception {
    // Invoice 554084 holds product 23298 twice, as "BUNTING , SPOTTY " and "SPOTTY BUNTING", and
    // line
    // 536365/85123A is in the file twice more here: four lines, two order lines.
    List<String> lines =
        List.of(
            "554084,23298,\"BUNTING , SPOTTY \",3,2011-05-22 11:52:00,4.95,12909.0,United Kingdom",
            "554084,23298,SPOTTY BUNTING,3,2011-05-22 11:52:00,4.95,12909.0,United Kingdom",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.550,17850.0,United Kingdom",
            "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom");
    PCollectionTuple out =
        pipeline
            .apply(Create.of(CleanInvoiceLinesTest.records(lines)))
            .apply(new CleanInvoiceLines(TestData.onlineRetail()))
            .get(CleanInvoiceLines.KEPT)
            .apply(new DropDuplicates("UTC"));

    PAssert.that(
            out.get(DropDuplicates.UNIQUE)
                .apply(
                    "Descriptions",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (InvoiceLine l) ->
                                l.invoiceId + "/" + l.productId + " " + l.description)))
        .containsInAnyOrder(
            "554084/23298 BUNTING , SPOTTY",
            "536365/85123A WHITE HANGING HEART T-LIGHT HOLDER",
            "536365/71053 WHITE METAL LANTERN");
    PAssert.that(out.get(DropDuplicates.DUPLICATES).apply(Sum.longsGlobally()))
        .containsInAnyOrder(3L);
    PAssert.that(
            out.get(DropDuplicates.BY_CUSTOMER)
                .apply(
                    "LinesPerCustomer",
                    MapElements.into(TypeDescriptors.strings())
                        .via(kv -> kv.getKey() + ":" + kv.getValue().size())))
        .containsInAnyOrder("12909:1", "17850:2");
    PAssert.that(out.get(DropDuplicates.LINES_PER_DAY))
        .containsInAnyOrder(
            KV.of(LocalDate.of(2011, 5, 22).toEpochDay(), 1L),
            KV.of(LocalDate.of(2010, 12, 1).toEpochDay(), 2L));
    pipeline.run();
  }

  /**
   * Later groupings (mart files, global ranks) must not inherit EARLIEST; see
   * DropDuplicates#defaultTimestamps.
   */
  @Test
  public void laterGroupingsGetTheDefaultTimestampCombiner() throws Exception {
    PCollectionTuple out =
        pipeline
            .apply(
                Create.of(
                    CleanInvoiceLinesTest.records(
                        List.of(
                            "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom"))))
            .apply(new CleanInvoiceLines(TestData.onlineRetail()))
            .get(CleanInvoiceLines.KEPT)
            .apply(new DropDuplicates("UTC"));
    for (TupleTag<?> output :
        List.of(
            DropDuplicates.UNIQUE,
            DropDuplicates.BY_CUSTOMER,
            DropDuplicates.DUPLICATES,
            DropDuplicates.LINES_PER_DAY)) {
      assertEquals(
          output.getId(),
          TimestampCombiner.END_OF_WINDOW,
          out.get(output).getWindowingStrategy().getTimestampCombiner());
    }
    PAssert.that(
            out.get(DropDuplicates.UNIQUE)
                .apply(
                    "Times",
                    MapElements.into(TypeDescriptors.strings())
                        .via((InvoiceLine l) -> l.invoiceTs.toString())))
        .containsInAnyOrder("2010-12-01T08:26:00.000Z");
    pipeline.run();
  }
}
