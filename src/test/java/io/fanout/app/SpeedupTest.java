package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The point of fanning out: the same file, run one record at a time and then 50 at a time, in one test run.
 * Only the ratio of the two wall times is asserted (ideal 50x, asserted at least 5x), never an absolute time.
 */
class SpeedupTest {

    static final int RECORDS = 200;

    @Test
    void fiftyWideIsManyTimesFasterThanOneAtATime(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,email,city,state,postal_code\n");
        for (int i = 1; i <= RECORDS; i++) csv.append(i).append(",p").append(i).append("@example.com,Springfield,IL,62704\n");

        long sequential = wallMs(dir.resolve("c1"), "1", csv.toString());
        long parallel = wallMs(dir.resolve("c50"), "50", csv.toString());

        assertThat((double) sequential / parallel)
                .as("sequential %d ms vs parallel %d ms", sequential, parallel)
                .isGreaterThanOrEqualTo(5.0);
    }

    private static long wallMs(Path dir, String concurrency, String csv) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of("fanout.concurrency", concurrency, "fanout.demo.latency-ms", "40"))) {
            app.drop("batch.csv", csv);
            JsonNode summary = app.awaitSummary("batch", Duration.ofSeconds(60));
            assertThat(summary.get("verified").asInt()).isEqualTo(RECORDS);
            assertThat(summary.get("concurrency").asText()).isEqualTo(concurrency);
            return summary.get("wallMs").asLong();
        }
    }
}
