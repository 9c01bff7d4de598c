package io.segmart.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.Assume;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's Chromium, headless, driven by its own chromedriver: the browser the report's tests open
 * it in. The first use installs both when they are missing ({@code scripts/install-chromium.sh});
 * where that cannot be done, the calling test is skipped with the script's reason. Pages open from
 * files, at a laptop's or a phone's width (device emulation), with the browser's console and every
 * request it makes recorded.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Duration RENDER_TIMEOUT = Duration.ofSeconds(60);

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Starts a browser with its profile in the folder {@code profile}, which the caller removes,
   * installing it first if needed; skips the test where it cannot be.
   */
  public static HeadlessChromium start(Path profile) throws IOException, InterruptedException {
    Process install =
        new ProcessBuilder("bash", "scripts/install-chromium.sh").redirectErrorStream(true).start();
    String said = new String(install.getInputStream().readAllBytes()).trim();
    Assume.assumeTrue(
        "no headless Chromium here, the report's browser test is skipped: " + said,
        install.waitFor() == 0);
    if (!said.isEmpty()) {
      System.err.println(said);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(which("chromium"));
    options.addArguments(
        "--headless",
        "--no-sandbox", // builds run as root, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        // Chromium's own background traffic would hide the page's requests, if it made any.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile);
    options.setCapability(
        "goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(which("chromedriver")))
            .build();
    return new HeadlessChromium(new ChromeDriver(service, options));
  }

  private static String which(String program) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(program + " is not on the PATH");
  }

  /**
   * Opens {@code page} at {@code width} CSS pixels (a phone's, with touch and the viewport meta
   * honoured, when {@code phone}) and waits until its script has drawn every chart: until {@code
   * document.body.dataset.rendered} holds the number of charts. Fails with the console's errors if
   * it never does.
   */
  public OpenedPage open(Path page, int width, boolean phone) throws InterruptedException {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width", width, "height", phone ? 844 : 768, "deviceScaleFactor", 1, "mobile", phone));
    driver.manage().logs().get(LogType.BROWSER); // what an earlier page logged is not this one's
    driver.manage().logs().get(LogType.PERFORMANCE);
    String url = page.toUri().toString();
    driver.get(url);
    long deadline = System.nanoTime() + RENDER_TIMEOUT.toNanos();
    while (script("return document.body.dataset.rendered || null") == null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the page did not render its charts in "
                + RENDER_TIMEOUT
                + "; console: "
                + messages(LogType.BROWSER, Level.ALL));
      }
      Thread.sleep(100);
    }
    return new OpenedPage(url);
  }

  private Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private List<String> messages(String log, Level least) {
    List<String> messages = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(log)) {
      if (entry.getLevel().intValue() >= least.intValue()) {
        messages.add(entry.getMessage());
      }
    }
    return messages;
  }

  @Override
  public void close() {
    driver.quit();
  }

  /** A page as the browser shows it. */
  public final class OpenedPage {
    private final String url;

    private OpenedPage(String url) {
      this.url = url;
    }

    /** Runs a script in the page and returns its result, as Selenium converts it. */
    public Object script(String script, Object... args) {
      return HeadlessChromium.this.script(script, args);
    }

    /**
     * Runs {@code body} with {@code o} bound to the options of the chart {@code id} as ECharts
     * holds them, and {@code more} as {@code arguments[1]} on; returns what the body returns.
     */
    public Object chartScript(String id, String body, Object... more) {
      Object[] args = new Object[more.length + 1];
      args[0] = id;
      System.arraycopy(more, 0, args, 1, more.length);
      return script(
          "const o = echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption(); "
              + body,
          args);
    }

    /** What the page wrote to the console as errors, uncaught exceptions included. */
    public List<String> consoleErrors() {
      return messages(LogType.BROWSER, Level.SEVERE);
    }

    /**
     * The address of every request the browser sent since the page was asked for, other than the
     * page itself: from Chromium's network log, and from the page's own resource timings.
     */
    public List<String> requests() throws IOException {
      List<String> urls = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String entry : messages(LogType.PERFORMANCE, Level.ALL)) {
        JsonNode message = json.readTree(entry).path("message");
        if (message.path("method").asText().equals("Network.requestWillBeSent")) {
          String requested = message.path("params").path("request").path("url").asText();
          if (!requested.equals(url)) {
            urls.add(requested);
          }
        }
      }
      Object timed =
          script("return performance.getEntriesByType('resource').map(e => e.name).join('\\n')");
      if (timed != null && !timed.toString().isEmpty()) {
        urls.addAll(List.of(timed.toString().split("\n")));
      }
      return urls;
    }

    /** Saves a picture of the element {@code selector} finds, all of it, as a PNG file. */
    public void screenshot(String selector, Path png) throws IOException {
      @SuppressWarnings("unchecked")
      List<Number> box =
          (List<Number>)
              script(
                  "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                      + " return [r.left + scrollX, r.top + scrollY, r.width, r.height];",
                  selector);
      Map<String, Object> shot =
          driver.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of(
                  "format",
                  "png",
                  "captureBeyondViewport",
                  true,
                  "clip",
                  Map.of(
                      "x", box.get(0).doubleValue(),
                      "y", box.get(1).doubleValue(),
                      "width", box.get(2).doubleValue(),
                      "height", box.get(3).doubleValue(),
                      "scale", 1)));
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
    }
  }
}
