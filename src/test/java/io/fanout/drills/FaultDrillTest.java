package io.fanout.drills;

import com.fasterxml.jackson.databind.JsonNode;
import io.fanout.app.RunningApp;
import io.fanout.resilience.CallGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.fanout.drills.FaultServer.Fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault drills: 2,000 records each against a real HTTP server on loopback that misbehaves on purpose. Every drill
 * checks the invariant exactly: report rows + malformed = data lines, dead letters = malformed + failed, every
 * record id exactly once.
 */
class FaultDrillTest {

    static final int RECORDS = Integer.getInteger("drill.records", 2000);

    @TempDir
    Path dir;
    FaultServer service;

    @BeforeEach
    void startService() throws Exception {
        service = new FaultServer();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    @Test
    void oneCallInFiveAnswering503StillVerifiesEveryRecord() throws Exception {
        service.behaving((path, query, s) -> path.equals("/address") && FaultServer.chance(0.2) ? Fault.STATUS_503 : Fault.NONE, 2);

        JsonNode summary = run(Map.of("fanout.checks.default.retries", "8"));

        assertThat(summary.get("failed").asInt()).as(summary.toString()).isZero();
        assertThat(summary.get("verified").asInt()).isEqualTo(RECORDS);
        assertThat(service.calls("/address")).isGreaterThan((long) (RECORDS * 1.15));
    }

    @Test
    void aRateLimitedServiceIsCalledWithinItsRateAndNothingFails() throws Exception {
        // the service answers 429 (Retry-After: 1) to calls beyond 10 in a second; the check is limited to 10 per second
        service.behaving((path, query, s) -> path.equals("/address") && s.callsThisSecond("/address") > 10 ? Fault.STATUS_429 : Fault.NONE, 2);

        JsonNode summary = run(Map.of("fanout.checks.address.rate", "10"));

        assertThat(summary.get("failed").asInt()).as(summary.toString()).isZero();
        assertThat(service.busiestSecond("/address")).as("calls in the busiest second").isLessThanOrEqualTo(11);
    }

    @Test
    void recordsTheServiceRefusesFailAtOnceAndTheJobFollowsThePolicy() throws Exception {
        // 2 % of the records (every 50th) are refused with 400: never retried
        service.behaving((path, query, s) -> path.equals("/email") && query.contains("refuse") ? Fault.STATUS_400 : Fault.NONE, 2);

        JsonNode strict = run(Map.of());
        assertThat(strict.get("failed").asInt()).isEqualTo(RECORDS / 50);
        assertThat(strict.get("status").asText()).isEqualTo("FAILED");
        assertThat(strict.get("failuresByCheck").toString()).isEqualTo("{\"email\":40}");
        assertThat(strict.get("failuresByError").toString()).isEqualTo("{\"HTTP 400\":40}");
        assertThat(service.calls("/email")).isEqualTo(RECORDS);
        assertThat(deadLetterLines("drill")).isEqualTo(refusedLines());

        JsonNode tolerant = run(Map.of("fanout.job.max-failed-percent", "2"));
        assertThat(tolerant.get("status").asText()).isEqualTo("COMPLETED_WITH_FAILURES");
    }

    @Test
    void aServiceDownForTenSecondsIsWaitedOutWithFewCalls() throws Exception {
        service.behaving((path, query, s) -> path.equals("/address") && s.uptimeSeconds() < 10 ? Fault.STATUS_503 : Fault.NONE, 2);

        JsonNode summary = run(Map.of("fanout.breaker.open-for", "2s"));

        assertThat(summary.get("failed").asInt()).as(summary.toString()).isZero();
        assertThat(summary.get("verified").asInt()).isEqualTo(RECORDS);
        // without the breaker every record would call again and again while it is down
        long callsWhileDown = service.calls("/address") - RECORDS;
        assertThat(callsWhileDown).as("calls that failed while the service was down").isLessThan(200);
    }

    @Test
    void callsThatHangFailTheirRecordsWithTimeoutAndFreeTheirThreads() throws Exception {
        service.behaving((path, query, s) -> path.equals("/email") && query.contains("hang") ? Fault.HANG : Fault.NONE, 2);

        JsonNode summary = run(Map.of("fanout.record.timeout", "5s", "fanout.checks.email.timeout", "8s"));

        assertThat(summary.get("failed").asInt()).isEqualTo(RECORDS / 100);
        assertThat(summary.get("failuresByCheck").get("email").asInt()).isEqualTo(RECORDS / 100);
        assertThat(summary.get("failuresByError").fieldNames()).toIterable().containsExactly("timeout");
        assertThat(deadLetterLines("drill")).isEqualTo(hangingLines());
        // once the hung calls time out, no thread is left waiting on a socket
        await().atMost(Duration.ofSeconds(30)).until(() -> threadsReadingSockets() == 0);
    }

    @Test
    void connectionsCutOffMidAnswerAreRetried() throws Exception {
        service.behaving((path, query, s) -> path.equals("/address") && FaultServer.chance(0.05) ? Fault.RESET : Fault.NONE, 2);

        JsonNode summary = run(Map.of());

        assertThat(summary.get("failed").asInt()).as(summary.toString()).isZero();
        assertThat(summary.get("verified").asInt()).isEqualTo(RECORDS);
    }

    @Test
    void theAdaptiveLimitSettlesNearWhatTheServiceTakes() throws Exception {
        // the service answers 429 above 20 calls at once
        service.behaving((path, query, s) -> path.equals("/address") && s.inFlight() > 20 ? Fault.STATUS_429 : Fault.NONE, 50);
        Map<String, String> settings = new HashMap<>(Map.of("fanout.checks.address.adaptive", "true",
                "fanout.checks.address.max-concurrent", "50", "fanout.checks.default.retries", "10"));

        try (RunningApp app = RunningApp.start(dir.resolve("adaptive"), withService(settings))) {
            CallGuard guard = app.context().getRegistry().lookupByNameAndType("address-guard", CallGuard.class);
            List<Integer> limits = new ArrayList<>();
            dropBatch(app);
            // sample the limit while the job runs
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> limits.add(guard.limit()) && Files.exists(app.outbox().resolve("drill.summary.json")));
            JsonNode summary = awaitAndCheck(app);
            assertThat(summary.get("failed").asInt()).as(summary.toString()).isZero();
            List<Integer> sorted = limits.stream().sorted().toList();
            assertThat(sorted.get(sorted.size() / 2)).as("median adaptive limit of %s", limits).isBetween(12, 28);
        }
    }

