package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** With the demo services failing often, records that stay failed after retries end FAILED and in the dead letters. */
class FailureDrillTest {

    @Test
    void failedRecordsAreDeadLetteredAndTheCountsStillAddUp(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,email,city,state,postal_code\n");
        for (int i = 1; i <= 300; i++) {
            csv.append(i).append(",person").append(i).append("@example.com,Springfield,IL,62704\n");
            if (i % 100 == 0) csv.append(i).append(",too,few\n");
        }
        try (RunningApp app = RunningApp.start(dir, Map.of(
                "fanout.demo.failure-rate", "0.3", "fanout.breaker.min-calls", "100000", "fanout.breaker.window", "100000",
                "fanout.checks.default.retries", "1"))) {
            app.drop("drill.csv", csv.toString());

            JsonNode summary = app.awaitSummary("drill", Duration.ofSeconds(60));
            List<String> rows = app.report("drill").lines().skip(1).toList();
            List<JsonNode> deadLetters = app.deadLetters("drill");

            int failed = summary.get("failed").asInt();
            assertThat(failed).as("a 30%% failure rate with one retry fails some records").isPositive();
            assertThat(summary.get("records").asInt()).isEqualTo(300);
            assertThat(summary.get("malformed").asInt()).isEqualTo(3);
            assertThat(summary.get("verified").asInt() + summary.get("flagged").asInt() + failed).isEqualTo(300);
            assertThat(rows).hasSize(300);
            assertThat(rows.size() + summary.get("malformed").asInt()).isEqualTo(303);
            assertThat(deadLetters).hasSize(3 + failed);

            Set<Long> failedRows = rows.stream().filter(r -> r.contains(",FAILED,"))
                    .map(r -> Long.parseLong(r.split(",")[5])).collect(Collectors.toSet());
            List<JsonNode> failedLetters = deadLetters.stream().filter(d -> d.has("check")).toList();
            assertThat(failedLetters).extracting(d -> d.get("line").asLong()).containsExactlyInAnyOrderElementsOf(failedRows);
            assertThat(failedLetters).allSatisfy(d -> {
                assertThat(d.get("attempts").asInt()).isEqualTo(2);
                assertThat(d.get("check").asText()).matches("(address|email)(,email)?");
                assertThat(d.get("error").asText()).contains("HTTP 503").contains("(2 attempts)");
            });
            assertThat(rows.stream().filter(r -> r.contains(",FAILED,")))
                    .allSatisfy(r -> assertThat(r).contains("ERROR"));
            // by default no record may fail (fanout.job.max-failed-percent = 0)
            assertThat(summary.get("status").asText()).isEqualTo("FAILED");
            assertThat(summary.get("failuresByError").get("HTTP 503").asInt()).isEqualTo(failedLetters.stream().mapToInt(d -> d.get("check").asText().split(",").length).sum());
        }
    }
}
