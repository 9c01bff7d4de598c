package io.segmart.testing;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.TestPipeline;

/** Pipeline options for tests, beyond the test runner's own. */
public final class TestOptions {
  private TestOptions() {}

  /**
   * The test runner's options without the DirectRunner's checks that no step changes or misencodes
   * an element. They copy every element and walk the whole graph for every bundle, which costs most
   * of a run with a large graph; use them off only where other tests run the same steps with them.
   * Other runners ignore them.
   */
  public static PipelineOptions withoutDirectRunnerChecks() {
    PipelineOptions options = TestPipeline.testingPipelineOptions();
    options.as(DirectOptions.class).setEnforceImmutability(false);
    options.as(DirectOptions.class).setEnforceEncodability(false);
    return options;
  }
}
