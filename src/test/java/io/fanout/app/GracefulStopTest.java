package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM in the middle of a job: the records in flight finish and are stored, no new record starts, the process
 * ends on its own, and the next start completes only the rest.
 */
class GracefulStopTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ObservedServices services;

    @BeforeEach
    void startServices() {
        services = new ObservedServices(100);
    }

    @AfterEach
    void stopServices() {
        services.close();
    }

    @Test
    void sigtermLetsRecordsInFlightFinishAndTheRestResumes(@TempDir Path dir) throws Exception {
        Map<String, String> settings = new HashMap<>(services.settings());
        settings.put("fanout.concurrency", "30");
        settings.put("fanout.shutdown.grace", "20s");
        try (AppProcess app = new AppProcess(dir, settings).start()) {
            String job = Http.json(app.http().post("/api/jobs?name=stop", "text/csv", CrashResumeTest.batch())).get("job").asText();
            app.awaitDone(job, CrashResumeTest.RECORDS / 5, Duration.ofSeconds(60));

            // 143 = 128 + SIGTERM: the JVM ends that way once its shutdown hooks (Camel's stop) have run
            assertThat(app.terminate(Duration.ofSeconds(40))).as("exit code after SIGTERM").isIn(0, 143);
            Map<String, AtomicInteger> beforeStop = services.endPhase();
            assertThat(app.log(1)).contains("Stopping: every record in flight finished");

            // every record that was sent to the checks finished and is stored: nothing was cut off mid-way
            Set<Long> stored = CrashResumeTest.storedLines(dir, job);
            Set<String> storedEmails = stored.stream().map(line -> CrashResumeTest.email((int) (line - 1))).collect(Collectors.toSet());
            assertThat(beforeStop.keySet()).as("records called before the stop = records stored").isEqualTo(storedEmails);
            assertThat(stored.size()).as("stopped mid-job").isBetween(CrashResumeTest.RECORDS / 5, CrashResumeTest.RECORDS - 1);

            app.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(dir.resolve("data/outbox/job-" + job + ".summary.json")));
            JsonNode summary = JSON.readTree(dir.resolve("data/outbox/job-" + job + ".summary.json").toFile());
            assertThat(summary.get("status").asText()).as(summary.toString()).isEqualTo("COMPLETED");
            assertThat(summary.get("records").asInt()).isEqualTo(CrashResumeTest.RECORDS);
            assertThat(summary.get("verified").asInt() + summary.get("flagged").asInt()).isEqualTo(CrashResumeTest.RECORDS);
            assertThat(services.endPhase().keySet()).as("after the restart only the rest").doesNotContainAnyElementsOf(beforeStop.keySet())
                    .hasSize(CrashResumeTest.RECORDS - stored.size());
        }
    }
}
