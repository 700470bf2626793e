package io.fanout.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fanout.camel.CheckPlan;
import io.fanout.camel.JobOutputs;
import io.fanout.camel.JobSteps;
import io.fanout.camel.Reports;
import io.fanout.check.CheckOutcome;
import io.fanout.job.Job;
import io.fanout.job.JobStatus;
import io.fanout.job.Verdict;
import io.fanout.store.StoredJob;
import io.fanout.store.Summaries;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The jobs API (bean "api"): what each /api route answers. Routes call one method each; errors are {@link ApiException}s. */
public final class JobsApi {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How many jobs GET /api/jobs lists, newest first. */
    static final int RECENT = 500;

    private final JobSteps jobs;
    private final Reports reports;
    private final CheckPlan plan;
    private final JobOutputs outputs;
    private final Limits limits;
    private final byte[] apiKey;

    /** The front door's limits: body size, records per batch, how long ?wait=true waits. */
    public record Limits(long maxBodyBytes, long maxRecords, long waitTimeoutMs) {
    }

    public JobsApi(JobSteps jobs, Reports reports, CheckPlan plan, JobOutputs outputs, Limits limits, String apiKey) {
        this.jobs = jobs;
        this.reports = reports;
        this.plan = plan;
        this.outputs = outputs;
        this.limits = limits;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** With fanout.api-key set, every call must carry it in X-API-Key (compared in constant time). */
    public void authorize(@Header("X-API-Key") String key) {
        if (apiKey == null) return;
        byte[] given = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(apiKey, given)) {
            throw new ApiException(401, "unauthorized", "send the API key in the X-API-Key header");
        }
    }

    /** Refuses a method the path does not serve, saying which it does. */
    public void methodNotAllowed(@Header(Exchange.HTTP_METHOD) String method, String allowed, Exchange exchange) {
        exchange.getMessage().setHeader("Allow", allowed);
        throw new ApiException(405, "method not allowed", method + " is not served here; use " + allowed);
    }

    /** POST /api/jobs: checks the batch, registers the job and answers 202; the caller then starts the fan-out. */
    public String submit(@org.apache.camel.Body byte[] body, @Header(Exchange.CONTENT_TYPE) String contentType,
                         @Header("name") String label, @Header("concurrency") String concurrency,
                         Exchange exchange) throws IOException, SQLException {
        refuseWhileStopping();
        int width = concurrency(concurrency);
        BatchBody batch = BatchBody.parse(body, contentType, limits.maxBodyBytes(), limits.maxRecords());
        Job job = jobs.openBatch(batch.bytes(), batch.format(), label == null || label.isBlank() ? null : label, width);
        exchange.setProperty(JobSteps.JOB, job.id());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader("Location", "/api/jobs/" + job.id());
        ObjectNode accepted = JSON.createObjectNode().put("job", job.id()).put("status", "RUNNING").put("records", batch.records());
        return json(accepted);
    }

    /**
     * POST /api/jobs/{id}/redrive: runs the FAILED records of a finished job again (after the downstream is fixed);
     * the report, dead letters and summary are written again when it ends. 409 while it runs, when nothing failed,
     * or when it timed out.
     */
    public String redrive(@Header("id") String id, Exchange exchange) throws SQLException, IOException {
        refuseWhileStopping();
        StoredJob stored = stored(id);
        Job job = jobs.store().redrive(stored.id()).orElseThrow(() -> new ApiException(409, "nothing to redrive", switch (stored.status()) {
            case RUNNING -> "job " + id + " is running; redrive it once it has finished";
            case TIMED_OUT -> "job " + id + " timed out: the lines that never came back have no record to run again; submit its input again";
            default -> "job " + id + " has no FAILED records";
        }));
        outputs.clearSummary(job.name());
        exchange.setProperty(JobSteps.JOB, job.id());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader("Location", "/api/jobs/" + job.id());
        return json(JSON.createObjectNode().put("job", job.id()).put("status", "RUNNING")
                .put("records", Summaries.read(stored.summaryJson()).failed()).put("redrives", job.info().redrives()));
    }

    private void refuseWhileStopping() {
        if (!jobs.acceptingWork()) {
            throw new ApiException(503, "shutting down", "the service is stopping and takes no new jobs; send it again once it is back");
        }
    }

    /** ?concurrency=1 runs the job one record at a time (to compare with the fan-out); absent, fanout.concurrency. */
    private int concurrency(String asked) {
        if (asked == null || asked.isBlank()) return jobs.concurrency();
        if (asked.trim().equals("1")) return 1;
        throw new ApiException(400, "bad concurrency", "concurrency may be 1 (one record at a time) or left out (fanout.concurrency), not '" + asked + "'");
    }

