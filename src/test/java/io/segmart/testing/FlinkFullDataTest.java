package io.segmart.testing;

/**
 * JUnit category of full-data pipeline tests that the build runs on embedded Flink only: the
 * segment history of the whole bundled data set has 140,000 customer snapshots, and the
 * DirectRunner's checks of every element (each encoded, cloned and compared) took more than eight
 * minutes on it. The steps it tests run on the DirectRunner too, on small inputs ({@link
 * PipelineTest}s).
 */
public interface FlinkFullDataTest {}
