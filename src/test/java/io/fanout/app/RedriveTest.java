package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POST /api/jobs/{id}/redrive after the downstream is fixed: only the FAILED records are called again, and the
 * report, dead letters and summary are written again in place.
 */
class RedriveTest {

    /** One try per call, and a breaker that never opens in these small jobs: a failing service fails the record at once. */
    private static final Map<String, String> FAILING_AT_ONCE = Map.of(
            "fanout.checks.default.retries", "0",
            "fanout.breaker.window", "1000",
            "fanout.breaker.min-calls", "1000",
            "fanout.demo.latency-ms", "1");

    @Test
    void aJobWhoseServiceWasDownIsRedrivenToCompletion(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, with(FAILING_AT_ONCE, "fanout.demo.failure-rate", "1"))) {
            Set<String> emailsAsked = ConcurrentHashMap.newKeySet();
            app.demo().observe((path, key) -> {
                if (path.equals("/email")) emailsAsked.add(key);
            });
            // 40 records (every tenth e-mail disposable) and 2 malformed lines
            String csv = "id,email,city,state,postal_code\n" + IntStream.rangeClosed(1, 42)
                    .mapToObj(i -> i == 7 || i == 30 ? i + ",broken" : i + "," + email(i) + ",Springfield,IL,62704")
                    .collect(Collectors.joining("\n")) + "\n";
            app.drop("outage.csv", csv);
            JsonNode first = app.awaitSummary("outage", Duration.ofSeconds(30));
            assertThat(first.get("status").asText()).isEqualTo("FAILED");
            assertThat(first.get("failed").asInt()).isEqualTo(40);
            assertThat(first.get("malformed").asInt()).isEqualTo(2);
            assertThat(app.deadLetters("outage")).hasSize(42);
            String job = first.get("job").asText();

            app.demo().failureRate(0);
            emailsAsked.clear();
            long emailCalls = app.demo().calls("/email");
            long addressCalls = app.demo().calls("/address");
            HttpResponse<String> accepted = app.http().post("/api/jobs/" + job + "/redrive", null, null);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.headers().firstValue("Location")).hasValue("/api/jobs/" + job);
            assertThat(Http.json(accepted).get("records").asInt()).isEqualTo(40);
            assertThat(Http.json(accepted).get("redrives").asInt()).isEqualTo(1);

            JsonNode summary = app.awaitSummary("outage", Duration.ofSeconds(30));
            assertThat(summary.get("status").asText()).as(summary.toString()).isEqualTo("COMPLETED_WITH_FAILURES");
            assertThat(summary.get("redrives").asInt()).isEqualTo(1);
            assertThat(summary.get("records").asInt()).isEqualTo(40);
            assertThat(summary.get("verified").asInt()).isEqualTo(37);
            assertThat(summary.get("flagged").asInt()).as("10, 20 and 40 have disposable addresses").isEqualTo(3);
            assertThat(summary.get("failed").asInt()).isZero();
            assertThat(summary.get("malformed").asInt()).isEqualTo(2);
            assertThat(app.demo().calls("/email") - emailCalls).as("e-mail calls of the redrive").isEqualTo(40);
            assertThat(app.demo().calls("/address") - addressCalls).as("address calls of the redrive").isEqualTo(40);

            List<String> rows = app.report("outage").lines().skip(1).toList();
            assertThat(rows).hasSize(40).allSatisfy(row -> assertThat(row).containsAnyOf(",VERIFIED,", ",FLAGGED,"));
            assertThat(app.deadLetters("outage")).extracting(d -> d.get("line").asInt()).containsExactly(8, 31);
            assertThat(Http.json(app.http().get("/api/jobs/" + job)).get("redrives").asInt()).isEqualTo(1);

            HttpResponse<String> again = app.http().post("/api/jobs/" + job + "/redrive", null, null);
            JobsApiTest.assertError(again, 409, "nothing to redrive", "job " + job + " has no FAILED records");
        }
    }

    @Test
    void onlyTheFailedRecordsAreCalledAgain(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, with(FAILING_AT_ONCE, "fanout.demo.failure-rate", "0.3"))) {
            Map<String, Integer> asked = new ConcurrentHashMap<>();
            app.demo().observe((path, key) -> {
                if (path.equals("/email")) asked.merge(key, 1, Integer::sum);
            });
            String csv = "id,email,city,state,postal_code\n" + IntStream.rangeClosed(1, 200)
                    .mapToObj(i -> i + "," + email(i) + ",Springfield,IL,62704").collect(Collectors.joining("\n")) + "\n";
            JsonNode first = Http.json(app.http().post("/api/jobs?wait=true", "text/csv", csv));
            String job = first.get("job").asText();
            int failed = first.get("failed").asInt();
            assertThat(failed).as("some failed, some did not").isBetween(1, 199);
            Set<String> failedEmails = Http.json(app.http().get("/api/jobs/" + job + "/dead-letters")).findValuesAsText("raw").stream()
                    .map(raw -> raw.split(",")[1]).collect(Collectors.toSet());
            assertThat(failedEmails).hasSize(failed);

            app.demo().failureRate(0);
            asked.clear();
            assertThat(app.http().post("/api/jobs/" + job + "/redrive", null, null).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(app.outbox().resolve("job-" + job + ".summary.json")));

            assertThat(asked.keySet()).as("the redrive asked about exactly the failed records").isEqualTo(failedEmails);
            assertThat(asked.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
            JsonNode view = Http.json(app.http().get("/api/jobs/" + job));
            assertThat(view.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(view.get("failed").asInt()).isZero();
            assertThat(view.get("verified").asInt() + view.get("flagged").asInt()).isEqualTo(200);
            assertThat(Http.json(app.http().get("/api/jobs/" + job + "/report"))).hasSize(200);
            assertThat(Http.json(app.http().get("/api/jobs/" + job + "/dead-letters"))).isEmpty();
        }
    }

    @Test
    void aRunningOrUnknownJobIsNotRedriven(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of())) {
            JobsApiTest.assertError(app.http().post("/api/jobs/0123456789ab/redrive", null, null), 404, "not found", "no job '0123456789ab'");
            JobsApiTest.assertError(app.http().get("/api/jobs/0123456789ab/redrive"), 405, "method not allowed", "GET is not served here; use POST");
        }
    }

    @Test
    void aFileDroppedAgainWithTheSameContentIsNotRunTwice(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of())) {
            String csv = "id,email,city,state,postal_code\n1,a@example.com,Springfield,IL,62704\n";
            app.drop("twice.csv", csv);
            String job = app.awaitSummary("twice", Duration.ofSeconds(30)).get("job").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(app.inbox().resolve(".done/twice.csv")));

            app.drop("twice.csv", csv);
            Path note = app.inbox().resolve(".done/twice.csv.duplicate.txt");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(note));
            assertThat(Files.readString(note)).contains("same name and content").contains("job " + job)
                    .contains("fanout.intake.allow-duplicates=true");
            assertThat(app.inbox().resolve("twice.csv")).doesNotExist();
            assertThat(Http.json(app.http().get("/api/jobs"))).hasSize(1);
            assertThat(app.awaitSummary("twice", Duration.ofSeconds(1)).get("job").asText()).isEqualTo(job);
        }
    }

    @Test
    void withAllowDuplicatesTheSameFileRunsAgain(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of("fanout.intake.allow-duplicates", "true"))) {
            String csv = "id,email,city,state,postal_code\n1,a@example.com,Springfield,IL,62704\n";
            app.drop("twice.csv", csv);
            String first = app.awaitSummary("twice", Duration.ofSeconds(30)).get("job").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(app.inbox().resolve(".done/twice.csv")));

            app.drop("twice.csv", csv);
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.json(app.http().get("/api/jobs")).size() == 2
                    && Files.exists(app.outbox().resolve("twice.summary.json"))
                    && !app.awaitSummary("twice", Duration.ofSeconds(1)).get("job").asText().equals(first));
            assertThat(app.inbox().resolve(".done/twice.csv.duplicate.txt")).doesNotExist();
        }
    }

    private static String email(int i) {
        return "r" + i + (i % 10 == 0 ? "@mailinator.com" : "@example.com");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
