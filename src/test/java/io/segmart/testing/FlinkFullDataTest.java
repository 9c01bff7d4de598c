package io.segmart.testing;

/**
 * JUnit category of pipeline tests on the whole bundled data set (541,909 lines) that the build
 * runs on embedded Flink only, the runner of real local runs. The DirectRunner checks every element
 * (each encoded, cloned and compared): it took more than three minutes for the acceptance run and
 * more than eight for the segment history's 140,000 customer snapshots, a fifth of the build's time
 * limit. The steps these tests cover run on the DirectRunner too, on small real inputs ({@link
 * PipelineTest}s).
 */
public interface FlinkFullDataTest {}
