package io.fanout.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fanout.check.CheckOutcome;
import io.fanout.job.FailurePolicy;
import io.fanout.job.JobInfo;
import io.fanout.job.JobStatus;
import io.fanout.job.Summary;
import io.fanout.job.Tally;
import io.fanout.job.Verdict;
import io.fanout.record.InputItem;
import io.fanout.record.MalformedLine;
import io.fanout.record.Record;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The job store's tables (db/migration): jobs and the result of every line, on H2 or PostgreSQL. Plain JDBC on
 * the pooled DataSource; results are written in batches by {@link ResultLog}, keyed by (job, line).
 */
public final class JobRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() { };
    private static final TypeReference<List<CheckOutcome>> OUTCOMES = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    /** The status of a line that could not be read as a record (the others are the verdicts' statuses). */
    public static final String MALFORMED = "MALFORMED";
    private static final String JOB_COLUMNS = "id, name, label, source, input_path, checksum, concurrency, settings, status, mode, "
            + "columns_json, started_at, finished_at, wall_ms, redrives, resumes, summary_json";
    private static final String RESULT_COLUMNS = "job_id, line, status, raw, fields_json, outcomes_json, error, task_ms";

    private final DataSource db;
    private final String upsertResult;

    public JobRepository(DataSource db) throws SQLException {
        this.db = db;
        this.upsertResult = upsertResult(db);
    }

    /** Creates or migrates the schema (db/migration, run once each by Flyway). */
    public static void migrate(DataSource db) {
        // baseline 0: a database made before migrations (with do_not_mail only) still gets every script
        Flyway.configure().dataSource(db).locations("classpath:db/migration").baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
    }

    /** A replayed result replaces its row: MERGE on H2, ON CONFLICT on PostgreSQL. */
    private static String upsertResult(DataSource db) throws SQLException {
        String product;
        try (Connection c = db.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        }
        String values = " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        return switch (product) {
            case "H2" -> "MERGE INTO fanout_result (" + RESULT_COLUMNS + ") KEY (job_id, line)" + values;
            case "PostgreSQL" -> "INSERT INTO fanout_result (" + RESULT_COLUMNS + ")" + values + " ON CONFLICT (job_id, line) DO UPDATE SET "
                    + "status = EXCLUDED.status, raw = EXCLUDED.raw, fields_json = EXCLUDED.fields_json, "
                    + "outcomes_json = EXCLUDED.outcomes_json, error = EXCLUDED.error, task_ms = EXCLUDED.task_ms";
            default -> throw new IllegalStateException("the job store runs on H2 or PostgreSQL, not " + product + " (fanout.db.url)");
        };
    }

    public void insert(StoredJob job) throws SQLException {
        JobInfo info = job.info();
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO fanout_job (" + JOB_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, info.id());
            insert.setString(2, info.name());
            insert.setString(3, info.label());
            insert.setString(4, info.source());
            insert.setString(5, job.input().toString());
            insert.setString(6, job.checksum());
            insert.setInt(7, info.concurrency());
            insert.setString(8, settings(info.policy()));
            insert.setString(9, job.status().name());
            insert.setString(10, job.mode().name());
            insert.setString(11, json(job.columns()));
            insert.setObject(12, OffsetDateTime.ofInstant(info.startedAt(), ZoneOffset.UTC));
            insert.setObject(13, job.finishedAt() == null ? null : OffsetDateTime.ofInstant(job.finishedAt(), ZoneOffset.UTC));
            insert.setLong(14, job.wallMs());
            insert.setInt(15, info.redrives());
            insert.setInt(16, job.resumes());
            insert.setString(17, job.summaryJson());
            insert.executeUpdate();
        }
    }

    public Optional<StoredJob> find(String id) throws SQLException {
        List<StoredJob> found = jobs("WHERE id = ?", 1, id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest jobs first, at most {@code limit}. */
    public List<StoredJob> recent(int limit) throws SQLException {
        return jobs("ORDER BY started_at DESC, id", limit);
    }

    /** The jobs that were running when the service stopped: they resume at start. */
    public List<StoredJob> running() throws SQLException {
        return jobs("WHERE status = 'RUNNING' ORDER BY started_at, id", Integer.MAX_VALUE);
    }

    /** The newest job of this label whose input had this checksum: a file dropped again. */
    public Optional<StoredJob> findByContent(String label, String checksum) throws SQLException {
        List<StoredJob> found = jobs("WHERE label = ? AND checksum = ? ORDER BY started_at DESC", 1, label, checksum);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public Map<JobStatus, Long> countByStatus() throws SQLException {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT status, COUNT(*) FROM fanout_job GROUP BY status");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
        }
        return counts;
    }

    public void saveColumns(String id, List<String> columns) throws SQLException {
        update("UPDATE fanout_job SET columns_json = ? WHERE id = ?", json(columns), id);
    }

    /** The job ended: its status, its summary, and how long it ran. */
    public void finish(String id, Summary summary, Instant finishedAt) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE fanout_job SET status = ?, summary_json = ?, finished_at = ?, wall_ms = ?, mode = 'RUN' WHERE id = ?")) {
            u.setString(1, summary.status().name());
            u.setString(2, json(summary));
            u.setObject(3, OffsetDateTime.ofInstant(finishedAt, ZoneOffset.UTC));
            u.setLong(4, summary.wallMs());
            u.setString(5, id);
            u.executeUpdate();
        }
    }

    /** Marks a finished job RUNNING its FAILED records again; false when it is running already (or unknown). */
    public boolean startRedrive(String id) throws SQLException {
        return update("UPDATE fanout_job SET status = 'RUNNING', mode = 'REDRIVE', redrives = redrives + 1 WHERE id = ? AND status <> 'RUNNING'", id) == 1;
    }

    /** One more start after an interruption. */
    public void resumed(String id) throws SQLException {
        update("UPDATE fanout_job SET resumes = resumes + 1 WHERE id = ?", id);
    }

    /** Writes a batch of results in one transaction; a result for a line that has one replaces it. */
    public void save(List<Result> results) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement(upsertResult)) {
                for (Result result : results) {
                    bind(upsert, result);
                    upsert.addBatch();
                }
                upsert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * The lines of a job that have a result, and their counts. {@code withoutFailed}: FAILED lines count as without
     * one (a redrive runs them again).
     */
    public Tally tally(String id, boolean withoutFailed) throws SQLException {
        BitSet ended = new BitSet();
        Map<Verdict.Status, Long> counts = new EnumMap<>(Verdict.Status.class);
        long malformed = 0;
        long taskMs = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("SELECT line, status, task_ms FROM fanout_result WHERE job_id = ?")) {
                q.setFetchSize(10_000);
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        String status = rs.getString(2);
                        if (withoutFailed && status.equals(Verdict.Status.FAILED.name())) continue;
                        ended.set(Math.toIntExact(rs.getLong(1)));
                        if (status.equals(MALFORMED)) {
                            malformed++;
                        } else {
                            counts.merge(Verdict.Status.valueOf(status), 1L, Long::sum);
                            taskMs += rs.getLong(3);
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return new Tally(ended, counts, malformed, taskMs);
    }

    /**
     * Each result of a job in line order, read as it goes (a million rows are never held): a {@link Verdict}, or a
     * {@link MalformedLine}. {@code statuses}: VERIFIED, FLAGGED, FAILED, MALFORMED; which to read.
     */
    public void forEachResult(String id, List<String> statuses, Consumer<Object> action) throws SQLException {
        String in = String.join(", ", statuses.stream().map(s -> "?").toList());
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);  // PostgreSQL streams rows through a cursor only within a transaction
            try (PreparedStatement q = c.prepareStatement("SELECT line, status, raw, fields_json, outcomes_json, error FROM fanout_result "
                    + "WHERE job_id = ? AND status IN (" + in + ") ORDER BY line")) {
                q.setFetchSize(1_000);
                q.setString(1, id);
                for (int i = 0; i < statuses.size(); i++) q.setString(i + 2, statuses.get(i));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) action.accept(result(rs));
                }
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * Up to {@code limit} results of a job after line {@code afterLine}, in line order: one page of a read that goes on
     * from the last line it saw (results stored meanwhile at later lines are read as they are then).
     */
    public List<Object> results(String id, String status, long afterLine, int limit) throws SQLException {
        List<Object> page = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT line, status, raw, fields_json, outcomes_json, error FROM fanout_result "
                     + "WHERE job_id = ? AND status = ? AND line > ? ORDER BY line FETCH FIRST " + limit + " ROWS ONLY")) {
            q.setString(1, id);
            q.setString(2, status);
            q.setLong(3, afterLine);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) page.add(result(rs));
            }
        }
        return page;
    }

    /** How many results of a job have this status. */
    public long count(String id, String status) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM fanout_result WHERE job_id = ? AND status = ?")) {
            q.setString(1, id);
            q.setString(2, status);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One line's result, to be saved: a verdict or a malformed line of job {@code job}. */
    public record Result(String job, Object item) {
        public Result {
            if (!(item instanceof Verdict) && !(item instanceof MalformedLine)) {
                throw new IllegalArgumentException("a result is a verdict or a malformed line, not " + item);
            }
        }

        long line() {
            return item instanceof Verdict v ? v.line() : ((InputItem) item).line();
        }
    }

    private static void bind(PreparedStatement upsert, Result result) throws SQLException {
        upsert.setString(1, result.job());
        upsert.setLong(2, result.line());
        if (result.item() instanceof Verdict v) {
            upsert.setString(3, v.status().name());
            upsert.setString(4, v.record().raw());
            upsert.setString(5, json(v.record().fields()));
            upsert.setString(6, json(v.outcomes()));
            upsert.setString(7, v.error());
            upsert.setLong(8, v.taskMs());
        } else {
            MalformedLine bad = (MalformedLine) result.item();
            upsert.setString(3, MALFORMED);
            upsert.setString(4, bad.raw());
            upsert.setNull(5, Types.VARCHAR);
            upsert.setNull(6, Types.VARCHAR);
            upsert.setString(7, bad.reason());
            upsert.setLong(8, 0);
        }
    }

    private static Object result(ResultSet rs) throws SQLException {
        long line = rs.getLong(1);
        String status = rs.getString(2);
        String raw = rs.getString(3);
        if (status.equals(MALFORMED)) return new MalformedLine(line, raw, rs.getString(6));
        Record record = new Record(line, read(rs.getString(4), FIELDS), raw);
        return new Verdict(record, Verdict.Status.valueOf(status), read(rs.getString(5), OUTCOMES), rs.getString(6));
    }

    private List<StoredJob> jobs(String where, int limit, String... args) throws SQLException {
        List<StoredJob> jobs = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM fanout_job " + where)) {
            q.setMaxRows(limit == Integer.MAX_VALUE ? 0 : limit);
            for (int i = 0; i < args.length; i++) q.setString(i + 1, args[i]);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) jobs.add(job(rs));
            }
        }
        return jobs;
    }

    private static StoredJob job(ResultSet rs) throws SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        JobInfo info = new JobInfo(rs.getString("id"), rs.getString("name"), rs.getString("label"), rs.getString("source"),
                rs.getInt("concurrency"), rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                policy(rs.getString("settings")), rs.getInt("redrives"));
        String columns = rs.getString("columns_json");
        return new StoredJob(info, Path.of(rs.getString("input_path")), rs.getString("checksum"),
                JobStatus.valueOf(rs.getString("status")), StoredJob.Mode.valueOf(rs.getString("mode")),
                columns == null ? List.of() : read(columns, STRINGS), finished == null ? null : finished.toInstant(),
                rs.getLong("wall_ms"), rs.getInt("resumes"), rs.getString("summary_json"));
    }

    /** The settings a job runs with, kept with it: its failure policy. */
    private static String settings(FailurePolicy policy) {
        ObjectNode settings = JSON.createObjectNode().put("maxFailedPercent", policy.maxFailedPercent());
        if (policy.maxFailedRecords() != null) settings.put("maxFailedRecords", policy.maxFailedRecords());
        return settings.toString();
    }

    private static FailurePolicy policy(String settings) {
        var node = read(settings, new TypeReference<Map<String, Number>>() { });
        Number records = node.get("maxFailedRecords");
        return new FailurePolicy(node.get("maxFailedPercent").doubleValue(), records == null ? null : records.longValue());
    }

    private int update(String sql, String... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) u.setString(i + 1, args[i]);
            return u.executeUpdate();
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the job store: " + e.getOriginalMessage(), e);
        }
    }
}
