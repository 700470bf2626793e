package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as a user starts it: its own JVM, in a directory with no routes/ and no application.properties
 * (so the copies in the jar's classpath serve), configured by environment variables and -D flags.
 */
class StandaloneProcessTest {

    @Test
    void withAnApiKeySetEveryCallNeedsItAndTheKeyIsNeverLogged(@TempDir Path workDir) throws Exception {
        String key = "k3y-" + System.nanoTime();
        int port = RunningApp.freePort();
        ProcessBuilder builder = application(workDir);
        builder.environment().put("FANOUT_API_KEY", key);
        builder.environment().put("FANOUT_HTTP_PORT", Integer.toString(port));
        Process app = builder.start();
        try {
            Http http = new Http(port);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.get("/api/jobs").statusCode() == 401);
            JobsApiTest.assertError(http.get("/api/jobs", "X-API-Key", "wrong"), 401, "unauthorized", "send the API key in the X-API-Key header");
            JobsApiTest.assertError(http.post("/api/jobs", "text/csv", "id\n1\n"), 401, "unauthorized", "send the API key in the X-API-Key header");
            HttpResponse<String> accepted = http.post("/api/jobs?wait=true", "text/csv", "id,email\n1,a@example.com\n", "X-API-Key", key);
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-API-Key"));
            assertThat(http.get("/api/jobs", "X-API-Key", key).statusCode()).isEqualTo(200);
        } finally {
            stop(app);
        }
        assertThat(Files.readString(workDir.resolve("app.log"))).contains("fanout.api-key").doesNotContain(key);
    }

    @Test
    void runsFromAnyDirectoryWithEnvironmentAndSystemPropertyOverrides(@TempDir Path workDir) throws Exception {
        ProcessBuilder builder = application(workDir);
        builder.environment().put("FANOUT_CONCURRENCY", "3");
        builder.environment().put("FANOUT_HTTP_PORT", Integer.toString(RunningApp.freePort()));
        Process app = builder.start();
        try {
            Path inbox = workDir.resolve("data/inbox");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(inbox));
            Path staged = Files.writeString(workDir.resolve("few.csv"), """
                    id,email,city,state,postal_code
                    1,a@example.com,Springfield,IL,62704
                    2,b@mailinator.com,Springfield,IL,62704
                    """);
            Files.move(staged, inbox.resolve("few.csv"));

            Path summaryFile = workDir.resolve("data/outbox/few.summary.json");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(summaryFile));
            JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
            assertThat(summary.get("concurrency").asInt()).isEqualTo(3);
            assertThat(summary.get("verified").asInt()).isEqualTo(1);
            assertThat(summary.get("flagged").asInt()).isEqualTo(1);
            assertThat(Files.readString(workDir.resolve("app.log")))
                    .contains("[OS Environment Variable]      fanout.concurrency = 3")
                    .contains("[JVM System Property]          fanout.demo.latency-ms = 1");
        } finally {
            stop(app);
        }
    }

    /** The application in its own JVM, in {@code workDir}, logging to app.log there. */
    private static ProcessBuilder application(Path workDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dfanout.demo.latency-ms=1",
                "io.fanout.Application")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("app.log").toFile());
        builder.environment().put("FANOUT_DEMO_PORT", Integer.toString(RunningApp.freePort()));
        builder.environment().put("FANOUT_INBOX_READ_LOCK_INTERVAL", "100");
        builder.environment().put("FANOUT_MANAGEMENT_PORT", Integer.toString(RunningApp.freePort()));
        return builder;
    }

    private static void stop(Process app) throws InterruptedException {
        app.destroy();
        if (!app.waitFor(30, TimeUnit.SECONDS)) app.destroyForcibly();
    }
}
