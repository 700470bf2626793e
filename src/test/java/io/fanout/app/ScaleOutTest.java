package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker transport across processes: a coordinator with the embedded Artemis broker and two worker JVMs, all
 * on one H2 database in server mode, the check services in this JVM (they note every e-mail asked about).
 */
class ScaleOutTest {

    static final int RECORDS = 5_000;
    /** Records each worker verifies at once. */
    static final int WORKER_CONCURRENCY = 20;

    private ObservedServices services;

    @BeforeEach
    void startServices() {
        // 50 ms a call, 2 x 20 records at once: 5,000 records take about 6 s
        services = new ObservedServices(50);
    }

    @AfterEach
    void stopServices() {
        services.close();
    }

    @Test
    void twoWorkersShareAJobAndVerifyEveryRecordOnce(@TempDir Path dir) throws Exception {
        Map<String, String> shared = shared(dir);
        try (AppProcess coordinator = coordinator(dir, shared);
             AppProcess one = worker(dir, "worker-1", shared);
             AppProcess two = worker(dir, "worker-2", shared)) {
            String job = submit(coordinator);

            JsonNode summary = awaitFinished(coordinator, job);
            assertCompleteAndExact(coordinator, job, summary);
            Map<String, AtomicInteger> asked = services.endPhase();
            assertThat(asked).as("every e-mail asked about").hasSize(RECORDS);
            assertThat(asked.values()).as("each once").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));

            long byOne = verifiedBy(one);
            long byTwo = verifiedBy(two);
            assertThat(byOne + byTwo).as("records verified by the workers").isEqualTo(RECORDS);
            assertThat(List.of(byOne, byTwo)).as("each worker did a share").allSatisfy(n -> assertThat(n).isGreaterThan(RECORDS / 5));
            assertThat(coordinator.log(1)).contains("as coordinator (no records verified here)");
        }
    }

    @Test
    void aWorkerKilledMidJobLosesNothingAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        Map<String, String> shared = shared(dir);
        try (AppProcess coordinator = coordinator(dir, shared);
             AppProcess doomed = worker(dir, "worker-1", shared);
             AppProcess survivor = worker(dir, "worker-2", shared)) {
            String job = submit(coordinator);
            coordinator.awaitDone(job, RECORDS * 3 / 10, Duration.ofSeconds(60));
            doomed.kill();
            long doneAtKill = Http.json(coordinator.http().get("/api/jobs/" + job)).path("done").asLong();
            assertThat(doneAtKill).as("killed mid-job").isLessThan(RECORDS * 8 / 10);

            JsonNode summary = awaitFinished(coordinator, job);
            assertCompleteAndExact(coordinator, job, summary);
            Map<String, AtomicInteger> asked = services.endPhase();
            assertThat(asked).as("every e-mail asked about").hasSize(RECORDS);
            // only the records the killed worker held (verified, maybe, but not acknowledged) are asked about again
            long askedTwice = asked.values().stream().filter(n -> n.get() > 1).count();
            assertThat(askedTwice).as("asked again after the kill").isLessThanOrEqualTo(WORKER_CONCURRENCY);
            assertThat(asked.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 2));
            assertThat(verifiedBy(survivor)).as("the survivor took over the rest").isGreaterThan(RECORDS / 2);
        }
    }

    /** The settings every process shares: the broker, the database (H2 in server mode), the check services. */
    private Map<String, String> shared(Path dir) throws IOException {
        Map<String, String> settings = new HashMap<>(services.settings());
        settings.put("fanout.transport", "broker");
        settings.put("fanout.broker.url", "tcp://127.0.0.1:" + RunningApp.freePort());
        settings.put("fanout.broker.redelivery-delay", "100");
        settings.put("fanout.db.url", "jdbc:h2:file:" + dir.resolve("coordinator/data/db/fanout") + ";AUTO_SERVER=TRUE");
        return settings;
    }

    private static AppProcess coordinator(Path dir, Map<String, String> shared) throws IOException {
        Map<String, String> settings = new HashMap<>(shared);
        settings.put("fanout.role", "coordinator");
        return new AppProcess(Files.createDirectories(dir.resolve("coordinator")), settings).start();
    }

    private static AppProcess worker(Path dir, String name, Map<String, String> shared) throws IOException {
        Map<String, String> settings = new HashMap<>(shared);
        settings.put("fanout.role", "worker");
        settings.put("fanout.concurrency", Integer.toString(WORKER_CONCURRENCY));
        return new AppProcess(Files.createDirectories(dir.resolve(name)), settings).start();
    }

    private static String submit(AppProcess coordinator) {
        return Http.json(coordinator.http().post("/api/jobs?name=scale", "text/csv", CrashResumeTest.batch(RECORDS))).get("job").asText();
    }

    /** Waits for the job's summary file (written last: the report is written by then), then reads the job. */
    private static JsonNode awaitFinished(AppProcess coordinator, String job) {
        Path summary = coordinator.dir().resolve("data/outbox/job-" + job + ".summary.json");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(summary));
        return Http.json(coordinator.http().get("/api/jobs/" + job));
    }

    private static void assertCompleteAndExact(AppProcess coordinator, String job, JsonNode summary) throws IOException {
        assertThat(summary.get("status").asText()).as(summary.toString()).isEqualTo("COMPLETED");
        assertThat(summary.get("records").asInt()).isEqualTo(RECORDS);
        assertThat(summary.get("verified").asInt()).isEqualTo(RECORDS - RECORDS / 10);
        assertThat(summary.get("flagged").asInt()).isEqualTo(RECORDS / 10);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("missing").asInt()).isZero();
        String report = AppProcess.body(coordinator.http().get("/api/jobs/" + job + "/report", "Accept", "text/csv"), 200);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(report)).getRecords();
        assertThat(rows).hasSize(RECORDS);
        assertThat(rows.stream().map(r -> r.get("id")).collect(Collectors.toSet()))
                .as("every record id exactly once")
                .isEqualTo(IntStream.rangeClosed(1, RECORDS).mapToObj(Integer::toString).collect(Collectors.toSet()));
        assertThat(Files.readString(coordinator.dir().resolve("data/outbox/job-" + job + ".report.csv"))).isEqualTo(report);
    }

    /** The records a worker verified, from its metrics (fanout_records_total, all statuses). */
    private static long verifiedBy(AppProcess worker) {
        String metrics = AppProcess.body(worker.management().get("/observe/metrics"), 200);
        return Math.round(metrics.lines().filter(l -> l.startsWith("fanout_records_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
    }
}
