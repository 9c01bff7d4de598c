package io.segmart;

import static org.junit.Assert.assertEquals;

import io.segmart.testing.Cdnow;
import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * All of CDNOW through pipelines/cdnow.yaml (with its header line), against figures computed here
 * from the file. On embedded Flink only, like {@link CdnowTest}.
 */
@Category(FlinkFullDataTest.class)
public class CdnowMasterTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static RunOutput master;

  @BeforeClass
  public static void run() throws Exception {
    master = Cdnow.run("cdnow", Cdnow.MASTER, FOLDER.newFolder("master").toPath());
  }

  @Test
  public void theWholeCohortWithOneOrderPerPurchase() throws Exception {
    List<String[]> rows = Cdnow.rows(Cdnow.MASTER);
    assertEquals(69_659, rows.size());
    assertEquals(rows.size(), master.summary().get("read").asLong());
    assertEquals(rows.size(), master.summary().get("kept").asLong());

    List<Map<String, String>> customers = master.rows("dim_customers");
    assertEquals(23_570, customers.size());
    Cdnow.assertOrdersAndRevenue(rows, customers);
    // Customer 00002's only purchases are two rows of 12 January 1997: two orders.
    Map<String, String> second =
        customers.stream().filter(c -> c.get("customer_id").equals("00002")).findFirst().get();
    assertEquals("2", second.get("orders"));
    assertEquals("1997-01-12 00:00:00", second.get("first_order_at"));
    assertEquals("1997-01-12 00:00:00", second.get("last_order_at"));
  }
}
