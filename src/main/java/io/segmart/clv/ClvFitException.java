package io.segmart.clv;

import org.checkerframework.checker.nullness.qual.Nullable;

/** A CLV model that cannot be fitted to the data, with what the user can do about it. */
public class ClvFitException extends RuntimeException {
  private final double @Nullable [] lastEstimate;

  public ClvFitException(String message) {
    this(message, null);
  }

  /** {@code lastEstimate}: where the search stopped, when it got as far as a point. */
  public ClvFitException(String message, double @Nullable [] lastEstimate) {
    super(message);
    this.lastEstimate = lastEstimate;
  }

  public double @Nullable [] lastEstimate() {
    return lastEstimate;
  }
}
