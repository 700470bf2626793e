package io.fanout.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fanout.app.RunningApp;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /observe/health, /live and /ready on the management port: ready only while the database answers and no breaker is open. */
class HealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readyAndLiveWhenAllIsWell(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of())) {
            Management management = new Management(app);
            awaitReady(management);
            for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready")) {
                HttpResponse<String> response = management.get(path);
                assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
                assertThat(json(response).get("status").asText()).as(path).isEqualTo("UP");
            }
            // the fanout checks are readiness checks, all UP, and not liveness checks
            JsonNode ready = json(management.get("/observe/health/ready?exposureLevel=full"));
            assertThat(statuses(ready)).containsEntry("fanout-database", "UP").containsEntry("fanout-breaker-address", "UP")
                    .containsEntry("fanout-breaker-email", "UP").containsEntry("fanout-breaker-suppression", "UP");
            JsonNode live = json(management.get("/observe/health/live?exposureLevel=full"));
            assertThat(statuses(live)).doesNotContainKeys("fanout-database", "fanout-breaker-address");
        }
    }

    @Test
    void notReadyWhileTheDatabaseIsDownAndReadyWhenItIsBack(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path dbDir = Files.createDirectories(dir.resolve("db-server"));
        Server db = startDatabase(port, dbDir);
        try (RunningApp app = RunningApp.start(dir, Map.of(
                "fanout.db.url", "jdbc:h2:tcp://127.0.0.1:" + port + "/fanout",
                "fanout.health.db-timeout", "1s"))) {
            Management management = new Management(app);
            awaitReady(management);

            db.stop();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> ready = management.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode body = json(ready);
                assertThat(body.get("status").asText()).isEqualTo("DOWN");
                assertThat(statuses(body)).containsEntry("fanout-database", "DOWN").doesNotContainKey("fanout-breaker-suppression");
                assertThat(messages(body).get("fanout-database")).startsWith("the database");
            });
            // the process itself is fine: liveness stays UP
            HttpResponse<String> live = management.get("/observe/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(json(live).get("status").asText()).isEqualTo("UP");

            db = startDatabase(port, dbDir);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        HttpResponse<String> ready = management.get("/observe/health/ready");
                        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                    });
        } finally {
            db.stop();
        }
    }

    @Test
    void notReadyWhileACheckBreakerIsOpen(@TempDir Path dir) throws Exception {
        // every demo answer is a 503: after 2 failed calls of 4 the address and e-mail breakers open, and stay open
        try (RunningApp app = RunningApp.start(dir, Map.of(
                "fanout.demo.failure-rate", "1",
                "fanout.breaker.min-calls", "2",
                "fanout.breaker.window", "4",
                "fanout.breaker.open-for", "10m",
                "fanout.record.timeout", "5s"))) {
            Management management = new Management(app);
            awaitReady(management);

            app.drop("doomed.csv", "id,name,email,city,state,postal_code\n" + IntStream.rangeClosed(1, 5)
                    .mapToObj(i -> i + ",P" + i + ",p" + i + "@example.com,Springfield,IL,62704").collect(Collectors.joining("\n")) + "\n");
            JsonNode summary = app.awaitSummary("doomed", Duration.ofSeconds(30));
            assertThat(summary.get("failed").asInt()).isEqualTo(5);

            HttpResponse<String> ready = management.get("/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = json(ready);
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(statuses(body)).containsEntry("fanout-breaker-address", "DOWN").containsEntry("fanout-breaker-email", "DOWN")
                    .doesNotContainKeys("fanout-breaker-suppression", "fanout-database");
            assertThat(messages(body).get("fanout-breaker-email")).contains("email check is open");
            assertThat(management.get("/observe/health/live").statusCode()).isEqualTo(200);

            Management.Metrics metrics = management.metrics();
            assertThat(metrics.of("fanout_breaker_state", "check", "address")).isEqualTo(2.0);
            assertThat(metrics.of("fanout_breaker_state", "check", "email")).isEqualTo(2.0);
            assertThat(metrics.of("fanout_breaker_state", "check", "suppression")).isEqualTo(0.0);
        }
    }

    /** Ready once started: Camel's own readiness waits for the inbox's first poll (about a second after start). */
    private static void awaitReady(Management management) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(management.get("/observe/health/ready").statusCode()).isEqualTo(200));
    }

    private static Server startDatabase(int port, Path baseDir) throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir", baseDir.toString()).start();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Each check named in a health answer, with its status. */
    private static Map<String, String> statuses(JsonNode health) {
        return checks(health).stream().collect(Collectors.toMap(c -> c.get("name").asText(), c -> c.get("status").asText()));
    }

    private static Map<String, String> messages(JsonNode health) {
        return checks(health).stream().filter(c -> c.has("message"))
                .collect(Collectors.toMap(c -> c.get("name").asText(), c -> c.get("message").asText()));
    }

    private static List<JsonNode> checks(JsonNode health) {
        List<JsonNode> checks = new ArrayList<>();
        if (health.has("checks")) health.get("checks").forEach(checks::add);
        return checks;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
