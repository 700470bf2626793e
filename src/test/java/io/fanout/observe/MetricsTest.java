package io.fanout.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.fanout.app.RunningApp;
import io.fanout.observe.Management.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /observe/metrics on the management port: the fanout_* series with exact counts after known jobs, live gauges during one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {

    StubEmailService email;
    RunningApp app;
    Management management;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        email = new StubEmailService(400);
        app = RunningApp.start(dir, Map.of("fanout.checks.email.url", email.url()));
        management = new Management(app);
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
        if (email != null) email.close();
    }

    @Test
    @Order(1) // the first job of this application: the counts are its own
    void countsRecordsOutcomesRetriesAndDurationsOfAJobExactly() {
        app.drop("four.csv", """
                id,name,email,city,state,postal_code
                1,Ann,ann@example.com,Springfield,IL,62704
                2,Bo,bo@example.com,Chicago,IL,62704
                3,Cy,broken@example.com,Springfield,IL,62704
                4,Di,flaky@example.com,Springfield,IL,62704
                """);
        JsonNode summary = app.awaitSummary("four", Duration.ofSeconds(30));
        assertThat(summary.get("verified").asInt()).isEqualTo(2);
        assertThat(summary.get("flagged").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);

        // the last record is counted as it leaves verify-record, which may be just after the summary is written
        AtomicReference<Metrics> scrape = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            scrape.set(management.metrics());
            assertThat(scrape.get().of("fanout_records_total", "status", "VERIFIED")).isEqualTo(2.0);
            assertThat(scrape.get().of("fanout_records_in_flight")).isEqualTo(0.0);
            assertThat(scrape.get().of("fanout_jobs", "status", "RUNNING")).isEqualTo(0.0);
        });
        Metrics m = scrape.get();
        assertThat(m.of("fanout_records_total", "status", "FLAGGED")).isEqualTo(1.0);
        assertThat(m.of("fanout_records_total", "status", "FAILED")).isEqualTo(1.0);

        assertThat(m.of("fanout_check_outcomes_total", "check", "address", "result", "PASS")).isEqualTo(3.0);
        assertThat(m.of("fanout_check_outcomes_total", "check", "address", "result", "FLAG")).isEqualTo(1.0);
        assertThat(m.of("fanout_check_outcomes_total", "check", "address", "result", "ERROR")).isEqualTo(0.0);
        assertThat(m.of("fanout_check_outcomes_total", "check", "email", "result", "PASS")).isEqualTo(3.0);
        assertThat(m.of("fanout_check_outcomes_total", "check", "email", "result", "ERROR")).isEqualTo(1.0);
        assertThat(m.of("fanout_check_outcomes_total", "check", "email", "result", "FLAG")).isEqualTo(0.0);
        assertThat(m.of("fanout_check_outcomes_total", "check", "suppression", "result", "PASS")).isEqualTo(4.0);

        // flaky@ answered 503 once and was called again; broken@'s 400 is not retried
        assertThat(m.of("fanout_check_retries_total", "check", "email")).isEqualTo(1.0);
        assertThat(m.of("fanout_check_retries_total", "check", "address")).isEqualTo(0.0);
        assertThat(m.of("fanout_check_retries_total", "check", "suppression")).isEqualTo(0.0);

        for (String check : new String[] {"address", "email", "suppression"}) {
            assertThat(m.of("fanout_check_duration_seconds_count", "check", check)).as(check).isEqualTo(4.0);
            assertThat(m.of("fanout_check_duration_seconds_bucket", "check", check, "le", "+Inf")).as(check).isEqualTo(4.0);
            assertThat(m.of("fanout_check_duration_seconds_sum", "check", check)).as(check).isPositive().isLessThan(60.0);
            assertThat(m.samples().keySet().stream().filter(k -> k.startsWith("fanout_check_duration_seconds_bucket{check=" + check + ",")))
                    .as("histogram buckets of " + check).hasSizeGreaterThan(10);
            assertThat(m.of("fanout_breaker_state", "check", check)).isEqualTo(0.0);
        }

        // one record failed: the job ends FAILED (by default no record may fail)
        assertThat(summary.get("status").asText()).isEqualTo("FAILED");
        assertThat(m.of("fanout_jobs", "status", "FAILED")).isEqualTo(1.0);
        assertThat(m.of("fanout_jobs", "status", "COMPLETED")).isEqualTo(0.0);
        for (String pool : FanoutMetrics.POOLS) {
            assertThat(m.of("fanout_pool_queue_depth", "pool", pool)).isEqualTo(0.0);
            assertThat(m.of("fanout_pool_active_threads", "pool", pool)).isGreaterThanOrEqualTo(0.0);
        }
        // Camel's own per-route series are served beside them (each of the 4 records passed verify-record once);
        // its per-endpoint timers are off (application.properties)
        assertThat(m.of("camel_exchanges_total", "camelContext", "fanout", "eventType", "route", "kind", "CamelRoute", "routeId", "verify-record"))
                .isEqualTo(4.0);
        assertThat(m.has("camel_exchange_event_notifier_seconds_count")).isFalse();
    }

    @Test
    @Order(3)
    void gaugesShowARunningJobAndSettleWhenItIsDone() {
        Metrics before = management.metrics();
        double verifiedBefore = before.of("fanout_records_total", "status", "VERIFIED");
        // 120 records whose e-mail service takes 400 ms each: fanned out 50 wide, about a second of work
        String csv = "id,name,email,city,state,postal_code\n" + IntStream.rangeClosed(1, 120)
                .mapToObj(i -> i + ",P" + i + ",slow" + i + "@example.com,Springfield,IL,62704")
                .collect(Collectors.joining("\n")) + "\n";
        app.drop("slow.csv", csv);

        // scraped while the job runs: the most each gauge showed
        Map<String, Double> most = new ConcurrentHashMap<>();
        Path summaryFile = app.outbox().resolve("slow.summary.json");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Metrics m = management.metrics();
            most.merge("running jobs", m.of("fanout_jobs", "status", "RUNNING"), Math::max);
            most.merge("records in flight", m.of("fanout_records_in_flight"), Math::max);
            most.merge("busy workers", m.of("fanout_pool_active_threads", "pool", "fanout-workers"), Math::max);
            most.merge("busy check threads", m.of("fanout_pool_active_threads", "pool", "fanout-checks"), Math::max);
            return Files.exists(summaryFile);
        });
        assertThat(most.get("running jobs")).as("%s", most).isEqualTo(1.0);
        // fanout.concurrency (50) bounds the records in flight: 50 workers, and the splitting thread itself running one
        // when their queue is full (CallerRuns); a worker is not freed while its record's checks run
        assertThat(most.get("records in flight")).as("%s", most).isGreaterThan(1.0).isLessThanOrEqualTo(51.0);
        assertThat(most.get("busy workers")).as("%s", most).isGreaterThan(1.0);
        assertThat(most.get("busy check threads")).as("%s", most).isGreaterThan(1.0);

        JsonNode summary = app.awaitSummary("slow", Duration.ofSeconds(60));
        assertThat(summary.get("verified").asInt()).isEqualTo(120);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Metrics m = management.metrics();
            assertThat(m.of("fanout_records_total", "status", "VERIFIED")).isEqualTo(verifiedBefore + 120);
            assertThat(m.of("fanout_records_in_flight")).isEqualTo(0.0);
            assertThat(m.of("fanout_jobs", "status", "RUNNING")).isEqualTo(0.0);
            assertThat(m.of("fanout_pool_queue_depth", "pool", "fanout-workers")).isEqualTo(0.0);
        });
    }

    @Test
    @Order(2)
    void servesThePrometheusTextFormat() {
        HttpResponse<String> response = management.get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).contains("# TYPE fanout_records_total counter", "# TYPE fanout_check_duration_seconds histogram",
                "# TYPE fanout_breaker_state gauge", "# TYPE fanout_jobs gauge", "# HELP fanout_records_total ");
    }
}
