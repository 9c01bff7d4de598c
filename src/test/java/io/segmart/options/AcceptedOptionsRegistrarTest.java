package io.segmart.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import io.segmart.options.AcceptedOptionsRegistrar.AcceptedOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.junit.jupiter.api.Test;

/**
 * The bundled jar registers only {@link AcceptedOptions}, so it must take every option that the
 * libraries it ships register themselves, except those no SegMart run uses.
 */
class AcceptedOptionsRegistrarTest {
  /** Options of test harnesses, Firestore, and portable runners' environments. */
  private static final Set<String> LEFT_OUT =
      Set.of(
          "org.apache.beam.runners.direct.DirectTestOptions",
          "org.apache.beam.sdk.io.gcp.bigquery.TestBigQueryOptions",
          "org.apache.beam.sdk.io.gcp.bigtable.changestreams.BigtableChangeStreamTestOptions",
          "org.apache.beam.sdk.testing.TestPipelineOptions",
          "org.apache.beam.sdk.io.gcp.firestore.FirestoreOptions",
          "org.apache.beam.sdk.options.ManualDockerEnvironmentOptions",
          "org.apache.beam.sdk.options.RemoteEnvironmentOptions",
          "org.apache.beam.sdk.util.construction.ExternalTranslationOptions");

  @Test
  void everyOptionsInterfaceTheShippedLibrariesRegisterIsAccepted() {
    List<String> notAccepted = new ArrayList<>();
    for (PipelineOptionsRegistrar registrar : ServiceLoader.load(PipelineOptionsRegistrar.class)) {
      if (registrar instanceof AcceptedOptionsRegistrar) {
        continue;
      }
      for (Class<? extends PipelineOptions> options : registrar.getPipelineOptions()) {
        if (!options.isAssignableFrom(AcceptedOptions.class)
            && !LEFT_OUT.contains(options.getName())) {
          notAccepted.add(options.getName() + " (from " + registrar.getClass().getName() + ")");
        }
      }
    }
    assertThat(notAccepted, empty());
  }
}
