package io.cepheus.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Test harness: the machine's headless Chromium driven through its chromedriver (Debian's {@code
 * chromium} and {@code chromium-driver}; both paths are given, so Selenium Manager never looks for
 * or downloads a driver or a browser), at 1280×800 with a fresh profile, opened on one server.
 * Waits are {@link WebDriverWait}s on conditions; screenshots go to {@code target/screenshots}; the
 * browser's console is read after each test and any error in it fails the test. Not thread-safe.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("cepheus.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("cepheus.chromedriver", "/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String base;
    private final Path profile;
    private int failures;

    Browser(String base) {
        this.base = base;
        assertThat(new File(CHROMIUM).canExecute()).as(CHROMIUM + ": Chromium (apt-get install chromium; .ci/run installs it)")
                .isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as(CHROMEDRIVER + ": chromedriver (apt-get install chromium-driver)")
                .isTrue();
        try {
            this.profile = Files.createTempDirectory("cepheus-chromium-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** Opens a path of the server. */
    void open(String path) {
        driver.get(base + path);
    }

    /** The element, once it is visible. */
    WebElement visible(By by) {
        return until(by + " is visible", ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement visible(String css) {
        return visible(By.cssSelector(css));
    }

    /** Waits until an element holds {@code text}. */
    void text(String css, String text) {
        until(css + " shows \"" + text + "\"", ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /**
     * Waits for {@code condition}; when it does not come, photographs the page ({@code target/screenshots/failed-N.png})
     * and fails with what the page showed and what its console said.
     */
    private <T> T until(String what, java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        try {
            return wait.until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            String shot = "failed-" + (++failures);
            screenshot(shot);
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + " at " + driver.getCurrentUrl()
                    + " (see " + SCREENSHOTS.resolve(shot + ".png") + "); the page shows:\n"
                    + driver.findElement(By.tagName("body")).getText() + "\nits console:\n"
                    + console().stream().map(LogEntry::toString).collect(java.util.stream.Collectors.joining("\n")), e);
        }
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /** Signs in with {@code token} on a fresh page (the session of the tab is forgotten first). */
    void signIn(String token) {
        if (driver.getCurrentUrl().startsWith(base)) {
            driver.executeScript("sessionStorage.clear()"); // on the page the last test left, idle
        }
        open("/rules");
        visible("#token").sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        visible("#who");
    }

    /** Writes a PNG of the page as {@code target/screenshots/NAME.png}. */
    void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser console's warnings and errors since the last call. */
    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Fails if the browser's console has had an error since the last call. */
    void assertNoConsoleErrors() {
        assertThat(console()).as("errors in the browser console").filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(LogEntry::getMessage).isEmpty();
    }

    /** Runs a script in the page. */
    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
