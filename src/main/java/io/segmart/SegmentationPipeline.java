package io.segmart;

import io.segmart.config.PipelineConfig;
import io.segmart.intermediate.FitClusters;
import io.segmart.intermediate.FitClv;
import io.segmart.intermediate.Intermediate;
import io.segmart.intermediate.ReferenceDate;
import io.segmart.intermediate.SnapshotDates;
import io.segmart.io.WriteMarts;
import io.segmart.io.bigquery.BigQuerySink;
import io.segmart.io.bigquery.BigQuerySource;
import io.segmart.io.jdbc.JdbcSource;
import io.segmart.io.state.IncrementalState;
import io.segmart.marts.Mart;
import io.segmart.marts.MartInputs;
import io.segmart.marts.Marts;
import io.segmart.model.ClusterModel;
import io.segmart.model.CustomerSegments;
import io.segmart.options.SegmentationOptions;
import io.segmart.quality.DataTests;
import io.segmart.run.RunFacts;
import io.segmart.run.RunSummary;
import io.segmart.run.SummaryKeys;
import io.segmart.staging.DropDuplicates;
import io.segmart.staging.Staging;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServicesImpl;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The SegMart pipeline, as its data flows: Staging (read, clean, drop duplicates) → Intermediate
 * (orders, customer metrics, scores, segments) → Marts → DataTests, which must pass before
 * WriteMarts writes anything; beside them the run's facts and the run summary. {@link #build} takes
 * the pipeline, so tests build the same graph on a TestPipeline; {@link SegMart#main} runs it.
 */
public final class SegmentationPipeline {
  private SegmentationPipeline() {}

  /**
   * Builds the whole graph with the real BigQuery services; see {@link #build(Pipeline,
   * PipelineConfig, SegmentationOptions, BigQueryServices)}.
   */
  public static PCollectionTuple build(
      Pipeline pipeline, PipelineConfig config, SegmentationOptions options) {
    return build(pipeline, config, options, new BigQueryServicesImpl());
  }

  /**
   * Builds the whole graph on {@code pipeline}: reads the configured source (files matching {@code
   * options.getInput()}, or BigQuery through {@code bigQuery}), and writes every mart of {@link
   * Marts#of} and run_summary.json under {@code options.getOutput()}, or the marts that are tables
   * to {@code options.getOutputDataset()} when it is set. Tests pass fake BigQuery services.
   * Returns the marts' rows, each under {@link Mart#tag}.
   */
  public static PCollectionTuple build(
      Pipeline pipeline,
      PipelineConfig config,
      SegmentationOptions options,
      BigQueryServices bigQuery) {
    boolean incremental = options.getIncremental();
    List<Mart> marts = Marts.forRun(config, incremental);
    PCollectionTuple staged = pipeline.apply("Staging", new Staging(config, options, bigQuery));
    PCollectionView<Long> asOfDay =
        staged
            .get(DropDuplicates.LINES_PER_DAY)
            .apply("ReferenceDate", new ReferenceDate(options.getAsOf()));
    PCollectionView<List<Long>> snapshotDays = null;
    PCollection<CustomerSegments> previousSegments = null;
    if (incremental) {
      staged =
          staged.and(
              Intermediate.PREVIOUS_STATE,
              pipeline.apply(
                  "ReadPreviousState", IncrementalState.customers(options.getStateFrom())));
      previousSegments =
          pipeline.apply("ReadPreviousSegments", IncrementalState.segments(options.getStateFrom()));
      snapshotDays = previousSegments.apply("SnapshotDates", SnapshotDates.continuing(asOfDay));
    } else if (config.history.enabled) {
      snapshotDays =
          staged
              .get(DropDuplicates.LINES_PER_DAY)
              .apply(
                  "SnapshotDates",
                  new SnapshotDates(
                      config.history.every,
                      options.getSnapshotsFrom(),
                      options.getSnapshotsTo(),
                      asOfDay));
    }
    PCollectionTuple modelled =
        staged.apply("Intermediate", new Intermediate(config, options, asOfDay, snapshotDays));
    if (incremental) {
      modelled.apply("WriteState", new IncrementalState.Write(options.getOutput()));
    }
    boolean fromLines = staged.has(DropDuplicates.UNIQUE);
    PCollectionView<Map<Long, ClusterModel>> clusterModel =
        config.clusters == null
            ? null
            : FitClusters.customersOfEveryDate(
                    modelled.get(Intermediate.CUSTOMERS),
                    snapshotDays == null ? null : modelled.get(Intermediate.HISTORY),
                    asOfDay)
                .apply(
                    "FitClusters",
                    new FitClusters(config.clusters, options.getClusterSampleSize()));
    PCollectionTuple clv =
        config.clv == null
            ? null
            : modelled
                .get(Intermediate.ORDERS_BY_CUSTOMER)
                .apply("FitClv", new FitClv(config.clv, asOfDay, config.source.timeZone));
    PCollectionTuple martRows =
        new MartInputs(
                fromLines ? staged.get(DropDuplicates.UNIQUE) : null,
                fromLines ? staged.get(DropDuplicates.BY_CUSTOMER) : null,
                fromLines ? modelled.get(Intermediate.ORDERS) : null,
                fromLines ? modelled.get(Intermediate.ORDERS_BY_CUSTOMER) : null,
                modelled.get(Intermediate.CUSTOMERS),
                staged.get(Staging.REJECTS),
                asOfDay,
                snapshotDays == null ? null : modelled.get(Intermediate.HISTORY),
                snapshotDays,
                previousSegments,
                clusterModel,
                clv == null ? null : clv.get(FitClv.MODELS),
                clv == null ? null : clv.get(FitClv.HISTORIES))
            .apply("Marts", new Marts(marts));
    PCollectionTuple runFacts =
        staged.apply("RunFacts", new RunFacts(asOfDay, config.cleaning.flagsUnknownAmounts()));
    PCollection<KV<String, Long>> testResults =
        martRows
            .and(DataTests.RUN_TESTS, runFacts.get(RunFacts.TESTS))
            .apply(
                "DataTests",
                new DataTests(
                    Marts.names(marts), Marts.tests(marts), options.getFailOnDataTests()));
    martRows
        .and(DataTests.RESULTS, testResults)
        .apply(
            "WriteMarts",
            new WriteMarts(
                marts,
                config,
                options.getOutput(),
                bigQuerySink(options, bigQuery),
                options.getSpreadsheetSafe()));
    PCollectionList<KV<String, Long>> facts =
        PCollectionList.of(runFacts.get(RunFacts.FACTS)).and(testResults);
    RunSummary.Incremental summarised = null;
    if (incremental) {
      facts = facts.and(earlierCopies(modelled.get(Intermediate.EARLIER_COPIES)));
      summarised =
          new RunSummary.Incremental(
              options.getStateFrom(),
              Marts.names(Marts.of(config).stream().filter(Mart::fromLines).toList()));
    }
    facts.apply(
        "RunSummary",
        new RunSummary(
            options.getOutput(),
            config.name,
            describeInput(config, options),
            asOfDay,
            summarised,
            Marts.notProducible(config)));
    return martRows;
  }

  /** The copies of lines of earlier deliveries, as a run fact (0 when there is none). */
  private static PCollection<KV<String, Long>> earlierCopies(PCollection<Long> perCustomer) {
    return perCustomer
        .apply("SumEarlierCopies", Sum.longsGlobally())
        .apply(
            "EarlierCopiesFact",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via(n -> KV.of(SummaryKeys.EARLIER_COPIES, n)));
  }

  /**
   * The input as the run summary states it: a file pattern, a BigQuery table or query, or a
   * database table or query.
   */
  public static String describeInput(PipelineConfig config, SegmentationOptions options) {
    switch (config.source.format) {
      case BIGQUERY:
        return BigQuerySource.of(config.source, options).describe();
      case JDBC:
        return JdbcSource.of(config.source, options, System.getenv()).describe();
      default:
        return options.getInput();
    }
  }

  private static BigQuerySink bigQuerySink(SegmentationOptions options, BigQueryServices services) {
    return options.getOutputDataset() == null
        ? null
        : new BigQuerySink(
            options.getOutputDataset(),
            options.getWriteMethod().beam,
            options.getWriteDisposition(),
            services);
  }
}
