package io.fanout.web;

import io.fanout.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job page's "Redrive failed records" button: shown for a finished job with failed records, it runs them again
 * (once the downstream is back) and the page follows the job to completion, with its checks and failures loaded again.
 */
class RedriveViewTest {

    static final Duration SHORT = Duration.ofSeconds(30);

    @Test
    void theFailedRecordsOfAJobAreRedrivenFromItsPage(@TempDir Path dir) throws Exception {
        int records = 4;
        StringBuilder csv = new StringBuilder("id,email,city,state,postal_code\n");
        for (int i = 1; i <= records; i++) csv.append(i).append(",person").append(i).append("@example.com,Springfield,IL,62704\n");
        try (RunningApp app = RunningApp.start(dir, Map.of(
                "fanout.demo.failure-rate", "1",
                "fanout.checks.default.retries", "0",
                // every call fails: keep the circuit breaker closed, so each record fails at once instead of waiting
                "fanout.breaker.min-calls", "1000"));
             Browser browser = Browser.open(app.httpPort())) {
            WebDriver driver = browser.driver;
            app.drop("outage.csv", csv.toString());
            String id = app.awaitSummary("outage", SHORT).get("job").asText();

            browser.open("#/jobs/" + id);
            browser.waitUpTo(SHORT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".failure-group")));
            assertThat(driver.findElement(By.id("job-status")).getText()).isEqualTo("failed");
            assertThat(facts(driver)).containsEntry("Failed", String.valueOf(records)).doesNotContainKey("Redrives");
            WebElement button = driver.findElement(By.id("redrive"));
            assertThat(button.isDisplayed()).isTrue();
            assertThat(button.getText()).isEqualTo("Redrive failed records");
            assertThat(button.isEnabled()).isTrue();

            // the service is back; remember whether the button disables itself while the POST is in flight
            app.demo().failureRate(0);
            long emailCalls = app.demo().calls("/email");
            browser.script("const button = arguments[0]; window.redriveButtonDisabled = false;"
                    + "new MutationObserver(() => { if (button.disabled) window.redriveButtonDisabled = true; })"
                    + ".observe(button, { attributes: true, attributeFilter: ['disabled'] });", button);
            button.click();

            browser.waitUpTo(SHORT).until(ExpectedConditions.textToBe(By.id("job-status"), "completed"));
            browser.waitUpTo(SHORT).until(ExpectedConditions.textMatches(By.id("failures-note"), Pattern.compile("^None: ")));
            assertThat(driver.findElements(By.cssSelector(".failure-group"))).as("no failure groups after the redrive").isEmpty();
            assertThat(browser.script("return window.redriveButtonDisabled;")).as("disabled while the POST was in flight").isEqualTo(true);
            assertThat(button.isDisplayed()).as("nothing left to redrive").isFalse();
            assertThat(driver.findElement(By.id("redrive-error")).getText()).isEmpty();
            assertThat(facts(driver)).containsEntry("Redrives", "1").containsEntry("Failed", "0")
                    .containsEntry("Verified", String.valueOf(records));
            assertThat(app.demo().calls("/email") - emailCalls).as("e-mail calls of the redrive: one per failed record").isEqualTo(records);
            // the checks table was loaded again: every e-mail check passed this time
            WebElement emailCheck = driver.findElement(By.cssSelector("#checks-table tr[data-check=email]"));
            assertThat(emailCheck.findElements(By.cssSelector("td")).get(0).getText()).isEqualTo(String.valueOf(records));
            assertThat(emailCheck.findElements(By.cssSelector("td")).get(2).getText()).isEqualTo("0");

            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/job-redriven.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

            // a job without failed records, opened afresh: no button
            driver.navigate().refresh();
            browser.waitUpTo(SHORT).until(ExpectedConditions.textMatches(By.id("failures-note"), Pattern.compile("^None: ")));
            assertThat(facts(driver)).containsEntry("Redrives", "1");
            assertThat(driver.findElement(By.id("redrive")).isDisplayed()).isFalse();

            // the service's refusal is shown, as the downloads' errors are (the button is hidden, so click it from script)
            browser.script("document.getElementById('redrive').click();");
            browser.waitUpTo(SHORT).until(ExpectedConditions.textToBe(By.id("redrive-error"),
                    "Redrive refused (409 nothing to redrive): job " + id + " has no FAILED records"));
            assertThat(driver.findElement(By.id("redrive-error")).getAttribute("role")).isEqualTo("alert");
            assertThat(app.demo().calls("/email") - emailCalls).as("a refused redrive calls nothing").isEqualTo(records);
        }
    }

    /** The job facts, term to value (the terms as written: the style sheet shows them upper-cased). */
    private static Map<String, String> facts(WebDriver driver) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (WebElement pair : driver.findElements(By.cssSelector("#job-facts > div"))) {
            facts.put(pair.findElement(By.tagName("dt")).getDomProperty("textContent"), pair.findElement(By.tagName("dd")).getText());
        }
        return facts;
    }
}
