package io.segmart.clv;

import java.util.List;
import java.util.function.ToLongFunction;

/** A model's log-likelihood over its positive parameters, with its analytic gradient. */
interface Likelihood {
  double value(double[] params);

  double[] gradient(double[] params);

  /** One customer's log-likelihood in a cell of the histogram. */
  interface Term<C> {
    double of(double[] params, C cell);
  }

  /** Its derivatives in each parameter. */
  interface Derivatives<C> {
    double[] of(double[] params, C cell);
  }

  /**
   * The likelihood of a histogram: each cell's customers times one customer's log-likelihood in it,
   * summed, and the same for the gradient.
   */
  static <C> Likelihood overCells(
      List<C> cells, ToLongFunction<C> customers, Term<C> term, Derivatives<C> derivatives) {
    return new Likelihood() {
      @Override
      public double value(double[] params) {
        double sum = 0;
        for (C cell : cells) {
          sum += customers.applyAsLong(cell) * term.of(params, cell);
        }
        return sum;
      }

      @Override
      public double[] gradient(double[] params) {
        double[] sum = new double[params.length];
        for (C cell : cells) {
          double[] g = derivatives.of(params, cell);
          long n = customers.applyAsLong(cell);
          for (int i = 0; i < sum.length; i++) {
            sum[i] += n * g[i];
          }
        }
        return sum;
      }
    };
  }
}
