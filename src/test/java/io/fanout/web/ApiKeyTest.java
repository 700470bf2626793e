package io.fanout.web;

import io.fanout.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With fanout.api-key set, the page asks for the key once, keeps it for the tab, and never shows it. */
class ApiKeyTest {

    static final Duration SHORT = Duration.ofSeconds(20);
    static final String KEY = "k3y-for-the-dashboard-test";

    @Test
    void thePageAsksForTheKeyThenWorksWithoutShowingIt(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of("fanout.api-key", KEY));
             Browser browser = Browser.open(app.httpPort())) {
            browser.open("");

            WebElement panel = browser.waitUpTo(SHORT).until(ExpectedConditions.visibilityOfElementLocated(By.id("key-panel")));
            assertThat(browser.driver.findElement(By.id("key-input")).getAttribute("type")).isEqualTo("password");

            // a wrong key is refused, and asked for again
            enterKey(browser, "not-the-key");
            browser.waitUpTo(SHORT).until(ExpectedConditions.textToBe(By.id("key-error"), "That key was refused: check it and try again."));
            assertThat(panel.isDisplayed()).isTrue();

            enterKey(browser, KEY);
            browser.waitUpTo(SHORT).until(ExpectedConditions.invisibilityOf(panel));
            app.drop("keyed.csv", "id,email,city,state,postal_code\n1,ann@example.com,Springfield,IL,62704\n");
            browser.awaitComplete(browser.jobRow("keyed.csv", SHORT), SHORT);
            assertThat(browser.driver.findElement(By.id("key-state")).isDisplayed()).isTrue();

            assertThat(browser.script("return sessionStorage.getItem('fanout.apiKey')")).isEqualTo(KEY);
            assertThat(browser.driver.getPageSource()).doesNotContain(KEY);
            assertThat(browser.driver.getCurrentUrl()).doesNotContain(KEY);
            assertThat(browser.script("return document.getElementById('key-input').value")).isEqualTo("");

            // a reload in the same tab keeps the key: no question
            browser.driver.navigate().refresh();
            browser.awaitComplete(browser.jobRow("keyed.csv", SHORT), SHORT);
            assertThat(browser.driver.findElement(By.id("key-panel")).isDisplayed()).isFalse();
        }
    }

    private static void enterKey(Browser browser, String key) {
        WebElement input = browser.driver.findElement(By.id("key-input"));
        input.sendKeys(key);
        browser.driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
    }
}
