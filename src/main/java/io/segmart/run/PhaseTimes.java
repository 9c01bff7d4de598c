package io.segmart.run;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run's wall time went, phase by phase, for the benchmark: how long the JVM took to reach
 * {@code main}, then the time between each {@link #mark}. Logged once at the end on the {@code
 * io.segmart.timings} logger, which is off unless asked for (scripts/bench.sh turns it on).
 */
public final class PhaseTimes {
  private static final Logger LOG = LoggerFactory.getLogger("io.segmart.timings");

  private final Map<String, Long> millis = new LinkedHashMap<>();
  private long last;

  /** Starts timing at {@code main}; the JVM's own start-up is its uptime so far. */
  public PhaseTimes() {
    last = System.nanoTime();
    millis.put("jvm_start", ManagementFactory.getRuntimeMXBean().getUptime());
  }

  /** Ends the phase called {@code name}: the time since the previous mark. */
  public void mark(String name) {
    long now = System.nanoTime();
    millis.put(name, (now - last) / 1_000_000);
    last = now;
  }

  /** Logs "segmart timings: jvm_start=… graph=… …" in milliseconds. */
  public void log() {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "segmart timings: "
              + millis.entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(" ")));
    }
  }
}
