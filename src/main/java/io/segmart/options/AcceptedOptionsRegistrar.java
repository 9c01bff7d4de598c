package io.segmart.options;

import java.util.List;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.apache.beam.sdk.options.PortablePipelineOptions;
import org.apache.beam.sdk.options.SdkHarnessOptions;
import org.apache.beam.sdk.transforms.resourcehints.ResourceHintsOptions;

/**
 * Makes every option a SegMart run accepts known to Beam's command-line parser, as one interface.
 *
 * <p>Beam checks each registered options interface against all those registered before it, so the
 * cost grows with the square of their number: the 23 interfaces that the libraries in the bundled
 * jar register took about 2 s of CPU at every start, a fifth of a run on one day of data. The jar
 * keeps only this registrar (see the shade plugin's filters in pom.xml), and one interface that
 * extends them all is checked once. It holds SegMart's options and those of the runners the jar
 * ships, which bring GCP, Cloud Storage, BigQuery, Pub/Sub, streaming and experiments with them;
 * left out are the options of test harnesses, Firestore, and portable runners' Docker and
 * cross-language environments, which no SegMart run uses.
 */
public final class AcceptedOptionsRegistrar implements PipelineOptionsRegistrar {

  /** SegMart's options and every runner's in the bundled jar. */
  public interface AcceptedOptions
      extends SegmentationOptions,
          FlinkPipelineOptions,
          DataflowPipelineOptions,
          DirectOptions,
          SdkHarnessOptions,
          ResourceHintsOptions,
          PortablePipelineOptions {}

  @Override
  public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
    return List.of(AcceptedOptions.class, SegmentationOptions.class);
  }
}
