package io.segmart.io.csv;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Opens CSV written by {@link CsvFormat} in a real spreadsheet engine (LibreOffice Calc, headless,
 * with formula evaluation on as a user's spreadsheet has it): written spreadsheet-safe, no cell is
 * a formula; written as data, the same values do become formulas, which shows the check can fail.
 * LibreOffice comes from Debian's packages and is installed here when missing.
 */
public class SpreadsheetSafetyTest {
  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  /**
   * Field separator, text delimiter, UTF-8, first line, no column formats, en-US, quoted fields not
   * forced to text, special numbers detected, three export-only options, then "evaluate formulas"
   * on.
   */
  private static final String CSV_IMPORT =
      "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true";

  private static final Pattern FORMULA = Pattern.compile("table:formula=\"([^\"]*)\"");

  private static final Schema SCHEMA =
      Schema.builder()
          .addStringField("customer_id")
          .addStringField("description")
          .addDecimalField("revenue")
          .build();

  /** Values seen in real exports, and the formula-leading ones a hostile record can carry. */
  private static final List<Row> ROWS =
      List.of(
          row("17850", "WHITE HANGING HEART T-LIGHT HOLDER", "15.30"),
          row("=1+1", "=HYPERLINK(\"http://example.com\",\"click\")", "-4.20"),
          row("+SUM(1,2)", "-2+3", "1.00"),
          row("@SUM(1,1)", "=CONCATENATE(\"a\",\"b\")", "0.00"),
          row("12680", "\t=1+2", "2.50"));

  private static Row row(String id, String description, String revenue) {
    return Row.withSchema(SCHEMA)
        .withFieldValue("customer_id", id)
        .withFieldValue("description", description)
        .withFieldValue("revenue", new BigDecimal(revenue))
        .build();
  }

  @BeforeClass
  public static void installLibreOfficeWhereMissing() throws Exception {
    if (run("command -v soffice") != 0) {
      int installed =
          run(
              "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq"
                  + " --no-install-recommends libreoffice-calc-nogui");
      assertEquals("installing LibreOffice (Debian package libreoffice-calc-nogui)", 0, installed);
    }
  }

  @Test
  public void noCellOfASpreadsheetSafeFileIsAFormula() throws Exception {
    List<String> safe = formulas(open("safe.csv", new CsvFormat(true)));
    assertEquals("formulas in the spreadsheet-safe file", List.of(), safe);
  }

  @Test
  public void theSameValuesWrittenAsDataAreFormulasInASpreadsheet() throws Exception {
    List<String> data = formulas(open("data.csv", new CsvFormat(false)));
    // LibreOffice runs the three cells that begin with =; Excel also runs those with +, - and @.
    assertTrue("formulas in the data file: " + data, data.size() >= 3);
  }

  /** The file written with {@code format}, opened and saved by LibreOffice as flat XML. */
  private static String open(String name, CsvFormat format) throws Exception {
    Path csv = FOLDER.getRoot().toPath().resolve(name);
    List<String> lines = new ArrayList<>();
    lines.add(CsvFormat.header(SCHEMA));
    ROWS.forEach(r -> lines.add(format.line(r)));
    Files.write(csv, lines, StandardCharsets.UTF_8);
    Path profile = FOLDER.getRoot().toPath().resolve("profile");
    int converted =
        run(
            String.format(
                "soffice -env:UserInstallation=file://%s --headless --infilter='%s'"
                    + " --convert-to fods --outdir %s %s",
                profile, CSV_IMPORT, FOLDER.getRoot(), csv));
    assertEquals("LibreOffice converting " + name, 0, converted);
    return Files.readString(csv.resolveSibling(name.replace(".csv", ".fods")));
  }

  private static List<String> formulas(String fods) {
    List<String> found = new ArrayList<>();
    Matcher m = FORMULA.matcher(fods);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static int run(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sh", "-c", command).inheritIO().start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
