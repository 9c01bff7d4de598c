package io.segmart.model;

/**
 * A 64-bit number for an input's name (a file relative to the input pattern, a table), carried by
 * every kept line so that each input's lines can be accounted for after they were mixed, for 8
 * bytes a line instead of the name. FNV-1a: the same name gives the same number on every worker.
 */
public final class SourceId {
  private SourceId() {}

  public static long of(String source) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < source.length(); i++) {
      hash ^= source.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
