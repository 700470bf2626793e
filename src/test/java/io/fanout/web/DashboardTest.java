package io.fanout.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.fanout.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard in a real browser against the whole application: job list, start form, "run both", job page. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest {

    static final Duration SHORT = Duration.ofSeconds(20);
    static final String CSV = """
            id,email,city,state,postal_code
            1,ann@example.com,Springfield,IL,62704
            2,bo@mailinator.com,Springfield,IL,62704
            3,cy@example.com,Chicago,IL,62704
            """;

    RunningApp app;
    Browser browser;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // 20 ms a check call: one record at a time, the 200-record sample takes a few seconds
        app = RunningApp.start(dir, Map.of("fanout.demo.latency-ms", "20"));
        browser = Browser.open(app.httpPort());
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (app != null) app.close();
    }

    @BeforeEach
    void openTheList() {
        browser.open("");
    }

    @Test
    void theJobListShowsADroppedFileWithItsProgressAtFullAndItsRace() {
        app.drop("listed.csv", CSV);

        WebElement row = browser.jobRow("listed.csv", SHORT);
        browser.awaitComplete(row, SHORT);

        assertThat(row.findElement(By.cssSelector(".bar-text")).getText()).isEqualTo("3 / 3");
        assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("completed");
        assertThat(row.findElement(By.cssSelector(".job-meta")).getText()).startsWith("dropped file \u00b7 50 wide \u00b7 started ");
        // 1 verified, 2 flagged: the bar is split by outcome
        assertThat(row.findElement(By.cssSelector(".seg.verified")).getAttribute("style")).contains("33.33%");
        assertThat(row.findElement(By.cssSelector(".seg.flagged")).getAttribute("style")).contains("66.67%");
        // finished: wall time beside one after another, and the speed-up
        assertThat(row.findElement(By.cssSelector(".race .speedup")).getText()).matches("\\d+\\.\\d\u00d7 faster");
        assertThat(row.findElements(By.cssSelector(".race-value"))).allSatisfy(v -> assertThat(v.getText()).matches("\\d+(\\.\\d)? m?s"));
    }

    @Test
    void aFileUploadedThroughTheFormCompletes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("upload.csv"), CSV);

        browser.driver.findElement(By.id("start-file")).sendKeys(file.toString());
        browser.driver.findElement(By.id("start-name")).sendKeys("uploaded-batch");
        browser.driver.findElement(By.id("start-submit")).click();

        browser.waitUpTo(SHORT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("start-result"),
                "Started uploaded-batch: 3 records."));
        WebElement row = browser.jobRow("uploaded-batch", SHORT);
        browser.awaitComplete(row, SHORT);
        assertThat(row.findElement(By.cssSelector(".bar-text")).getText()).isEqualTo("3 / 3");
    }

    @Test
    void pastedRecordsAreSentAsTheirFormatAndARefusalShowsTheApiDetail() {
        WebElement text = browser.driver.findElement(By.id("start-text"));
        text.sendKeys("id,email\n1,a@example.com\n2,b@example.com,extra\n");
        browser.driver.findElement(By.id("start-submit")).click();
        browser.waitUpTo(SHORT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("start-result"),
                "Refused (400 malformed batch): line 3: expected 2 fields, found 3"));

        text.clear();
        text.sendKeys("{\"id\": 1, \"email\": \"ann@example.com\", \"city\": \"Springfield\", \"state\": \"IL\", \"postal_code\": \"62704\"}\n");
        browser.driver.findElement(By.id("start-name")).sendKeys("pasted-ndjson");
        browser.driver.findElement(By.id("start-submit")).click();
        browser.awaitComplete(browser.jobRow("pasted-ndjson", SHORT), SHORT);
    }

    @Test
    void runBothShowsTheFannedOutRunFinishingFirst() throws Exception {
        browser.driver.findElement(By.id("run-both")).click();

        WebElement verdict = browser.driver.findElement(By.id("race-verdict"));
        browser.waitUpTo(Duration.ofSeconds(60)).until(ExpectedConditions.textMatches(By.id("race-verdict"),
                java.util.regex.Pattern.compile("finished first")));
        assertThat(verdict.getText()).matches("Fanned out finished first, \\d+(\\.\\d)? m?s sooner: .* against .*, \\d+\\.\\d\u00d7 as fast\\.");
        WebElement fan = browser.driver.findElement(By.cssSelector(".lane[data-lane=fan]"));
        WebElement one = browser.driver.findElement(By.cssSelector(".lane[data-lane=one]"));
        assertThat(fan.getAttribute("class")).contains("winner");
        assertThat(one.getAttribute("class")).doesNotContain("winner");
        for (WebElement lane : List.of(fan, one)) {
            assertThat(lane.findElement(By.cssSelector("[role=progressbar]")).getAttribute("aria-valuenow")).isEqualTo("100");
            assertThat(lane.findElement(By.cssSelector(".bar-text")).getText()).isEqualTo("200 / 200");
        }
        assertThat(browser.driver.findElement(By.id("run-both")).isEnabled()).isTrue();
        // the list has both, with their labels
        browser.awaitComplete(browser.jobRow("one-at-a-time", SHORT), SHORT);
        browser.awaitComplete(browser.jobRow("fanned-out", SHORT), SHORT);

        browser.driver.findElement(By.id("race-title")).click(); // no focus ring on the button in the picture
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("window.scrollTo(0, 0)");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/run-both.png"), ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theJobPageShowsCheckLatenciesAndDownloadsTheReport() throws Exception {
        app.drop("detailed.csv", CSV);
        JsonNode summary = app.awaitSummary("detailed", SHORT);
        String id = summary.get("job").asText();

        browser.jobRow("detailed.csv", SHORT).findElement(By.cssSelector("a.job-link")).click();

        browser.waitUpTo(SHORT).until(ExpectedConditions.urlContains("#/jobs/" + id));
        browser.waitUpTo(SHORT).until(ExpectedConditions.visibilityOfElementLocated(By.id("checks-table")));
        List<WebElement> checks = browser.driver.findElements(By.cssSelector("#checks-table tbody tr"));
        assertThat(checks).extracting(r -> r.getAttribute("data-check")).containsExactly("address", "email", "suppression");
        // check, pass, flag, error, retried, median, p95
        assertThat(cells(checks.get(0))).startsWith("address", "2", "1", "0", "0");
        assertThat(cells(checks.get(1))).startsWith("email", "2", "1", "0", "0");
        assertThat(cells(checks.get(2))).startsWith("suppression", "3", "0", "0", "0");
        assertThat(checks).allSatisfy(r -> assertThat(cells(r).subList(5, 7)).allSatisfy(ms -> assertThat(ms).matches("\\d+ ms")));
        assertThat(browser.driver.findElement(By.id("failures-note")).getText()).startsWith("None");
        assertThat(browser.driver.findElement(By.id("job-title")).getText()).isEqualTo("detailed.csv");

        browser.driver.findElement(By.id("download-report")).click();
        Path report = browser.downloads.resolve("detailed.report.csv");
        await().atMost(SHORT).until(() -> Files.exists(report) && Files.size(report) > 0);
        assertThat(Files.readString(report)).isEqualTo(app.report("detailed"));

        browser.driver.findElement(By.linkText("\u2190 All jobs")).click();
        browser.waitUpTo(SHORT).until(ExpectedConditions.visibilityOfElementLocated(By.id("jobs-body")));
    }

    @Test
    void twoHundredJobsAreListedAndAPollKeepsTheirRows() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI jobs = URI.create("http://127.0.0.1:" + app.httpPort() + "/api/jobs?name=bulk");
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(jobs).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(CSV)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(202);
        }
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> d.findElements(By.cssSelector(
                "#jobs-body tr[data-status=COMPLETED] .job-link")).stream().filter(a -> a.getText().equals("bulk")).count() == 200);
        WebElement first = browser.driver.findElement(By.cssSelector("#jobs-body tr"));

        app.drop("after-bulk.csv", CSV);
        browser.awaitComplete(browser.jobRow("after-bulk.csv", SHORT), SHORT);

        // the rows already shown were kept (and moved down), not rebuilt
        assertThat(first.isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.cssSelector("#jobs-body tr .job-link")).getText()).isEqualTo("after-bulk.csv");
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }
}
