package io.segmart.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A local output folder that a run replaces whole, and only once it is complete: the run writes
 * under a staging folder beside it ({@code NAME.staging}), and {@link #publish} swaps that in with
 * two renames. A failed or killed run leaves the previous output exactly as it was and its own
 * partial work under the staging name, which the next run clears. A run that completes but fails
 * its data tests is kept as diagnostics under {@code NAME.failed}, also until the next run.
 */
public final class OutputFolder {
  private final Path output;
  private final Path staging;
  private final Path previous;
  private final Path failed;

  public OutputFolder(String output) {
    this.output = Path.of(output);
    this.staging = this.output.resolveSibling(this.output.getFileName() + ".staging");
    this.previous = this.output.resolveSibling(this.output.getFileName() + ".previous");
    this.failed = this.output.resolveSibling(this.output.getFileName() + ".failed");
  }

  /** Outputs on a local disk can be swapped in whole; object stores have no folders to rename. */
  public static boolean isLocal(String output) {
    return !output.contains("://");
  }

  /** Clears what an earlier failed or interrupted run left; returns the folder this run writes. */
  public String prepare() throws IOException {
    if (Files.exists(previous) && !Files.exists(output)) {
      // A run stopped between the two renames of publish(): its previous output is restored.
      Files.move(previous, output, StandardCopyOption.ATOMIC_MOVE);
    }
    delete(previous);
    delete(staging);
    delete(failed);
    Files.createDirectories(staging);
    return staging.toString();
  }

  /** Makes the staging folder the output; the previous output is removed only after the swap. */
  public void publish() throws IOException {
    deleteEmptyFolders(staging);
    if (Files.exists(output)) {
      Files.move(output, previous, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
    delete(previous);
  }

  /**
   * Keeps a run that completed but failed its data tests as diagnostics ({@code NAME.failed}: its
   * summary, rejects and unpublished marts) until the next run; the output stays as it was.
   */
  public String keepAsDiagnostics() throws IOException {
    delete(failed);
    Files.move(staging, failed, StandardCopyOption.ATOMIC_MOVE);
    return failed.toString();
  }

  public String staging() {
    return staging.toString();
  }

  /** Removes the empty folders the writers leave under {@code folder} (their temporary ones). */
  private static void deleteEmptyFolders(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(folder) && Files.isDirectory(path) && isEmpty(path)) {
          Files.delete(path);
        }
      }
    }
  }

  private static boolean isEmpty(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
