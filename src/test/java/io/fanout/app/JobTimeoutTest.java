package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A job whose records do not come back within fanout.job.timeout ends TIMED_OUT and names the missing lines. */
class JobTimeoutTest {

    @Test
    void recordsThatNeverCameBackAreListedAsMissing(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of("fanout.demo.latency-ms", "3000", "fanout.job.timeout", "1s"))) {
            app.drop("slow.csv", """
                    id,email,city,state,postal_code
                    1,a@example.com,Springfield,IL,62704
                    2,b@example.com,Springfield,IL,62704
                    """);

            JsonNode summary = app.awaitSummary("slow", Duration.ofSeconds(30));

            assertThat(summary.get("status").asText()).isEqualTo("TIMED_OUT");
            assertThat(summary.get("records").asInt()).isEqualTo(2);
            assertThat(summary.get("missing").asInt()).isEqualTo(2);
            assertThat(summary.get("missingLines").toString()).isEqualTo("[2,3]");
            assertThat(app.report("slow")).isEqualTo("id,email,city,state,postal_code,line,status,reasons,check_address,check_email,check_suppression\r\n");
        }
    }
}
