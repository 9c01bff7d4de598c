package io.segmart;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** SegMart's command line run in the test's JVM, as a user sees it. */
public final class CommandLine {
  private CommandLine() {}

  /** The exit code, with what SegMart printed to standard error and to standard output. */
  public static Object[] exit(String... args) {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      int code = SegMart.exitCode(args);
      return new Object[] {
        code, errors.toString(StandardCharsets.UTF_8), printed.toString(StandardCharsets.UTF_8)
      };
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
  }
}
