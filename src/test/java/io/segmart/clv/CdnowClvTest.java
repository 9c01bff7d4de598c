package io.segmart.clv;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The published fits on CDNOW's 1/10 sample (2,357 customers of the first quarter of 1997), with
 * the first 39 weeks, to 1997-09-30, as calibration and times in weeks: BG/NBD r = 0.243, alpha =
 * 4.414, a = 0.793, b = 2.426 (Fader, Hardie and Lee 2005, and the lifetimes documentation), and
 * Gamma-Gamma p = 6.25, q = 3.74, v = 15.44 on the 946 customers with repeat purchases (Fader,
 * Hardie and Lee 2005, "RFM and CLV").
 */
public class CdnowClvTest {
  private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
  private static List<PurchaseHistory> histories;

  @BeforeClass
  public static void readTheSample() throws IOException {
    Map<String, NavigableMap<LocalDate, Long>> purchases = new HashMap<>();
    DateTimeFormatter format = DateTimeFormatter.BASIC_ISO_DATE;
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(Path.of("data/cdnow/CDNOW_sample.txt.gz")))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] fields = line.trim().split("\\s+");
        long cents = new BigDecimal(fields[4]).movePointRight(2).longValueExact();
        purchases
            .computeIfAbsent(fields[0], c -> new TreeMap<>())
            .merge(LocalDate.parse(fields[2], format), cents, Long::sum);
      }
    }
    histories = new ArrayList<>();
    purchases.values().forEach(days -> histories.add(PurchaseHistory.of(days, CALIBRATION_END)));
  }

  @Test
  public void bgNbdGivesThePublishedParameters() {
    assertEquals(2357, histories.size());
    ModelFit fit = BgNbd.fit(histories.stream().map(PurchaseHistory::cell).toList(), 7);
    assertEquals(0.243, round(fit.estimate("r"), 3), 0);
    assertEquals(4.414, round(fit.estimate("alpha"), 3), 0);
    assertEquals(0.793, round(fit.estimate("a"), 3), 0);
    assertEquals(2.426, round(fit.estimate("b"), 3), 0);
    // The paper's log-likelihood, -9582.4.
    assertEquals(-9582.4, round(fit.logLikelihood(), 1), 0);
  }

  @Test
  public void gammaGammaGivesThePublishedParameters() {
    ModelFit fit = GammaGamma.fit(histories.stream().map(PurchaseHistory::spendCell).toList());
    assertEquals(946, fit.customers());
    assertEquals(6.25, round(fit.estimate("p"), 2), 0);
    assertEquals(3.74, round(fit.estimate("q"), 2), 0);
    assertEquals(15.44, round(fit.estimate("v"), 2), 0);
  }

  @Test
  public void theConditionalExpectationOfThePaper() {
    // A customer with 2 repeat purchases, the last at week 30.43 of 38.86: 1.226 purchases expected
    // in the next 39 weeks under the published parameters.
    BgNbd.Params published = new BgNbd.Params(0.243, 4.414, 0.793, 2.426);
    assertEquals(1.226, round(BgNbd.expectedPurchases(published, 2, 30.43, 38.86, 39), 3), 0);
  }

  private static double round(double value, int decimals) {
    return BigDecimal.valueOf(value)
        .setScale(decimals, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }
}
