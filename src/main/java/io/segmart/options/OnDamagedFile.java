package io.segmart.options;

/** What a damaged input file (a truncated or corrupt compressed file) does to a run. */
public enum OnDamagedFile {
  /** The run fails with one line naming the file and the damage. */
  FAIL,
  /** The file's unread rest becomes one damaged_file reject; the rest of the delivery is read. */
  REJECT
}
