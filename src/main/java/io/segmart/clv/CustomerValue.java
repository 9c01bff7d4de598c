package io.segmart.clv;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A customer's expected future under the fitted models, from the customer's history up to the
 * model's last day: the probability of being alive (BG/NBD), the expected purchases in each horizon
 * (BG/NBD), the expected value of a purchase (Gamma-Gamma) and the lifetime value in each horizon:
 * the expected purchases of each month times that value, discounted monthly. Months are 30 days, as
 * in the {@code lifetimes} package; a horizon that is not a whole number of months ends with a part
 * month. The expected value and the CLV are null where the spend model gives no finite mean.
 */
public record CustomerValue(
    double probabilityAlive,
    List<Double> expectedPurchases,
    @Nullable Double expectedAverageValue,
    List<@Nullable Double> lifetimeValue)
    implements Serializable {
  static final int MONTH_DAYS = 30;

  public static CustomerValue of(
      FittedClv model, PurchaseHistory history, List<Integer> horizonDays, double monthlyDiscount) {
    ModelFit purchases = model.fits().purchases();
    double perUnit = model.unit().days;
    int x = history.x();
    double tx = history.txDays() / perUnit;
    double age = history.ageDays() / perUnit;
    Double value =
        GammaGamma.expectedMean(
            GammaGamma.Params.of(model.fits().spend()),
            x,
            x == 0 ? 0 : history.repeatCents() / 100.0 / x);
    // The expected purchases up to each month's end and each horizon, once: the horizons share
    // their months, and the last month's end is the horizon's own figure.
    Map<Integer, Double> upToDays = new HashMap<>();
    IntToDoubleFunction upTo =
        days ->
            upToDays.computeIfAbsent(
                days, d -> BgNbd.expectedPurchases(purchases, x, tx, age, d / perUnit));
    List<Double> expected = new ArrayList<>();
    List<Double> lifetime = new ArrayList<>();
    for (int horizon : horizonDays) {
      expected.add(upTo.applyAsDouble(horizon));
      double discounted = 0;
      double before = 0;
      for (int month = 1; (month - 1) * MONTH_DAYS < horizon; month++) {
        double now = upTo.applyAsDouble(Math.min(month * MONTH_DAYS, horizon));
        discounted += (now - before) / Math.pow(1 + monthlyDiscount, month);
        before = now;
      }
      lifetime.add(value == null ? null : discounted * value);
    }
    return new CustomerValue(
        BgNbd.probabilityAlive(purchases, x, tx, age), expected, value, lifetime);
  }
}
