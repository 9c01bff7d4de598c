package io.segmart;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.segmart.testing.FlinkFullDataTest;
import io.segmart.testing.RunOutput;
import io.segmart.testing.TestData;
import java.util.Map;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * A second run on the full bundled data writes the same files, byte for byte. On embedded Flink
 * only: reruns are checked on both runners on a sample ({@code SegmentationPipelineTest}), and a
 * second full run costs the DirectRunner two minutes.
 */
@Category(FlinkFullDataTest.class)
public class OnlineRetailRerunTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  @Test
  public void rerunIsByteIdentical() throws Exception {
    RunOutput out = TestData.fullRun();
    RunOutput again = TestData.runAllMonths(FOLDER.getRoot().toPath().resolve("again"));
    Map<String, byte[]> first = out.files(".");
    Map<String, byte[]> second = again.files(".");
    first.keySet().removeIf(f -> f.endsWith("run_summary.json"));
    second.keySet().removeIf(f -> f.endsWith("run_summary.json"));
    assertEquals(first.keySet(), second.keySet());
    first.forEach((file, bytes) -> assertArrayEquals(file, bytes, second.get(file)));
  }
}
