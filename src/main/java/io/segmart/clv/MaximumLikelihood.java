package io.segmart.clv;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum-likelihood estimates of positive parameters: Nelder-Mead on their logarithms finds the
 * neighbourhood of the maximum without derivatives (as the {@code lifetimes} package does), then
 * Newton steps on the analytic gradient settle it to machine precision. The fit is accepted only
 * where the gradient vanishes and the Hessian is negative definite; otherwise the run stops with a
 * {@link ClvFitException} instead of writing estimates that are not a maximum.
 */
final class MaximumLikelihood {
  private static final int MAX_SIMPLEX_EVALUATIONS = 20_000;
  private static final int MAX_NEWTON_STEPS = 100;

  /** The largest gradient accepted, per customer and in units of each parameter's own size. */
  private static final double GRADIENT_TOLERANCE = 1e-7;

  private MaximumLikelihood() {}

  static ModelFit fit(
      String model, List<String> names, Likelihood likelihood, long customers, double[] start) {
    double[] estimate =
        newton(model, names, likelihood, customers, simplex(model, likelihood, start));
    double value = likelihood.value(estimate);
    RealMatrix negativeHessian = hessian(likelihood, estimate).scalarMultiply(-1);
    double[] standardErrors = new double[estimate.length];
    try {
      RealMatrix covariance = new CholeskyDecomposition(negativeHessian).getSolver().getInverse();
      for (int i = 0; i < estimate.length; i++) {
        standardErrors[i] = Math.sqrt(covariance.getEntry(i, i));
      }
    } catch (NonPositiveDefiniteMatrixException e) {
      throw new ClvFitException(
          model
              + " has no unique maximum on this data (the likelihood is flat in some direction at "
              + describe(names, estimate)
              + "): it needs more customers with repeat purchases, or a later calibration end",
          estimate);
    }
    if (!Double.isFinite(value) || !Arrays.stream(standardErrors).allMatch(Double::isFinite)) {
      throw new ClvFitException(
          model + " gave no finite fit at " + describe(names, estimate) + " on this data",
          estimate);
    }
    return new ModelFit(model, names, estimate, standardErrors, value, customers);
  }

  private static double[] simplex(String model, Likelihood likelihood, double[] start) {
    // The best point seen, for the message of a search that does not end.
    double[][] bestPoint = {start};
    double[] bestValue = {Double.NEGATIVE_INFINITY};
    MultivariateFunction negative =
        logs -> {
          double[] params = exp(logs);
          double value = likelihood.value(params);
          if (Double.isFinite(value) && value > bestValue[0]) {
            bestValue[0] = value;
            bestPoint[0] = params;
          }
          return Double.isFinite(value) ? -value : Double.MAX_VALUE;
        };
    double[] logs = Arrays.stream(start).map(Math::log).toArray();
    try {
      PointValuePair best =
          new SimplexOptimizer(1e-12, 1e-12)
              .optimize(
                  new MaxEval(MAX_SIMPLEX_EVALUATIONS),
                  new ObjectiveFunction(negative),
                  GoalType.MINIMIZE,
                  new InitialGuess(logs),
                  new NelderMeadSimplex(logs.length));
      return exp(best.getPoint());
    } catch (TooManyEvaluationsException e) {
      throw new ClvFitException(
          model
              + " did not converge in "
              + MAX_SIMPLEX_EVALUATIONS
              + " evaluations: the data may hold too few repeat purchases to fit it",
          bestPoint[0]);
    }
  }

  /** Newton steps, halved until the likelihood does not fall and every parameter stays positive. */
  private static double[] newton(
      String model, List<String> names, Likelihood likelihood, long customers, double[] start) {
    double[] current = start;
    double value = likelihood.value(current);
    for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
      double[] gradient = likelihood.gradient(current);
      if (converged(gradient, current, customers)) {
        return current;
      }
      double[] direction;
      try {
        direction =
            new CholeskyDecomposition(hessian(likelihood, current).scalarMultiply(-1))
                .getSolver()
                .solve(new Array2DRowRealMatrix(gradient))
                .getColumn(0);
      } catch (NonPositiveDefiniteMatrixException e) {
        break;
      }
      double length = 1;
      double[] next = null;
      for (int halving = 0; halving < 40; halving++, length /= 2) {
        double[] candidate = new double[current.length];
        for (int i = 0; i < current.length; i++) {
          candidate[i] = current[i] + length * direction[i];
        }
        if (Arrays.stream(candidate).allMatch(p -> p > 0)) {
          double candidateValue = likelihood.value(candidate);
          if (Double.isFinite(candidateValue) && candidateValue >= value) {
            next = candidate;
            value = candidateValue;
            break;
          }
        }
      }
      if (next == null) {
        break;
      }
      current = next;
    }
    if (converged(likelihood.gradient(current), current, customers)) {
      return current;
    }
    throw new ClvFitException(
        model
            + " did not converge: the gradient of its likelihood does not vanish near "
            + describe(names, current)
            + "; the data may hold too few repeat purchases, or customers too alike, to fit it",
        current);
  }

  private static boolean converged(double[] gradient, double[] params, long customers) {
    for (int i = 0; i < params.length; i++) {
      if (!(Math.abs(gradient[i] * params[i]) / customers < GRADIENT_TOLERANCE)) {
        return false;
      }
    }
    return true;
  }

  /** The Hessian by central differences of the analytic gradient, made symmetric. */
  static RealMatrix hessian(Likelihood likelihood, double[] params) {
    int n = params.length;
    double[][] h = new double[n][n];
    for (int j = 0; j < n; j++) {
      double step = 1e-5 * params[j];
      double[] up = params.clone();
      double[] down = params.clone();
      up[j] += step;
      down[j] -= step;
      double[] gUp = likelihood.gradient(up);
      double[] gDown = likelihood.gradient(down);
      for (int i = 0; i < n; i++) {
        h[i][j] = (gUp[i] - gDown[i]) / (2 * step);
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double mean = (h[i][j] + h[j][i]) / 2;
        h[i][j] = mean;
        h[j][i] = mean;
      }
    }
    return new Array2DRowRealMatrix(h, false);
  }

  private static double[] exp(double[] logs) {
    return Arrays.stream(logs).map(Math::exp).toArray();
  }

  private static String describe(List<String> names, double[] values) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(names.get(i)).append(" = ").append(values[i]);
    }
    return text.toString();
  }
}
