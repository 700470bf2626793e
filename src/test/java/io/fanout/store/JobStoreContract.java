package io.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fanout.check.CheckOutcome;
import io.fanout.job.FailurePolicy;
import io.fanout.job.Job;
import io.fanout.job.JobInfo;
import io.fanout.job.JobStatus;
import io.fanout.job.Summary;
import io.fanout.job.Tally;
import io.fanout.job.Verdict;
import io.fanout.record.MalformedLine;
import io.fanout.record.Record;

/**
 * The job store's behaviour, run the same against every database it supports (H2, PostgreSQL): each test gets a
 * database of its own, migrated by {@link JobRepository#migrate}.
 */
abstract class JobStoreContract {

    /** A new, empty database (no table at all) each call; closed after the test when it is AutoCloseable. */
    protected abstract DataSource dataSource() throws Exception;

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final List<String> ALL = List.of("VERIFIED", "FLAGGED", "FAILED", "MALFORMED");
    static final List<String> CHECKS = List.of("address", "email");
    static final List<String> COLUMNS = List.of("id", "name", "email", "zip");
    static final Path INPUT = Path.of("/srv/inbox/.processing/customers.csv");
    static final FailurePolicy POLICY = new FailurePolicy(50, 10L);

    /** A clock that stands still until the test moves it. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final List<DataSource> databases = new ArrayList<>();
    private final List<ResultLog> logs = new ArrayList<>();
    final MutableClock clock = new MutableClock(T0);
    DataSource db;
    JobRepository repository;

    @BeforeEach
    void migrateANewDatabase() throws Exception {
        db = newDatabase();
        JobRepository.migrate(db);
        repository = new JobRepository(db);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (ResultLog log : logs) log.close();
        for (DataSource database : databases) {
            if (database instanceof AutoCloseable closeable) closeable.close();
        }
    }

    private DataSource newDatabase() throws Exception {
        DataSource database = dataSource();
        databases.add(database);
        return database;
    }

    // --- helpers

    ResultLog log(int capacity, int maxBatch) {
        ResultLog log = new ResultLog(repository, capacity, maxBatch);
        logs.add(log);
        return log;
    }

    /** A job store as the service makes one at start, on the same database (a second one is a restart). */
    JobStore store() {
        return new JobStore(repository, log(10_000, 500), clock, POLICY);
    }

    static StoredJob stored(String id, String label, String checksum, Instant started, JobStatus status) {
        JobInfo info = new JobInfo(id, "name-" + id, label, "file:" + label, 4, started, FailurePolicy.ANY_MAY_FAIL, 0);
        boolean running = status == JobStatus.RUNNING;
        return new StoredJob(info, INPUT, checksum, status, StoredJob.Mode.RUN, COLUMNS,
                running ? null : started.plusSeconds(5), running ? 0 : 5_000, 0, running ? null : "{}");
    }

    static StoredJob stored(String id, Instant started, JobStatus status) {
        return stored(id, "customers.csv", "c0ffee", started, status);
    }

