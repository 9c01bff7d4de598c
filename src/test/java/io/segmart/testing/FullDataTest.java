package io.segmart.testing;

/**
 * JUnit category of pipeline tests on the whole bundled data set (541,909 lines). The build runs
 * them on the DirectRunner, with its immutability and encodability checks, and again on embedded
 * Flink, like {@link PipelineTest}s.
 */
public interface FullDataTest {}
