package io.segmart.clv;

/** A CLV model that cannot be fitted to the data, with what the user can do about it. */
public class ClvFitException extends RuntimeException {
  public ClvFitException(String message) {
    super(message);
  }
}
