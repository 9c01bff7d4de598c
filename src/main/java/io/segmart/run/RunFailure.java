package io.segmart.run;

/**
 * A failure the run reports to a person as its message alone, without a stack trace: a data test
 * that failed, a damaged input file. The command line finds it in whatever the runner wraps it in.
 */
public class RunFailure extends RuntimeException {
  public RunFailure(String message) {
    super(message);
  }
}
