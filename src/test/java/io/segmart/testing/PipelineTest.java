package io.segmart.testing;

/**
 * JUnit category of tests that run a pipeline: the build runs them on the DirectRunner and again on
 * embedded Flink (the runner comes from the beamTestPipelineOptions system property, as in Beam).
 */
public interface PipelineTest {}
