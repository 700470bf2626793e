package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void runsFromAnyDirectoryWithEnvironmentAndSystemPropertyOverrides(@TempDir Path workDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dfanout.demo.latency-ms=1",
                "io.fanout.Application")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("app.log").toFile());
        builder.environment().put("FANOUT_CONCURRENCY", "3");
        builder.environment().put("FANOUT_DEMO_PORT", Integer.toString(RunningApp.freePort()));
        builder.environment().put("FANOUT_INBOX_READ_LOCK_INTERVAL", "100");
        builder.environment().put("CAMEL_SERVER_PORT", Integer.toString(RunningApp.freePort()));
        builder.environment().put("CAMEL_MANAGEMENT_PORT", Integer.toString(RunningApp.freePort()));
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
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) app.destroyForcibly();
        }
    }
}
