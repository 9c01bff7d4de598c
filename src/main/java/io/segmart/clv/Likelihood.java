package io.segmart.clv;

/** A model's log-likelihood over its positive parameters, with its analytic gradient. */
interface Likelihood {
  double value(double[] params);

  double[] gradient(double[] params);
}
