package io.segmart.testing;

/**
 * JUnit category of tests that run the bundled jar that {@code mvn package} builds, as
 * scripts/run-local.sh and the Flex Template do: the build runs them after packaging, with the
 * tests on embedded Flink.
 */
public interface BundledJarTest {}
