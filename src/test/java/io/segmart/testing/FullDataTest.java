package io.segmart.testing;

/**
 * JUnit category of pipeline tests on the whole bundled data set (541,909 lines). The build runs
 * them on embedded Flink only: the DirectRunner makes one bundle per key after a grouping and
 * re-translates each ParDo per bundle, which takes it over ten minutes on 4,293 customers.
 */
public interface FullDataTest {}