    // --- helpers

    private int runs;

    private JsonNode run(Map<String, String> settings) throws Exception {
        try (RunningApp app = RunningApp.start(dir.resolve("run" + (++runs)), withService(new HashMap<>(settings)))) {
            return drop(app);
        }
    }

    private Map<String, String> withService(Map<String, String> settings) {
        settings.putIfAbsent("fanout.checks.address.url", service.url("/address"));
        settings.putIfAbsent("fanout.checks.email.url", service.url("/email"));
        return settings;
    }

    private JsonNode drop(RunningApp app) throws Exception {
        dropBatch(app);
        return awaitAndCheck(app);
    }

    private static void dropBatch(RunningApp app) {
        StringBuilder csv = new StringBuilder("id,email,city,state,postal_code\n");
        for (int i = 1; i <= RECORDS; i++) {
            String tag = i % 50 == 0 ? "refuse" : i % 100 == 1 ? "hang" : "ok";
            csv.append("R").append(i).append(",p").append(i).append('.').append(tag).append("@example.com,Springfield,IL,62704\n");
        }
        csv.append("R-bad,only-two-fields\n");
        app.drop("drill.csv", csv.toString());
    }

    private JsonNode awaitAndCheck(RunningApp app) throws Exception {
        JsonNode summary = app.awaitSummary("drill", Duration.ofMinutes(5));
        lastReport = app.report("drill");
        lastDeadLetters = app.deadLetters("drill");
        assertInvariant(summary);
        return summary;
    }

    private String lastReport;
    private List<JsonNode> lastDeadLetters;

    /** report rows + malformed = data lines; dead letters = malformed + failed; every record id exactly once. */
    private void assertInvariant(JsonNode summary) {
        List<String> rows = lastReport.lines().skip(1).toList();
        assertThat(rows.size() + summary.get("malformed").asInt()).isEqualTo(RECORDS + 1);
        assertThat(summary.get("malformed").asInt()).isEqualTo(1);
        assertThat(lastDeadLetters).hasSize(summary.get("malformed").asInt() + summary.get("failed").asInt());
        List<String> ids = rows.stream().map(r -> r.split(",")[0]).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(RECORDS);
        assertThat(summary.get("verified").asInt() + summary.get("flagged").asInt() + summary.get("failed").asInt()).isEqualTo(RECORDS);
        assertThat(summary.get("missing").asInt()).isZero();
    }

    private Set<Long> deadLetterLines(String job) {
        return lastDeadLetters.stream().filter(d -> d.has("check")).map(d -> d.get("line").asLong()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Record i is on line i + 1. */
    private static Set<Long> refusedLines() {
        Set<Long> lines = new TreeSet<>();
        for (int i = 50; i <= RECORDS; i += 50) lines.add(i + 1L);
        return lines;
    }

    private static Set<Long> hangingLines() {
        Set<Long> lines = new TreeSet<>();
        for (int i = 1; i <= RECORDS; i += 100) lines.add(i + 1L);
        return lines;
    }

    private static long threadsReadingSockets() {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
        return Arrays.stream(threads).filter(t -> t.getThreadName().contains("RecipientList") || t.getThreadName().contains("Split"))
                .filter(t -> Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().contains("SocketInputStream")
                        || f.getClassName().contains("NioSocketImpl") || f.getMethodName().equals("socketRead0")))
                .count();
    }
}
