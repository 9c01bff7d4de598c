package io.segmart.clv;

import java.io.Serializable;
import java.util.List;

/**
 * A fitted model: its parameters by name, their standard errors (from the inverse of the negative
 * Hessian of the log-likelihood at the estimate), the log-likelihood and the customers fitted.
 */
public record ModelFit(
    String model,
    List<String> names,
    double[] estimates,
    double[] standardErrors,
    double logLikelihood,
    long customers)
    implements Serializable {

  public double estimate(String name) {
    return estimates[index(name)];
  }

  public double standardError(String name) {
    return standardErrors[index(name)];
  }

  private int index(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(model + " has no parameter " + name);
    }
    return i;
  }
}
