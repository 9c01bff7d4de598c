package io.segmart.common;

import io.segmart.run.RunFailure;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Sums of amounts (in cents) and quantities that fail loudly instead of wrapping around: a total
 * past a long's range would otherwise turn into a wrong, even negative, figure in the marts.
 */
public final class Exact {
  private Exact() {}

  /** {@code a + b}, or a {@link RunFailure} when the sum does not fit a long. */
  public static long add(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new RunFailure(
          "a total of amounts or quantities is beyond "
              + Long.MAX_VALUE
              + " (cents or units); lower cleaning.maxLineTotal so that such lines are rejected");
    }
  }

  /** A global or per-key sum of longs that fails with {@link #add} instead of overflowing. */
  public static Combine.BinaryCombineLongFn sum() {
    return new Combine.BinaryCombineLongFn() {
      @Override
      public long apply(long left, long right) {
        return add(left, right);
      }

      @Override
      public long identity() {
        return 0;
      }
    };
  }
}