    /** With ?wait=true, holds the answer until the job is done or fanout.http.wait-timeout passed; then answers its view. */
    public String awaitIfAsked(@Header("wait") String wait, @ExchangeProperty(JobSteps.JOB) String jobId, Exchange exchange) throws SQLException {
        if (!"true".equalsIgnoreCase(wait)) return exchange.getMessage().getBody(String.class);
        // not running any more: it finished before this call came to wait
        jobs.store().running(jobId).ifPresent(job ->
                job.done().copy().completeOnTimeout(null, limits.waitTimeoutMs(), TimeUnit.MILLISECONDS).join());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        return json(view(jobId));
    }

    /** GET /api/jobs: recent jobs, newest first. */
    public String list() throws SQLException {
        List<ObjectNode> views = new ArrayList<>();
        for (StoredJob stored : jobs.store().recent(RECENT)) {
            views.add(JobView.of(stored, jobs.store().running(stored.id()).orElse(null)));
        }
        return json(views);
    }

    /** GET /api/jobs/{id}. */
    public String job(@Header("id") String id) throws SQLException {
        return json(view(stored(id).id()));
    }

    private ObjectNode view(String id) throws SQLException {
        return JobView.of(stored(id), jobs.store().running(id).orElse(null));
    }

    /**
     * GET /api/jobs/{id}/report: CSV for Accept: text/csv, else JSON rows. Written row by row from the job store into
     * a temporary file, and answered from it in chunks (the file goes when the answer is read): a job of a million
     * records is never held in memory, here or in the answer.
     */
    public InputStream report(@Header("id") String id, @Header("Accept") String accept, Exchange exchange) throws Exception {
        StoredJob stored = stored(id);
        List<String> columns = jobs.store().running(id).map(Job::columns).orElse(stored.columns());
        boolean csv = accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
        // no deleteOnExit: in a long-running service its list would grow by one entry per request
        Path file = Files.createTempFile("fanout-report-", csv ? ".csv" : ".json");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (csv) {
                reports.report(stored.id(), columns, out);
                exchange.setProperty("fanoutContentType", "text/csv; charset=utf-8");
            } else {
                writeRows(stored.id(), out);
            }
        } catch (Exception | Error e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
    }

    /** The report as a JSON array of rows, one row at a time. */
    private void writeRows(String jobId, Writer out) throws IOException, SQLException, InterruptedException {
        try (JsonGenerator json = JSON.writerWithDefaultPrettyPrinter().createGenerator(out)) {
            json.writeStartArray();
            jobs.store().forEachResult(jobId, Reports.REPORTED, item -> {
                try {
                    json.writeTree(row((Verdict) item));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            json.writeEndArray();
        }
    }

    private ObjectNode row(Verdict v) {
        ObjectNode row = JSON.createObjectNode();
        ObjectNode fields = row.putObject("record");
        v.record().fields().forEach(fields::put);
        row.put("line", v.line()).put("status", v.status().name());
        ArrayNode reasons = row.putArray("reasons");
        v.reasons().forEach(reasons::add);
        ObjectNode checks = row.putObject("checks");
        plan.names().forEach(check -> checks.put(check, v.outcome(check).map(CheckOutcome::result).map(Enum::name).orElse(null)));
        ObjectNode latency = row.putObject("latencyMs");
        ObjectNode attempts = row.putObject("attempts");
        v.outcomes().forEach(o -> {
            latency.put(o.check(), o.elapsedMs());
            attempts.put(o.check(), o.attempts());
        });
        return row;
    }

    /** GET /api/jobs/{id}/dead-letters: the job's dead-letter file as a JSON array. */
    public String deadLetters(@Header("id") String id) throws IOException, SQLException {
        Path file = outputs.deadLetterFile(stored(id).info().name());
        ArrayNode letters = JSON.createArrayNode();
        for (String line : Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.<String>of()) {
            if (!line.isBlank()) letters.add(JSON.readTree(line));
        }
        return json(letters);
    }

    /** GET /api/openapi.json: the API's description, kept in step with the routes by a test. */
    public String openApi() throws IOException {
        try (var in = JobsApi.class.getClassLoader().getResourceAsStream("api/openapi.json")) {
            if (in == null) throw new IllegalStateException("api/openapi.json is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The JSON error answer; the exception's detail, never a stack trace. */
    public String error(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure, Exchange exchange) {
        ApiException error = failure instanceof ApiException api ? api
                : new ApiException(500, "internal error", "the request could not be completed; see the service log");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        return json(JSON.createObjectNode().put("error", error.error()).put("detail", error.detail()));
    }

    private StoredJob stored(String id) throws SQLException {
        if (id == null || !JOB_ID.matcher(id).matches()) throw ApiException.notFound("no job '" + id + "'");
        return jobs.store().find(id).orElseThrow(() -> ApiException.notFound("no job '" + id + "'"));
    }

    private static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