    static Record record(long line) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", Long.toString(line));
        fields.put("name", "Zoë \"Z\" O'Hara, line " + line);
        fields.put("email", "z" + line + "@example.com");
        fields.put("zip", "");
        return new Record(line, fields, line + ",\"Zoë \"\"Z\"\" O'Hara, line " + line + "\",z" + line + "@example.com,");
    }

    static Verdict verified(long line) {
        return Verdict.decide(record(line), List.of(CheckOutcome.pass("address").withElapsedMs(12),
                CheckOutcome.pass("email").withElapsedMs(8)), CHECKS);
    }

    static Verdict flagged(long line) {
        return Verdict.decide(record(line), List.of(CheckOutcome.pass("address").withElapsedMs(5),
                CheckOutcome.flag("email", "email: disposable domain").withElapsedMs(7)), CHECKS);
    }

    /** FAILED on a check: the email service answered 503 twice. */
    static Verdict failedCheck(long line) {
        return Verdict.decide(record(line), List.of(CheckOutcome.pass("address").withElapsedMs(30),
                CheckOutcome.error("email", "HTTP 503 Service Unavailable (2 attempts)", 2).withElapsedMs(2_000)), CHECKS);
    }

    /** FAILED outside any check. */
    static Verdict failedRecord(long line) {
        return Verdict.failed(record(line), "verify-record: boom");
    }

    static MalformedLine malformed(long line) {
        return new MalformedLine(line, "\"unterminated,\nline " + line, "unterminated quote at line " + line);
    }

    static JobRepository.Result result(String job, Object item) {
        return new JobRepository.Result(job, item);
    }

    List<Object> results(String job, List<String> statuses) throws SQLException {
        List<Object> items = new ArrayList<>();
        repository.forEachResult(job, statuses, items::add);
        return items;
    }

    long rows(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) q.setObject(i + 1, args[i]);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long resultRows(String job) throws SQLException {
        return rows("SELECT COUNT(*) FROM fanout_result WHERE job_id = ?", job);
    }

    static BitSet bits(int... lines) {
        BitSet bits = new BitSet();
        for (int line : lines) bits.set(line);
        return bits;
    }

    static List<String> ids(List<StoredJob> jobs) {
        return jobs.stream().map(StoredJob::id).toList();
    }

    static MigrationInfo[] applied(DataSource database) {
        return Flyway.configure().dataSource(database).locations("classpath:db/migration").load().info().applied();
    }

    StoredJob find(String id) throws SQLException {
        return repository.find(id).orElseThrow();
    }

    /** Dispatches, accepts and records a verdict, as the routes do. */
    static void answer(JobStore store, Job job, Verdict verdict) {
        job.dispatched(verdict.line());
        assertThat(job.accept(verdict)).isTrue();
        store.record(job.id(), verdict);
    }

    static void malformed(JobStore store, Job job, long line) {
        assertThat(job.malformed(line)).isTrue();
        store.record(job.id(), malformed(line));
    }

    /** A job run to the end: lines 2 VERIFIED, 3 FAILED (a check), 4 FLAGGED, 5 FAILED (the record), 6 malformed. */
    Job runWithFailures(JobStore store) throws Exception {
        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4, INPUT, "c0ffee");
        store.run(job.id());
        answer(store, job, verified(2));
        answer(store, job, failedCheck(3));
        answer(store, job, flagged(4));
        answer(store, job, failedRecord(5));
        malformed(store, job, 6);
        job.closeInput(COLUMNS);
        store.finish(job, false);
        store.close(job.id());
        return job;
    }

    // --- migrations

    @Test
    void aNewDatabaseGetsEveryMigration() {
        MigrationInfo[] applied = applied(db);

        assertThat(applied).extracting(m -> m.getVersion().getVersion()).containsExactly("1", "2");
        assertThat(applied).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);
    }

    @Test
    void migratingTwiceIsHarmless() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.RUNNING));
        repository.save(List.of(result("job1", verified(2))));

        JobRepository.migrate(db);
        JobRepository.migrate(db);

        assertThat(applied(db)).extracting(m -> m.getVersion().getVersion()).containsExactly("1", "2");
        assertThat(find("job1")).isEqualTo(stored("job1", T0, JobStatus.RUNNING));
        assertThat(resultRows("job1")).isEqualTo(1);
    }

    @Test
    void aDatabaseMadeBeforeMigrationsIsBaselinedAndMigrated() throws Exception {
        DataSource old = newDatabase();
        try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
            // what db/schema.sql made before the job store
            s.execute("CREATE TABLE IF NOT EXISTS do_not_mail (email VARCHAR(320) PRIMARY KEY, reason VARCHAR(200), "
                    + "added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO do_not_mail (email, reason) VALUES ('kept@example.com', 'asked not to be mailed')");
        }

        JobRepository.migrate(old);

        MigrationInfo[] applied = applied(old);
        assertThat(applied).extracting(m -> m.getVersion().getVersion()).containsExactly("0", "1", "2");
        assertThat(applied).extracting(MigrationInfo::getState)
                .containsExactly(MigrationState.BASELINE, MigrationState.SUCCESS, MigrationState.SUCCESS);
        JobRepository migrated = new JobRepository(old);
        migrated.insert(stored("job1", T0, JobStatus.RUNNING));
        assertThat(migrated.find("job1")).contains(stored("job1", T0, JobStatus.RUNNING));
        try (Connection c = old.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email, reason FROM do_not_mail")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept@example.com");
            assertThat(rs.getString(2)).isEqualTo("asked not to be mailed");
            assertThat(rs.next()).isFalse();
        }

        JobRepository.migrate(old);
        assertThat(applied(old)).hasSize(3);
    }

    // --- jobs

    @Test
    void aJobIsReadBackAsInserted() throws Exception {
        JobInfo info = new JobInfo("a1b2c3d4e5f6", "customers-a1b2c3d4e5f6", "customers.csv", "file:customers.csv", 16,
                Instant.parse("2025-03-01T10:00:00.123Z"), new FailurePolicy(2.5, 7L), 0);
        StoredJob job = new StoredJob(info, INPUT, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                JobStatus.RUNNING, StoredJob.Mode.RUN, COLUMNS, null, 0, 0, null);

        repository.insert(job);

        StoredJob read = find("a1b2c3d4e5f6");
        assertThat(read).isEqualTo(job);
        assertThat(read.info().policy().maxFailedPercent()).isEqualTo(2.5);
        assertThat(read.info().policy().maxFailedRecords()).isEqualTo(7L);
        assertThat(read.columns()).containsExactly("id", "name", "email", "zip");
        assertThat(read.info().startedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00.123Z"));
        assertThat(read.finishedAt()).isNull();
        assertThat(read.summaryJson()).isNull();
    }

    @Test
    void aFinishedJobIsReadBackAsInserted() throws Exception {
        JobInfo info = new JobInfo("job1", "job-job1", null, "http", 1, T0, FailurePolicy.ANY_MAY_FAIL, 3);
        StoredJob job = new StoredJob(info, Path.of("batch-1.ndjson"), null, JobStatus.COMPLETED_WITH_FAILURES,
                StoredJob.Mode.REDRIVE, List.of(), T0.plusMillis(61_500), 61_500, 2, "{\"job\":\"job1\"}");

        repository.insert(job);

        StoredJob read = find("job1");
        assertThat(read).isEqualTo(job);
        assertThat(read.info().policy().maxFailedRecords()).isNull();
        assertThat(read.info().policy().maxFailedPercent()).isEqualTo(100.0);
        assertThat(read.info().label()).isNull();
        assertThat(read.checksum()).isNull();
        assertThat(read.info().redrives()).isEqualTo(3);
        assertThat(read.resumes()).isEqualTo(2);
        assertThat(read.wallMs()).isEqualTo(61_500);
        assertThat(read.finishedAt()).isEqualTo(T0.plusMillis(61_500));
    }

    @Test
    void findOfAnUnknownJobIsEmpty() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.RUNNING));

        assertThat(repository.find("job2")).isEmpty();
    }

    @Test
    void saveColumnsReplacesTheColumns() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.RUNNING));

        repository.saveColumns("job1", List.of("email", "id"));

        assertThat(find("job1").columns()).containsExactly("email", "id");
    }

    @Test
    void recentListsTheNewestFirstUpToTheLimit() throws Exception {
        repository.insert(stored("second", T0.plusSeconds(1), JobStatus.COMPLETED));
        repository.insert(stored("fourth", T0.plusSeconds(600), JobStatus.RUNNING));
        repository.insert(stored("first", T0, JobStatus.FAILED));
        repository.insert(stored("third", T0.plusSeconds(300), JobStatus.TIMED_OUT));

        assertThat(ids(repository.recent(3))).containsExactly("fourth", "third", "second");
        assertThat(ids(repository.recent(10))).containsExactly("fourth", "third", "second", "first");
        assertThat(ids(repository.recent(1))).containsExactly("fourth");
    }

    @Test
    void recentOfAnEmptyStoreIsEmpty() throws Exception {
        assertThat(repository.recent(10)).isEmpty();
    }

    @Test
    void runningListsOnlyRunningJobsOldestFirst() throws Exception {
        repository.insert(stored("late", T0.plusSeconds(60), JobStatus.RUNNING));
        repository.insert(stored("done", T0.plusSeconds(30), JobStatus.COMPLETED));
        repository.insert(stored("early", T0, JobStatus.RUNNING));
        repository.insert(stored("failed", T0.plusSeconds(10), JobStatus.FAILED));
        repository.insert(stored("timedout", T0.plusSeconds(20), JobStatus.TIMED_OUT));
        repository.insert(stored("partly", T0.plusSeconds(40), JobStatus.COMPLETED_WITH_FAILURES));

        assertThat(ids(repository.running())).containsExactly("early", "late");
    }

    @Test
    void findByContentPicksTheNewestJobOfTheLabelAndChecksum() throws Exception {
        repository.insert(stored("old", "a.csv", "sum1", T0, JobStatus.COMPLETED));
        repository.insert(stored("new", "a.csv", "sum1", T0.plusSeconds(60), JobStatus.FAILED));
        repository.insert(stored("other", "a.csv", "sum2", T0.plusSeconds(120), JobStatus.COMPLETED));
        repository.insert(stored("b", "b.csv", "sum1", T0.plusSeconds(180), JobStatus.COMPLETED));

        assertThat(repository.findByContent("a.csv", "sum1")).map(StoredJob::id).contains("new");
        assertThat(repository.findByContent("a.csv", "sum2")).map(StoredJob::id).contains("other");
        assertThat(repository.findByContent("b.csv", "sum1")).map(StoredJob::id).contains("b");
        assertThat(repository.findByContent("a.csv", "sum3")).isEmpty();
        assertThat(repository.findByContent("c.csv", "sum1")).isEmpty();
    }

    @Test
    void countByStatusCountsEveryJob() throws Exception {
        repository.insert(stored("r1", T0, JobStatus.RUNNING));
        repository.insert(stored("r2", T0, JobStatus.RUNNING));
        repository.insert(stored("c1", T0, JobStatus.COMPLETED));
        repository.insert(stored("c2", T0, JobStatus.COMPLETED));
        repository.insert(stored("c3", T0, JobStatus.COMPLETED));
        repository.insert(stored("f1", T0, JobStatus.FAILED));

        assertThat(repository.countByStatus()).containsExactlyInAnyOrderEntriesOf(
                Map.of(JobStatus.RUNNING, 2L, JobStatus.COMPLETED, 3L, JobStatus.FAILED, 1L));
    }

    @Test
    void countByStatusOfAnEmptyStoreIsEmpty() throws Exception {
        assertThat(repository.countByStatus()).isEmpty();
    }

    @Test
    void finishStoresTheSummaryAndEndsTheRun() throws Exception {
        StoredJob running = stored("job1", T0, JobStatus.RUNNING);
        repository.insert(new StoredJob(running.info(), INPUT, "c0ffee", JobStatus.RUNNING, StoredJob.Mode.REDRIVE, COLUMNS,
                null, 0, 0, null));
        Summary summary = new Summary("job1", "name-job1", "customers.csv", "file:customers.csv", JobStatus.COMPLETED, 2, 2, 0, 0, 0,
                0, List.of(), Map.of(), Map.of(), T0.toString(), T0.plusSeconds(3).toString(), 3_210, 40, 0.0, 4, 1);

        repository.finish("job1", summary, T0.plusSeconds(3));

        StoredJob finished = find("job1");
        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(finished.mode()).isEqualTo(StoredJob.Mode.RUN);
        assertThat(finished.finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(finished.wallMs()).isEqualTo(3_210);
        assertThat(Summaries.read(finished.summaryJson())).isEqualTo(summary);
    }

    // --- results

    @Test
    void resultsAreReadBackInLineOrderAsSaved() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.RUNNING));
        repository.save(List.of(result("job1", failedRecord(7)), result("job1", verified(2)), result("job1", malformed(10))));
        repository.save(List.of(result("job1", flagged(12)), result("job1", malformed(3)), result("job1", failedCheck(4))));

        List<Object> read = results("job1", ALL);

        assertThat(read).containsExactly(verified(2), malformed(3), failedCheck(4), failedRecord(7), malformed(10), flagged(12));
    }

    @Test
    void theFailedRecordsOfARedriveAreReadAPageAtATimeInLineOrder() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.RUNNING));
        // lines 2..5001: every third FAILED (1,667 of them, two pages and a part), the rest VERIFIED, one malformed
        List<JobRepository.Result> saved = new ArrayList<>();
        List<Long> failedLines = new ArrayList<>();
        for (long line = 2; line <= 5_001; line++) {
            if (line == 100) {
                saved.add(result("job1", malformed(line)));
            } else if (line % 3 == 0) {
                saved.add(result("job1", failedCheck(line)));
                failedLines.add(line);
            } else {
                saved.add(result("job1", verified(line)));
            }
        }
        repository.save(saved);
        JobStore store = store();

        List<Record> read = new ArrayList<>();
        store.failedRecords("job1").forEachRemaining(read::add);

        assertThat(failedLines).hasSize(1_667);
        assertThat(read).extracting(Record::line).containsExactlyElementsOf(failedLines);
        assertThat(read.get(0)).isEqualTo(record(3));
        assertThat(store.failedCount("job1")).isEqualTo(1_667);
        assertThat(store.failedRecords("job2").hasNext()).isFalse();
    }

    @Test
    void aVerdictKeepsItsFieldsInInputOrderAndItsOutcomes() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("zip", "75001");
        fields.put("id", "42");
        fields.put("Email", "A@Example.com");
        fields.put("name", "Ünïcødé \"quoted\", with comma\nand newline");
        fields.put("empty", "");
        Record record = new Record(5, fields, "75001,42,A@Example.com,\"Ünïcødé \"\"quoted\"\", with comma\nand newline\",");
        Verdict verdict = Verdict.decide(record, List.of(
                CheckOutcome.flag("address", "address: unknown postal code 75001").withAttempts(1).withElapsedMs(17),
                CheckOutcome.error("email", "timeout: Read timed out (3 attempts)", 3).withElapsedMs(4_500)), CHECKS);
        repository.save(List.of(result("job1", verdict)));

        Verdict read = (Verdict) results("job1", ALL).get(0);

        assertThat(read).isEqualTo(verdict);
        assertThat(read.line()).isEqualTo(5);
        assertThat(read.status()).isEqualTo(Verdict.Status.FAILED);
        assertThat(read.record().fields().keySet()).containsExactly("zip", "id", "Email", "name", "empty");
        assertThat(read.record().fields()).containsEntry("name", "Ünïcødé \"quoted\", with comma\nand newline").containsEntry("empty", "");
        assertThat(read.record().raw()).isEqualTo(record.raw());
        assertThat(read.outcomes()).containsExactly(
                new CheckOutcome("address", CheckOutcome.Result.FLAG, "address: unknown postal code 75001", 1, 17),
                new CheckOutcome("email", CheckOutcome.Result.ERROR, "timeout: Read timed out (3 attempts)", 3, 4_500));
        assertThat(read.error()).isEmpty();
        assertThat(read.taskMs()).isEqualTo(4_517);
        assertThat(read.attempts()).isEqualTo(3);
    }

    @Test
    void aRecordsErrorAndAMalformedLinesReasonAreKept() throws Exception {
        repository.save(List.of(result("job1", failedRecord(2)), result("job1", malformed(3))));

        List<Object> read = results("job1", ALL);

        Verdict failed = (Verdict) read.get(0);
        assertThat(failed.status()).isEqualTo(Verdict.Status.FAILED);
        assertThat(failed.error()).isEqualTo("verify-record: boom");
        assertThat(failed.outcomes()).isEmpty();
        MalformedLine bad = (MalformedLine) read.get(1);
        assertThat(bad).isEqualTo(new MalformedLine(3, "\"unterminated,\nline 3", "unterminated quote at line 3"));
    }

    @Test
    void forEachResultReadsOnlyTheStatusesAsked() throws Exception {
        repository.save(List.of(result("job1", verified(2)), result("job1", flagged(3)), result("job1", failedCheck(4)),
                result("job1", malformed(5)), result("job1", failedRecord(6)), result("job1", verified(7))));

        assertThat(results("job1", List.of("FAILED"))).containsExactly(failedCheck(4), failedRecord(6));
        assertThat(results("job1", List.of("MALFORMED"))).containsExactly(malformed(5));
        assertThat(results("job1", List.of("VERIFIED", "FLAGGED"))).containsExactly(verified(2), flagged(3), verified(7));
        assertThat(results("job1", List.of("FAILED", "MALFORMED"))).containsExactly(failedCheck(4), malformed(5), failedRecord(6));
        assertThat(results("job1", ALL)).hasSize(6);
    }

    @Test
    void forEachResultReadsOnlyTheJobAsked() throws Exception {
        repository.save(List.of(result("job1", verified(2)), result("job2", flagged(2)), result("job2", verified(3))));

        assertThat(results("job1", ALL)).containsExactly(verified(2));
        assertThat(results("job2", ALL)).containsExactly(flagged(2), verified(3));
        assertThat(results("job3", ALL)).isEmpty();
    }

    @Test
    void aSecondResultForALineReplacesTheFirst() throws Exception {
        repository.save(List.of(result("job1", failedCheck(2)), result("job1", verified(3))));

        repository.save(List.of(result("job1", verified(2))));

        assertThat(rows("SELECT COUNT(*) FROM fanout_result WHERE job_id = ? AND line = ?", "job1", 2L)).isEqualTo(1);
        assertThat(resultRows("job1")).isEqualTo(2);
        assertThat(results("job1", ALL)).containsExactly(verified(2), verified(3));
    }

    @Test
    void aLineSavedTwiceInOneBatchKeepsTheLaterResult() throws Exception {
        repository.save(List.of(result("job1", malformed(2)), result("job1", flagged(2)), result("job1", failedRecord(2))));

        assertThat(resultRows("job1")).isEqualTo(1);
        assertThat(results("job1", ALL)).containsExactly(failedRecord(2));
    }

    @Test
    void theSameLineOfTwoJobsIsTwoRows() throws Exception {
        repository.save(List.of(result("job1", verified(2)), result("job2", verified(2))));

        assertThat(rows("SELECT COUNT(*) FROM fanout_result WHERE line = ?", 2L)).isEqualTo(2);
    }

    @Test
    void aResultIsAVerdictOrAMalformedLine() {
        assertThatThrownBy(() -> result("job1", record(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a result is a verdict or a malformed line, not Record[");
    }

    // --- tally

    /** 2 VERIFIED, 3 FLAGGED, 4 FAILED (check), 5 MALFORMED, 7 FAILED (record), 8 VERIFIED; another job's line 6. */
    private void saveMixedResults() throws SQLException {
        repository.save(List.of(result("job1", verified(2)), result("job1", flagged(3)), result("job1", failedCheck(4)),
                result("job1", malformed(5)), result("job1", failedRecord(7)), result("job1", verified(8)),
                result("job2", verified(6))));
    }

    @Test
    void tallyCountsEveryLineWithAResult() throws Exception {
        saveMixedResults();

        Tally tally = repository.tally("job1", false);

        assertThat(tally.ended()).isEqualTo(bits(2, 3, 4, 5, 7, 8));
        assertThat(tally.counts()).containsExactlyInAnyOrderEntriesOf(
                Map.of(Verdict.Status.VERIFIED, 2L, Verdict.Status.FLAGGED, 1L, Verdict.Status.FAILED, 2L));
        assertThat(tally.malformed()).isEqualTo(1);
        assertThat(tally.sumOfTaskMs()).isEqualTo(20 + 12 + 2_030 + 0 + 20);
    }

    @Test
    void tallyWithoutFailedLeavesTheFailedLinesOut() throws Exception {
        saveMixedResults();

        Tally tally = repository.tally("job1", true);

        assertThat(tally.ended()).isEqualTo(bits(2, 3, 5, 8));
        assertThat(tally.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(Verdict.Status.VERIFIED, 2L, Verdict.Status.FLAGGED, 1L));
        assertThat(tally.malformed()).isEqualTo(1);
        assertThat(tally.sumOfTaskMs()).isEqualTo(20 + 12 + 20);
    }

    @Test
    void tallyOfAJobWithoutResultsIsEmpty() throws Exception {
        saveMixedResults();

        assertThat(repository.tally("job3", false)).isEqualTo(new Tally(new BitSet(), Map.of(), 0, 0));
        assertThat(repository.tally("job3", true)).isEqualTo(Tally.NONE);
    }

    @Test
    void tallyCountsAReplacedResultOnce() throws Exception {
        repository.save(List.of(result("job1", failedCheck(2))));
        repository.save(List.of(result("job1", verified(2))));

        assertThat(repository.tally("job1", false)).isEqualTo(new Tally(bits(2), Map.of(Verdict.Status.VERIFIED, 1L), 0, 20));
    }

    // --- redrive, resume

    @Test
    void startRedriveStartsAFinishedJobAgain() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.COMPLETED_WITH_FAILURES));

        assertThat(repository.startRedrive("job1")).isTrue();

        StoredJob job = find("job1");
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.mode()).isEqualTo(StoredJob.Mode.REDRIVE);
        assertThat(job.info().redrives()).isEqualTo(1);
    }

    @Test
    void startRedriveRefusesARunningJob() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.RUNNING));

        assertThat(repository.startRedrive("job1")).isFalse();

        StoredJob job = find("job1");
        assertThat(job.mode()).isEqualTo(StoredJob.Mode.RUN);
        assertThat(job.info().redrives()).isZero();
    }

    @Test
    void startRedriveTwiceStartsOneRedrive() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.FAILED));

        assertThat(repository.startRedrive("job1")).isTrue();
        assertThat(repository.startRedrive("job1")).isFalse();

        assertThat(find("job1").info().redrives()).isEqualTo(1);
    }

    @Test
    void startRedriveOfAnUnknownJobIsRefused() throws Exception {
        assertThat(repository.startRedrive("nope")).isFalse();
    }

    @Test
    void everyFinishedStatusCanBeRedriven() throws Exception {
        for (JobStatus status : JobStatus.values()) {
            repository.insert(stored("job-" + status.ordinal(), T0, status));
        }

        for (JobStatus status : JobStatus.values()) {
            assertThat(repository.startRedrive("job-" + status.ordinal())).as(status.name()).isEqualTo(status != JobStatus.RUNNING);
        }
    }

    @Test
    void resumedCountsEveryStart() throws Exception {
        repository.insert(stored("job1", T0, JobStatus.RUNNING));
        repository.insert(stored("job2", T0, JobStatus.RUNNING));

        repository.resumed("job1");
        repository.resumed("job1");

        assertThat(find("job1").resumes()).isEqualTo(2);
        assertThat(find("job2").resumes()).isZero();
    }

    // --- JobStore

    @Test
    void openStoresARunningJob() throws Exception {
        JobStore store = store();

        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4, INPUT, "c0ffee");

        assertThat(job.id()).matches("[0-9a-f]{12}");
        assertThat(job.name()).isEqualTo("customers-" + job.id());
        assertThat(job.startedAt()).isEqualTo(T0);
        assertThat(job.info().policy()).isEqualTo(POLICY);
        assertThat(job.info().redrives()).isZero();
        StoredJob stored = store.find(job.id()).orElseThrow();
        assertThat(stored.info()).isEqualTo(job.info());
        assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stored.mode()).isEqualTo(StoredJob.Mode.RUN);
        assertThat(stored.input()).isEqualTo(INPUT);
        assertThat(stored.checksum()).isEqualTo("c0ffee");
        assertThat(stored.resumes()).isZero();
        assertThat(store.running(job.id())).containsSame(job);
        assertThat(store.get(job.id())).isSameAs(job);
        assertThat(store.isRunning("customers-" + job.id())).isTrue();
        assertThat(store.isRunning("customers")).isFalse();
    }

    @Test
    void runOfAJobJustOpenedIsThatJob() throws Exception {
        JobStore store = store();
        Job job = store.open(id -> "job-" + id, "batch", "http", 2, INPUT, "c0ffee");

        assertThat(store.run(job.id())).isSameAs(job);
        assertThat(store.run(job.id())).isSameAs(job);

        assertThat(store.find(job.id()).orElseThrow().resumes()).isZero();
        assertThat(store.interrupted()).isEmpty();
    }

    @Test
    void theStoreFindsItsJobs() throws Exception {
        JobStore store = store();
        Job first = store.open(id -> "a-" + id, "a.csv", "file:a.csv", 1, INPUT, "sum-a");
        clock.advance(Duration.ofSeconds(1));
        Job second = store.open(id -> "b-" + id, "b.csv", "file:b.csv", 1, INPUT, "sum-b");
        clock.advance(Duration.ofMinutes(5));
        Job third = store.open(id -> "a2-" + id, "a.csv", "file:a.csv", 1, INPUT, "sum-a");

        assertThat(ids(store.recent(10))).containsExactly(third.id(), second.id(), first.id());
        assertThat(ids(store.recent(2))).containsExactly(third.id(), second.id());
        assertThat(store.findByContent("a.csv", "sum-a")).map(StoredJob::id).contains(third.id());
        assertThat(store.findByContent("b.csv", "sum-a")).isEmpty();
        assertThat(store.countByStatusOrNone()).containsExactly(Map.entry(JobStatus.RUNNING, 3L));
        assertThat(store.find("000000000000")).isEmpty();
        assertThat(store.clock()).isSameAs(clock);
    }

    @Test
    void getOfAJobNotRunningHereThrowsNamingIt() {
        JobStore store = store();

        assertThatThrownBy(() -> store.get("deadbeef0000"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no running job deadbeef0000");
        assertThat(store.running("deadbeef0000")).isEmpty();
    }

    @Test
    void recordedResultsAreReadBackWithoutAFlush() throws Exception {
        JobStore store = store();
        Job job = store.open(id -> id, "batch", "http", 2, INPUT, "c0ffee");
        answer(store, job, flagged(3));
        answer(store, job, verified(2));
        malformed(store, job, 4);

        List<Object> read = new ArrayList<>();
        store.forEachResult(job.id(), ALL, read::add);

        assertThat(read).containsExactly(verified(2), flagged(3), malformed(4));
    }

    @Test
    void finishCountsTheStoredFailuresAndCloseStoresTheSummary() throws Exception {
        JobStore store = store();
        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4, INPUT, "c0ffee");
        answer(store, job, verified(2));
        answer(store, job, failedCheck(3));
        answer(store, job, flagged(4));
        answer(store, job, failedRecord(5));
        malformed(store, job, 6);
        job.closeInput(COLUMNS);
        store.saveColumns(job.id(), COLUMNS);
        clock.advance(Duration.ofSeconds(7));

        Summary summary = store.finish(job, false);

        assertThat(summary.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        assertThat(summary.records()).isEqualTo(4);
        assertThat(summary.verified()).isEqualTo(1);
        assertThat(summary.flagged()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.malformed()).isEqualTo(1);
        assertThat(summary.failuresByCheck()).containsExactlyInAnyOrderEntriesOf(Map.of("email", 1L, "record", 1L));
        assertThat(summary.failuresByError()).containsExactlyInAnyOrderEntriesOf(Map.of("HTTP 503", 1L, "verify-record", 1L));
        assertThat(summary.finishedAt()).isEqualTo(T0.plusSeconds(7).toString());
        assertThat(store.find(job.id()).orElseThrow().status()).as("RUNNING until its files are written").isEqualTo(JobStatus.RUNNING);

        assertThat(store.close(job.id()).status()).as("close returns the job as it was").isEqualTo(JobStatus.RUNNING);
        StoredJob closed = store.find(job.id()).orElseThrow();

        assertThat(closed.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        assertThat(closed.finishedAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(closed.wallMs()).isEqualTo(summary.wallMs());
        assertThat(closed.columns()).isEqualTo(COLUMNS);
        assertThat(Summaries.read(closed.summaryJson())).isEqualTo(summary);
        assertThat(store.find(job.id())).contains(closed);
        assertThat(store.running(job.id())).isEmpty();
        assertThat(store.isRunning(job.name())).isFalse();
        assertThat(store.interrupted()).isEmpty();
        assertThat(store.countByStatusOrNone()).containsExactly(Map.entry(JobStatus.COMPLETED_WITH_FAILURES, 1L));
    }

    @Test
    void afterARestartAnInterruptedJobGoesOnFromItsStoredResults() throws Exception {
        JobStore before = store();
        Job first = before.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4, INPUT, "c0ffee");
        String id = first.id();
        assertThat(before.run(id)).isSameAs(first);
        answer(before, first, verified(2));
        answer(before, first, failedCheck(3));
        first.dispatched(4);  // sent to the checks, never answered: the service stopped
        malformed(before, first, 5);
        logs.get(0).close();  // the service stops: what was queued is stored

        clock.advance(Duration.ofSeconds(30));
        JobStore after = store();  // the next start, on the same database

        assertThat(after.interrupted()).containsExactly(id);
        Job resumed = after.run(id);
        assertThat(resumed).isNotSameAs(first);
        assertThat(resumed.info()).isEqualTo(first.info());
        assertThat(resumed.hasResult(2)).isTrue();
        assertThat(resumed.hasResult(3)).isTrue();
        assertThat(resumed.hasResult(4)).isFalse();
        assertThat(resumed.hasResult(5)).isTrue();
        Job.Progress progress = resumed.progress();
        assertThat(progress.verified()).isEqualTo(1);
        assertThat(progress.failed()).isEqualTo(1);
        assertThat(progress.malformed()).isEqualTo(1);
        assertThat(progress.done()).isEqualTo(2);
        assertThat(progress.elapsedMs()).isGreaterThanOrEqualTo(30_000);
        assertThat(after.find(id).orElseThrow().resumes()).isEqualTo(1);
        assertThat(after.run(id)).isSameAs(resumed);
        assertThat(after.find(id).orElseThrow().resumes()).isEqualTo(1);
        assertThat(after.interrupted()).isEmpty();

        // the input is read again: lines with a result are skipped, line 4 goes out
        assertThat(resumed.accept(verified(2))).isFalse();
        assertThat(resumed.malformed(5)).isFalse();
        answer(after, resumed, verified(4));
        resumed.closeInput(COLUMNS);
        clock.advance(Duration.ofSeconds(2));
        Summary summary = after.finish(resumed, false);

        assertThat(summary.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        assertThat(summary.records()).isEqualTo(3);
        assertThat(summary.verified()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.malformed()).isEqualTo(1);
        assertThat(summary.missing()).isZero();
        assertThat(summary.sumOfTaskMs()).isEqualTo(20 + 2_030 + 20);
        assertThat(summary.failuresByCheck()).containsExactly(Map.entry("email", 1L));
        assertThat(summary.wallMs()).isGreaterThanOrEqualTo(30_000);
        assertThat(summary.redrives()).isZero();

        after.close(id);
        StoredJob closed = after.find(id).orElseThrow();

        assertThat(closed.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        assertThat(closed.status()).isNotEqualTo(JobStatus.RUNNING);
        assertThat(closed.resumes()).isEqualTo(1);
        assertThat(Summaries.read(closed.summaryJson())).isEqualTo(summary);
        assertThat(resultRows(id)).isEqualTo(4);
        assertThat(repository.running()).isEmpty();
        assertThat(after.interrupted()).isEmpty();
    }

    @Test
    void interruptedListsEveryRunningJobOfAnEarlierProcessOldestFirst() throws Exception {
        JobStore before = store();
        Job one = before.open(id -> id, "one", "http", 1, INPUT, "1");
        clock.advance(Duration.ofSeconds(1));
        Job two = before.open(id -> id, "two", "http", 1, INPUT, "2");
        clock.advance(Duration.ofSeconds(1));
        Job done = before.open(id -> id, "done", "http", 1, INPUT, "3");
        done.closeInput(List.of());
        before.finish(done, false);
        before.close(done.id());

        JobStore after = store();

        assertThat(after.interrupted()).containsExactly(one.id(), two.id());
        after.run(two.id());
        assertThat(after.interrupted()).containsExactly(one.id());
    }

    @Test
    void runningInputsAreTheInputsOfEveryRunningJob() throws Exception {
        JobStore before = store();
        Path earlier = Path.of("/srv/inbox/.processing/earlier.csv");
        Path finished = Path.of("/srv/inbox/.processing/finished.csv");
        Path current = Path.of("/srv/inbox/.processing/batch-1.ndjson");
        before.open(id -> "earlier", "earlier.csv", "file:earlier.csv", 1, earlier, "1");
        Job done = before.open(id -> "finished", "finished.csv", "file:finished.csv", 1, finished, "2");
        done.closeInput(List.of());
        before.finish(done, false);
        before.close(done.id());
        JobStore after = store();
        after.open(id -> "job-" + id, null, "http", 1, current, "3");

        assertThat(after.runningInputs()).containsExactlyInAnyOrder(earlier, current);
    }

    @Test
    void redriveRefusesARunningJob() throws Exception {
        JobStore store = store();
        Job job = store.open(id -> id, "batch", "http", 2, INPUT, "c0ffee");
        answer(store, job, failedCheck(2));

        assertThat(store.redrive(job.id())).isEmpty();

        StoredJob stored = store.find(job.id()).orElseThrow();
        assertThat(stored.info().redrives()).isZero();
        assertThat(stored.mode()).isEqualTo(StoredJob.Mode.RUN);
        assertThat(store.running(job.id())).containsSame(job);
    }

    @Test
    void redriveRefusesAJobWithoutFailedRecords() throws Exception {
        JobStore store = store();
        Job job = store.open(id -> id, "batch", "http", 2, INPUT, "c0ffee");
        answer(store, job, verified(2));
        answer(store, job, flagged(3));
        malformed(store, job, 4);
        job.closeInput(COLUMNS);
        store.finish(job, false);
        store.close(job.id());

        assertThat(store.redrive(job.id())).isEmpty();

        StoredJob stored = store.find(job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        assertThat(stored.info().redrives()).isZero();
        assertThat(store.running(job.id())).isEmpty();
    }

    @Test
    void redriveRefusesATimedOutJob() throws Exception {
        JobStore store = store();
        Job job = store.open(id -> id, "batch", "http", 2, INPUT, "c0ffee");
        answer(store, job, failedCheck(2));
        job.dispatched(3);  // never came back
        store.finish(job, true);
        store.close(job.id());

        assertThat(store.redrive(job.id())).isEmpty();

        StoredJob stored = store.find(job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(stored.info().redrives()).isZero();
    }

    @Test
    void redriveOfAnUnknownJobThrows() {
        JobStore store = store();

        assertThatThrownBy(() -> store.redrive("nope")).isInstanceOf(NoSuchElementException.class).hasMessage("no job nope");
    }

    @Test
    void redriveRunsTheFailedRecordsAgain() throws Exception {
        JobStore store = store();
        Job first = runWithFailures(store);
        String id = first.id();
        StoredJob finished = store.find(id).orElseThrow();
        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        clock.advance(Duration.ofMinutes(10));

        Optional<Job> redrive = store.redrive(id);

        assertThat(redrive).isPresent();
        Job job = redrive.get();
        assertThat(job.info()).isEqualTo(first.info().redriven());
        assertThat(job.info().redrives()).isEqualTo(1);
        assertThat(job.isRunning()).isTrue();
        assertThat(job.hasResult(2)).isTrue();
        assertThat(job.hasResult(3)).isFalse();
        assertThat(job.hasResult(4)).isTrue();
        assertThat(job.hasResult(5)).isFalse();
        assertThat(job.hasResult(6)).isTrue();
        Job.Progress progress = job.progress();
        assertThat(progress.verified()).isEqualTo(1);
        assertThat(progress.flagged()).isEqualTo(1);
        assertThat(progress.failed()).isZero();
        assertThat(progress.malformed()).isEqualTo(1);
        assertThat(progress.elapsedMs()).isGreaterThanOrEqualTo(finished.wallMs()).isLessThan(600_000);
        StoredJob stored = store.find(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stored.mode()).isEqualTo(StoredJob.Mode.REDRIVE);
        assertThat(stored.info().redrives()).isEqualTo(1);
        assertThat(store.running(id)).containsSame(job);
        assertThat(store.run(id)).isSameAs(job);
        assertThat(store.redrive(id)).as("a redrive is running").isEmpty();
        assertThat(store.interrupted()).isEmpty();

        // what the redrive runs: the FAILED records, from the store
        List<Long> failedLines = new ArrayList<>();
        store.forEachResult(id, List.of("FAILED"), item -> failedLines.add(((Verdict) item).line()));
        assertThat(failedLines).containsExactly(3L, 5L);
        answer(store, job, verified(3));
        answer(store, job, flagged(5));
        job.closeInput(COLUMNS);
        Summary summary = store.finish(job, false);

        assertThat(summary.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);  // line 6 is still malformed
        assertThat(summary.records()).isEqualTo(4);
        assertThat(summary.verified()).isEqualTo(2);
        assertThat(summary.flagged()).isEqualTo(2);
        assertThat(summary.failed()).isZero();
        assertThat(summary.malformed()).isEqualTo(1);
        assertThat(summary.failuresByCheck()).isEmpty();
        assertThat(summary.redrives()).isEqualTo(1);
        assertThat(store.close(id).mode()).as("close returns the job as it was: redriving").isEqualTo(StoredJob.Mode.REDRIVE);
        StoredJob closed = store.find(id).orElseThrow();
        assertThat(closed.mode()).isEqualTo(StoredJob.Mode.RUN);
        assertThat(closed.info().redrives()).isEqualTo(1);
        assertThat(Summaries.read(closed.summaryJson())).isEqualTo(summary);
        assertThat(resultRows(id)).isEqualTo(5);
        assertThat(store.redrive(id)).as("no FAILED record left").isEmpty();
    }

    @Test
    void aRedriveInterruptedByARestartGoesOnWithItsFailedRecords() throws Exception {
        JobStore before = store();
        String id = runWithFailures(before).id();
        Job redrive = before.redrive(id).orElseThrow();
        answer(before, redrive, verified(3));  // line 5 is not back yet when the service stops
        logs.get(0).close();

        JobStore after = store();

        assertThat(after.interrupted()).containsExactly(id);
        Job resumed = after.run(id);
        assertThat(resumed.info().redrives()).isEqualTo(1);
        assertThat(resumed.hasResult(3)).isTrue();
        assertThat(resumed.hasResult(5)).isFalse();
        assertThat(resumed.progress().verified()).isEqualTo(2);
        assertThat(resumed.progress().failed()).isZero();
        assertThat(after.find(id).orElseThrow().resumes()).isEqualTo(1);
        answer(after, resumed, verified(5));
        resumed.closeInput(COLUMNS);
        Summary summary = after.finish(resumed, false);
        assertThat(summary.failed()).isZero();
        assertThat(summary.verified()).isEqualTo(3);
        assertThat(summary.redrives()).isEqualTo(1);
        after.close(id);
        assertThat(after.find(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
    }

    // --- ResultLog

    @Test
    void theResultLogStoresEveryResultAddedFromManyThreads() throws Exception {
        ResultLog log = log(256, 100);
        int threads = 8;
        int perThread = 625;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> adding = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = 2 + t * perThread;
                adding.add(pool.submit(() -> {
                    start.await();
                    for (int line = from; line < from + perThread; line++) {
                        log.add(result("log1", line % 10 == 0 ? malformed(line) : verified(line)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : adding) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        log.flush();

        assertThat(resultRows("log1")).isEqualTo(5_000);
        Tally tally = repository.tally("log1", false);
        assertThat(tally.ended().cardinality()).isEqualTo(5_000);
        assertThat(tally.ended().nextSetBit(0)).isEqualTo(2);
        assertThat(tally.ended().length()).isEqualTo(5_002);
        assertThat(tally.malformed()).isEqualTo(500);
        assertThat(tally.counts()).containsExactly(Map.entry(Verdict.Status.VERIFIED, 4_500L));
    }

    @Test
    void closingTheResultLogStoresWhatWasQueued() throws Exception {
        ResultLog log = log(10_000, 50);
        for (int line = 2; line < 1_002; line++) log.add(result("log1", verified(line)));

        log.close();

        assertThat(resultRows("log1")).isEqualTo(1_000);
        assertThatThrownBy(() -> log.add(result("log1", verified(5_000))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(resultRows("log1")).isEqualTo(1_000);
    }

    @Test
    void theResultLogKeepsTheLastResultOfALine() throws Exception {
        ResultLog log = log(100, 10);
        log.add(result("log1", failedCheck(2)));
        log.add(result("log1", malformed(3)));
        log.add(result("log1", verified(2)));

        log.flush();

        assertThat(resultRows("log1")).isEqualTo(2);
        assertThat(results("log1", ALL)).containsExactly(verified(2), malformed(3));
    }

    @Test
    void aFlushWithNothingAddedReturnsAtOnce() throws Exception {
        ResultLog log = log(100, 10);

        log.flush();

        assertThat(resultRows("log1")).isZero();
    }

    /**
     * Lets the test stall the database: while closed, every new connection waits (as when the database is slow or
     * unreachable), so the result log's queue fills up.
     */
    static final class GatedDataSource implements DataSource {
        private final DataSource delegate;
        private final CountDownLatch open = new CountDownLatch(1);
        private final AtomicInteger waiting = new AtomicInteger();
        private volatile boolean closed;

        GatedDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        void close() {
            closed = true;
        }

        void open() {
            closed = false;
            open.countDown();
        }

        int waiting() {
            return waiting.get();
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (closed) {
                waiting.incrementAndGet();
                try {
                    open.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted", e);
                }
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }

    @Test
    void whileTheDatabaseStallsTheResultLogHoldsTheWorkersBackAndThenStoresEverything() throws Exception {
        GatedDataSource gated = new GatedDataSource(db);
        ResultLog log = new ResultLog(new JobRepository(gated), 1, 10);
        logs.add(log);
        gated.close();
        log.add(result("log1", verified(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gated.waiting() == 1);  // the writer holds line 2
        log.add(result("log1", verified(3)));  // the queue is full
        Thread worker = new Thread(() -> log.add(result("log1", verified(4))), "worker");
        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.getState() == Thread.State.WAITING);
        assertThat(resultRows("log1")).isZero();

        gated.open();
        worker.join(10_000);
        log.flush();

        assertThat(worker.isAlive()).isFalse();
        assertThat(resultRows("log1")).isEqualTo(3);
        assertThat(results("log1", ALL)).containsExactly(verified(2), verified(3), verified(4));
    }

    @Test
    void anAddInterruptedWhileTheQueueIsFullDoesNotHoldUpFlush() throws Exception {
        GatedDataSource gated = new GatedDataSource(db);
        ResultLog log = new ResultLog(new JobRepository(gated), 1, 10);
        logs.add(log);
        gated.close();
        log.add(result("log1", verified(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gated.waiting() == 1);  // the writer holds line 2
        log.add(result("log1", verified(3)));  // the queue is full
        AtomicReference<RuntimeException> refused = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                log.add(result("log1", verified(4)));
            } catch (RuntimeException e) {
                refused.set(e);
            }
        }, "worker");
        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.getState() == Thread.State.WAITING);  // in queue.put

        worker.interrupt();  // as a worker pool shut down now interrupts it
        worker.join(10_000);
        assertThat(refused.get()).isInstanceOf(IllegalStateException.class).hasMessage("interrupted while queueing a result");
        gated.open();

        assertTimeoutPreemptively(Duration.ofSeconds(10), log::flush, "flush waits for a result that was never queued");
        assertThat(resultRows("log1")).isEqualTo(2);
        assertThat(results("log1", ALL)).containsExactly(verified(2), verified(3));
    }
}
