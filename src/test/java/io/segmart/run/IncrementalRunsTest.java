package io.segmart.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class IncrementalRunsTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private Path week(String asOf, boolean complete) throws IOException {
    Path dated = Files.createDirectories(folder.getRoot().toPath().resolve("as_of=" + asOf));
    Files.createDirectories(dated.resolve("state"));
    if (complete) {
      Files.createFile(dated.resolve("_SUCCESS"));
    }
    return dated;
  }

  private String previous(String asOf) {
    return IncrementalRuns.previousState(
        folder.getRoot().toString(), LocalDate.parse(asOf), "_SUCCESS");
  }

  @Test
  public void continuesFromTheNewestCompleteRunBeforeItsOwnDate() throws IOException {
    Path october = week("2011-10-01", true);
    week("2011-10-08", false);
    Path december = week("2011-12-10", true);
    Files.createDirectories(folder.getRoot().toPath().resolve("as_of=notadate"));

    // The week of 10-08 did not complete: its state is not trusted.
    assertEquals(october.resolve("state").toString(), previous("2011-10-15"));
    // A week run again continues from the week before, not from its own earlier output.
    assertEquals(october.resolve("state").toString(), previous("2011-12-10"));
    assertEquals(december.resolve("state").toString(), previous("2011-12-17"));
    assertNull(previous("2011-10-01"));
  }

  @Test
  public void aFirstRunHasNoState() {
    assertNull(previous("2011-10-01"));
    assertEquals(
        folder.getRoot() + "/as_of=2011-10-01",
        IncrementalRuns.folder(folder.getRoot() + "/", "2011-10-01"));
  }
}
