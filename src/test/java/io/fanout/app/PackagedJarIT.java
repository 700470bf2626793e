package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.fanout.app.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's first command, as a user runs it: java -jar target/fanout.jar, from another directory, on the defaults. */
class PackagedJarIT {

    @Test
    void theJarRunsTheSampleAndServesTheApi(@TempDir Path workDir) throws Exception {
        Path jar = Path.of("target/fanout.jar").toAbsolutePath();
        int httpPort = RunningApp.freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(workDir.resolve("app.log").toFile());
        builder.environment().put("FANOUT_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("FANOUT_MANAGEMENT_PORT", Integer.toString(RunningApp.freePort()));
        builder.environment().put("FANOUT_DEMO_PORT", Integer.toString(RunningApp.freePort()));
        Process app = builder.start();
        try {
            Http http = new Http(httpPort);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.get("/api/jobs").statusCode() == 200);

            Files.copy(Path.of("samples/customers-2000.csv"), workDir.resolve("customers-2000.csv"));
            Files.move(workDir.resolve("customers-2000.csv"), workDir.resolve("data/inbox/customers-2000.csv"));
            Path summaryFile = workDir.resolve("data/outbox/customers-2000.summary.json");
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(summaryFile));
            JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
            assertThat(List.of(summary.get("records").asInt(), summary.get("verified").asInt(), summary.get("flagged").asInt(),
                    summary.get("failed").asInt(), summary.get("malformed").asInt())).containsExactly(1997, 1807, 190, 0, 3);
            assertThat(summary.get("speedup").asDouble()).as("fanned out 50 wide at 50 ms a call").isGreaterThan(10);

            assertThat(http.get("/api/openapi.json").statusCode()).isEqualTo(200);
            HttpResponse<String> done = http.post("/api/jobs?wait=true&name=first-200", "text/csv",
                    Files.readString(Path.of("samples/customers-200.csv")));
            assertThat(done.statusCode()).isEqualTo(200);
            JsonNode job = json(done);
            assertThat(job.get("records").asInt()).isEqualTo(200);
            assertThat(job.get("verified").asInt() + job.get("flagged").asInt()).isEqualTo(200);
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) app.destroyForcibly();
        }
    }
}
