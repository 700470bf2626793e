package io.fanout.web;

import io.fanout.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With the address and e-mail services always failing, the job page groups the failures by check and error. */
class FailuresViewTest {

    static final Duration SHORT = Duration.ofSeconds(30);

    @Test
    void theJobPageGroupsFailuresByCheckAndError(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,email,city,state,postal_code\n");
        for (int i = 1; i <= 5; i++) csv.append(i).append(",person").append(i).append("@example.com,Springfield,IL,62704\n");
        csv.append("6,too,few\n");
        try (RunningApp app = RunningApp.start(dir, Map.of(
                "fanout.demo.failure-rate", "1",
                "fanout.checks.default.retries", "0",
                // every call fails: keep the circuit breaker closed, so each record fails at once instead of waiting
                "fanout.breaker.min-calls", "1000"));
             Browser browser = Browser.open(app.httpPort())) {
            app.drop("drill.csv", csv.toString());
            String id = app.awaitSummary("drill", SHORT).get("job").asText();

            browser.open("#/jobs/" + id);

            browser.waitUpTo(SHORT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".failure-group")));
            assertThat(browser.driver.findElement(By.id("job-status")).getText()).isEqualTo("failed");
            assertThat(browser.driver.findElement(By.id("failures-note")).getText())
                    .startsWith("6 dead letters: 5 failed records, 1 unreadable line.");
            List<WebElement> groups = browser.driver.findElements(By.cssSelector(".failure-group"));
            assertThat(groups).extracting(g -> g.getAttribute("data-check")).containsExactly("address", "email", "unreadable line");

            WebElement address = groups.get(0);
            assertThat(address.findElement(By.cssSelector(".failure-check")).getText()).isEqualTo("address");
            assertThat(address.findElement(By.cssSelector(".failure-error")).getText()).startsWith("HTTP 503");
            assertThat(address.findElement(By.cssSelector(".failure-count")).getText()).isEqualTo("5 records");
            List<WebElement> examples = address.findElements(By.cssSelector(".examples li"));
            assertThat(examples).hasSize(4); // the first three, then how many more
            assertThat(examples.get(0).getText()).isEqualTo("line 2 1,person1@example.com,Springfield,IL,62704 (1 attempt)");
            assertThat(examples.get(3).getText()).isEqualTo("and 2 more");

            WebElement unreadable = groups.get(2);
            assertThat(unreadable.findElement(By.cssSelector(".failure-error")).getText()).isEqualTo("expected 5 fields, found 3");
            assertThat(unreadable.findElement(By.cssSelector(".failure-count")).getText()).isEqualTo("1 line");

            // the checks table counts the errors too
            WebElement addressCheck = browser.driver.findElement(By.cssSelector("#checks-table tr[data-check=address]"));
            assertThat(addressCheck.findElements(By.cssSelector("td")).get(2).getText()).isEqualTo("5");

            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/job-failures.png"), ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES));
        }
    }
}
