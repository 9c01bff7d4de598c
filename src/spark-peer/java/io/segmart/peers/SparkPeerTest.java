package io.segmart.peers;

import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The benchmark's Spark SQL peer (bench/peers/spark.sql) does SegMart's job on the full Online
 * Retail data.
 */
@Category(FlinkFullDataTest.class)
public class SparkPeerTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void sparkPeerGivesTheSameMarts() throws Exception {
    RunOutput segmart = TestData.runAllMonths(folder.getRoot().toPath().resolve("segmart"));
    Path peer = folder.getRoot().toPath().resolve("spark");
    SparkPeer.run(TestData.ALL_MONTHS, peer, 2);
    PeerMarts.assertSameAsSegMart(segmart, peer);
  }
}
