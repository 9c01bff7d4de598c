package io.segmart.clv;

import java.io.Serializable;

/**
 * One cell of the spend histogram: the customers with {@code x} repeat purchases worth {@code
 * repeatCents} together. Keyed by the total in cents rather than the mean, so that cells combine
 * exactly and the mean is not rounded: rounding each customer's mean to cents moved CDNOW's
 * published v from 15.44 to 15.45.
 */
public record SpendCell(int x, long repeatCents, long customers) implements Serializable {
  /** The mean value of the repeat purchases. */
  double mean() {
    return repeatCents / 100.0 / x;
  }
}
