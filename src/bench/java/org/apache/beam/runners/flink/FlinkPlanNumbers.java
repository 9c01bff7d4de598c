package org.apache.beam.runners.flink;

import io.segmart.SegmentationPipeline;
import io.segmart.config.ConfigLoader;
import io.segmart.config.PipelineConfig;
import io.segmart.options.SegmentationOptions;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.flink.api.common.Plan;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.optimizer.DataStatistics;
import org.apache.flink.optimizer.Optimizer;
import org.apache.flink.optimizer.plan.Channel;
import org.apache.flink.optimizer.plan.OptimizedPlan;
import org.apache.flink.optimizer.plan.PlanNode;
import org.apache.flink.optimizer.plantranslate.JobGraphGenerator;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.operators.shipping.ShipStrategyType;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;

/**
 * The shape of SegMart's job on Flink's batch runner, for scripts/bench.sh: Beam steps (primitive
 * transforms), the Flink operators they become, the shuffles among them (inputs repartitioned by
 * key or broadcast), the tasks left after Flink chains operators, the edges between tasks (each one
 * encodes and decodes what crosses it), and how long translation, Flink's optimizer and its
 * job-graph generation take. Lives in Beam's Flink package because the translation entry point is
 * package-private. Takes SegMart's own options:
 *
 * <pre>java -cp target/test-classes:JAR org.apache.beam.runners.flink.FlinkPlanNumbers --input=...
 * </pre>
 *
 * With {@code --useDataStreamForBatch=true}, the DataStream API's batch translation instead of the
 * DataSet API's (whose optimizer it then does not run). Prints one line: {@code api=… beam_steps=…
 * flink_operators=… shuffles=… tasks=… task_edges=… translate_ms=… optimize_ms=… job_graph_ms=…}.
 */
public final class FlinkPlanNumbers {
  private FlinkPlanNumbers() {}

  public static void main(String[] args) throws Exception {
    SegmentationOptions options =
        PipelineOptionsFactory.fromArgs(args).as(SegmentationOptions.class);
    options.setRunner(FlinkRunner.class);
    PipelineConfig config = ConfigLoader.load(Path.of(options.getPipeline()));
    Pipeline pipeline = Pipeline.create(options);
    SegmentationPipeline.build(pipeline, config, options);
    int beamSteps = primitiveTransforms(pipeline);

    FlinkPipelineOptions flinkOptions = options.as(FlinkPipelineOptions.class);
    long start = System.nanoTime();
    FlinkPipelineExecutionEnvironment flink = new FlinkPipelineExecutionEnvironment(flinkOptions);
    flink.translate(pipeline);
    String shape =
        flinkOptions.getUseDataStreamForBatch()
            ? dataStreamShape(flink.getStreamExecutionEnvironment().getStreamGraph(), start)
            : dataSetShape(flink.getBatchExecutionEnvironment().createProgramPlan(), start);
    System.out.printf(
        "api=%s beam_steps=%d %s%n",
        flinkOptions.getUseDataStreamForBatch() ? "datastream" : "dataset", beamSteps, shape);
  }

  /** The DataSet API's optimized plan and job graph. */
  private static String dataSetShape(Plan plan, long start) {
    long translated = System.nanoTime();
    Configuration conf = new Configuration();
    OptimizedPlan optimized = new Optimizer(new DataStatistics(), conf).compile(plan);
    long optimizedAt = System.nanoTime();
    JobGraph job = new JobGraphGenerator(conf).compileJobGraph(optimized);
    long generated = System.nanoTime();
    int operators = 0;
    int shuffles = 0;
    for (PlanNode node : optimized.getAllNodes()) {
      operators++;
      for (Channel input : node.getInputs()) {
        if (isShuffle(input.getShipStrategy())) {
          shuffles++;
        }
      }
      shuffles += node.getBroadcastInputs().size();
    }
    return shape(operators, shuffles, job, start, translated, optimizedAt, generated);
  }

  /** The DataStream API's stream graph (in batch mode) and job graph. */
  private static String dataStreamShape(StreamGraph graph, long start) {
    long translated = System.nanoTime();
    int operators = graph.getStreamNodes().size();
    int shuffles = 0;
    for (StreamNode node : graph.getStreamNodes()) {
      for (StreamEdge edge : node.getInEdges()) {
        if (!(edge.getPartitioner() instanceof ForwardPartitioner)) {
          shuffles++;
        }
      }
    }
    JobGraph job = graph.getJobGraph();
    long generated = System.nanoTime();
    // No optimizer: optimizing takes no time between translation and the job graph.
    return shape(operators, shuffles, job, start, translated, translated, generated);
  }

  /** The plan's numbers, and the times (nanoTime) of its start and of each step's end. */
  private static String shape(
      int operators,
      int shuffles,
      JobGraph job,
      long start,
      long translated,
      long optimized,
      long generated) {
    return String.format(
        "flink_operators=%d shuffles=%d %s translate_ms=%d optimize_ms=%d job_graph_ms=%d",
        operators,
        shuffles,
        tasks(job),
        (translated - start) / 1_000_000,
        (optimized - translated) / 1_000_000,
        (generated - optimized) / 1_000_000);
  }

  /** Tasks (chains of operators) and the edges between them, each of which encodes its data. */
  private static String tasks(JobGraph job) {
    int tasks = 0;
    int edges = 0;
    for (JobVertex vertex : job.getVertices()) {
      tasks++;
      edges += vertex.getInputs().size();
    }
    return "tasks=" + tasks + " task_edges=" + edges;
  }

  private static boolean isShuffle(ShipStrategyType strategy) {
    return strategy != ShipStrategyType.FORWARD && strategy != ShipStrategyType.NONE;
  }

  private static int primitiveTransforms(Pipeline pipeline) {
    AtomicInteger count = new AtomicInteger();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            count.incrementAndGet();
          }
        });
    return count.get();
  }
}
