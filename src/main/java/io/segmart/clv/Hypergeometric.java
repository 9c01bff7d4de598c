package io.segmart.clv;

/** Gauss's hypergeometric function, which the BG/NBD expectations need. */
final class Hypergeometric {
  private static final int MAX_TERMS = 1_000_000;

  private Hypergeometric() {}

  /**
   * 2F1(a, b; c; z) for 0 <= z < 1 by its power series. The BG/NBD's z is t / (alpha + T + t), so
   * the series converges; it needs more terms as the horizon grows against alpha + T.
   */
  static double f21(double a, double b, double c, double z) {
    if (!(z >= 0 && z < 1)) {
      throw new IllegalArgumentException("2F1 is summed here for 0 <= z < 1 only, not " + z);
    }
    double term = 1;
    double sum = 1;
    for (int k = 0; k < MAX_TERMS; k++) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      sum += term;
      if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ClvFitException(
        "the expected purchases did not converge for z = "
            + z
            + ": choose a shorter horizon or a time unit of weeks");
  }
}
