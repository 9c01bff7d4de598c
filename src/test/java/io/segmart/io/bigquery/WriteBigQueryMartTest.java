package io.segmart.io.bigquery;

import static org.junit.Assert.assertEquals;

import java.time.LocalDate;
import org.apache.beam.sdk.io.gcp.bigquery.TableDestination;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.ValueInSingleWindow;
import org.junit.Test;

public class WriteBigQueryMartTest {
  @Test
  public void snapshotRowsGoToThePartitionOfTheirReferenceDate() {
    Schema schema =
        Schema.builder()
            .addStringField("customer_id")
            .addLogicalTypeField("as_of", SqlTypes.DATE)
            .build();
    WriteBigQueryMart.SnapshotPartition partition =
        new WriteBigQueryMart.SnapshotPartition(
            "my-project:marts.dim_customers", "customers", "as_of", "{\"type\":\"DAY\"}", null);
    Row row = Row.withSchema(schema).addValues("17850", LocalDate.of(2011, 12, 10)).build();
    TableDestination destination =
        partition.apply(
            ValueInSingleWindow.of(
                row, GlobalWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE, PaneInfo.NO_FIRING));
    assertEquals("my-project:marts.dim_customers$20111210", destination.getTableSpec());
    assertEquals("customers", destination.getTableDescription());
  }
}
