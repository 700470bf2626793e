package io.fanout.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A headless Chromium driven by Selenium: Debian's chromium and chromium-driver packages, named explicitly so
 * Selenium Manager never downloads anything. Without them installed the browser tests are skipped.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final WebDriver driver;
    final Path downloads;
    private final Path profile;
    private final String base;

    private Browser(WebDriver driver, Path profile, Path downloads, String base) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
        this.base = base;
    }

    /** A fresh browser (own profile, own download folder) for the dashboard on {@code port}. */
    static Browser open(int port) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser tests need Debian's chromium and chromium-driver packages (apt-get install chromium chromium-driver)");
        Path profile = Files.createTempDirectory("chrome-profile-");
        Path downloads = Files.createTempDirectory("chrome-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        return new Browser(driver, profile, downloads, "http://127.0.0.1:" + port + "/");
    }

    /** Opens the dashboard at {@code fragment} ("" for the job list, "#/jobs/ID" for a job). */
    void open(String fragment) {
        driver.get(base + fragment);
    }

    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(Duration.ofMillis(100));
        return wait;
    }

    /** The row of the job list whose title (label, else name) is {@code title}, once it is shown. */
    WebElement jobRow(String title, Duration timeout) {
        return waitUpTo(timeout).until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//tbody[@id='jobs-body']/tr[.//a[contains(@class,'job-link') and normalize-space()='" + title + "']]")));
    }

    /** Waits until the progress bar inside {@code container} shows 100 %. */
    void awaitComplete(WebElement container, Duration timeout) {
        WebElement bar = container.findElement(By.cssSelector("[role=progressbar]"));
        waitUpTo(timeout).until(ExpectedConditions.attributeToBe(bar, "aria-valuenow", "100"));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
            delete(downloads);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
