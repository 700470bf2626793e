/*
 * The fanout benchmark harness (issue 6): measurement only, it changes nothing in the pipeline.
 *
 * Run it with bench/run (which builds the jar when missing and puts target/fanout.jar and target/lib on the class
 * path); see docs/performance.md. For every scenario it starts the packaged application as a child process
 * (java -Xmx... -jar fanout.jar, free ports, an H2 file database with AUTO_SERVER=TRUE), submits a generated batch
 * of valid records (POST /api/jobs?wait=true, or a file dropped into the inbox for the large ones), reads the
 * summary, samples the child's heap (jstat, and the GC log's "before" sizes) and RSS (/proc), and runs a plain-Java
 * baseline (an ExecutorService of C threads making the same three calls per record) against the same demo services
 * and database. It prints ONE table and pass/fail lines for the targets; a scenario that does not complete
 * (out of memory, time limit) is reported as such, never as a crash.
 *
 * Scenario (e), scale-out (issue 8), has a small table of its own: a coordinator process (broker transport, embedded
 * Artemis broker, the demo services, H2 in server mode) and worker processes on the same broker and database; the
 * same job runs with one worker, then with two, and the ratio of the two walls is the scale-out.
 *
 *   bench/run                 the five scenarios a-e (about 20-30 minutes on 2 cores)
 *   bench/run --smoke         a few seconds: tiny batches through both intakes and through a coordinator with two
 *                             workers, checks the counts (exit 1 if wrong)
 *   bench/run --only a,c      some of the scenarios (--only e: the scale-out alone)
 *   bench/run --seq-n 500     the sequential run of (a) on the first 500 records only (scaled to N in the table)
 *   bench/run --no-seq        no sequential run
 *   bench/run --no-baseline   no plain-Java baseline
 *   bench/run --out DIR       where logs, GC logs and heap histograms go (default target/bench/<time>)
 *   bench/run --app-opt -Dcamel.threadpool.max-queue-size=-1   an extra JVM option of the application (repeatable),
 *                             to try a setting without editing application.properties
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Bench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final PrintStream OUT = System.out;
    static final List<App> RUNNING = new CopyOnWriteArrayList<>();
    static final List<String> EXTRA_APP_OPTS = new ArrayList<>();
    /** Records of the warm-up job run before a scenario's measured job (and before the baseline's measured run). */
    static final int WARM_UP_RECORDS = 20_000;
    static boolean WARM_UP;
    /** Lines of the application's log that say a record was lost, counted into the details. */
    static final List<String> LOG_SIGNS = List.of("OutOfMemoryError", "Task rejected due queue size limit reached", "TIMED_OUT");

    enum Intake { POST, FILE }

    /** One measured job: N valid records at concurrency C against services answering after L ms. */
    record Scenario(String name, int n, int c, long latencyMs, String xmx, Intake intake, boolean sequential,
                    boolean baseline, Duration limit) {
        /** Scenarios with the same key share one application process. */
        String appKey() {
            return c + "/" + latencyMs + "/" + xmx;
        }

        long xmxBytes() {
            return parseSize(xmx);
        }
    }

    /** What one scenario measured; null fields were not measured. */
    static final class Result {
        final Scenario s;
        String outcome = "not run";
        boolean completed;
        Double wallMs;            // end to end: submission until NAME.summary.json exists
        Long jobWallMs;           // the summary's own wallMs (job opened to last verdict; excludes writing the report)
        Long verified, flagged, failed, records;
        Double seqWallMs;         // the same records with ?concurrency=1, end to end (scaled when --seq-n < N)
        Integer seqN;
        String seqOutcome;
        Double baseWallMs;
        Long baseVerified;
        /** CPU seconds during the job: the application's, and the machine's cores' busy share (0-1). */
        Double cpuS, machineBusy;
        /** CPU seconds during the measured baseline: its own (this JVM's), and the application's serving its calls. */
        Double baseCpuS, baseAppCpuS, baseMachineBusy;
        String baseOutcome;
        Double peakHeapMb, peakRssMb;
        Long hwmMb;
        int gcCount, fullGcCount;
        double gcPauseMs;
        Double liveBeforeMb, liveAfterMb;
        List<String> histogramTop = List.of();
        String histogramFile;
        String lastProgress;
        Map<String, Long> logSigns = new LinkedHashMap<>();
        String threadDump;

        Result(Scenario s) {
            this.s = s;
        }

        Double idealMs() {
            return s.latencyMs() == 0 ? null : (double) ceilDiv(s.n(), s.c()) * s.latencyMs();
        }

        Double efficiency() {
            return idealMs() == null || wallMs == null ? null : idealMs() / wallMs;
        }

        Double speedup() {
            return seqWallMs == null || wallMs == null ? null : seqWallMs / wallMs;
        }

        Double recordsPerSecond() {
            return wallMs == null ? null : s.n() * 1000.0 / wallMs;
        }

        Double baseRecordsPerSecond() {
            return baseWallMs == null ? null : s.n() * 1000.0 / baseWallMs;
        }

        Double vsBaseline() {
            Double ours = recordsPerSecond(), base = baseRecordsPerSecond();
            return ours == null || base == null ? null : ours / base;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> appOpts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--smoke", "--no-seq", "--no-baseline", "--cold" -> opts.put(a, "true");
                case "--only", "--seq-n", "--out", "--app", "--limit-d" -> opts.put(a, args[++i]);
                case "--app-opt" -> appOpts.add(args[++i]);
                case "-h", "--help" -> {
                    OUT.println("usage: bench/run [--smoke] [--only a,b,c,d,e] [--seq-n N] [--no-seq] [--no-baseline] [--cold] [--limit-d SECONDS] [--out DIR] [--app-opt JVM-OPTION]...");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        boolean smoke = opts.containsKey("--smoke");
        Path app = Path.of(opts.getOrDefault("--app", "target/fanout.jar")).toAbsolutePath();
        if (!Files.isRegularFile(app)) throw new IllegalStateException(app + " is missing: build it with mvn -B -q package -DskipTests");
        Path out = Path.of(opts.getOrDefault("--out", "target/bench/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + (smoke ? "-smoke" : ""))).toAbsolutePath();
        Files.createDirectories(out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(App::close)));

        boolean seq = !opts.containsKey("--no-seq");
        boolean base = !opts.containsKey("--no-baseline");
        List<Scenario> scenarios = new ArrayList<>();
        ScaleOut scaleOut = null;
        if (smoke) {
            scenarios.add(new Scenario("smoke-post", 200, 8, 5, "256m", Intake.POST, seq, base, Duration.ofSeconds(60)));
            scenarios.add(new Scenario("smoke-file", 1000, 8, 5, "256m", Intake.FILE, false, base, Duration.ofSeconds(60)));
            scaleOut = new ScaleOut("smoke-scale", 200, 8, 5, 0, Duration.ofSeconds(60));
        } else {
            scenarios.add(new Scenario("a", 2_000, 50, 50, "1g", Intake.POST, seq, base, Duration.ofMinutes(6)));
            scenarios.add(new Scenario("b", 20_000, 200, 50, "1g", Intake.POST, false, base, Duration.ofMinutes(5)));
            scenarios.add(new Scenario("c", 100_000, 64, 0, "1g", Intake.FILE, false, base, Duration.ofMinutes(10)));
            scenarios.add(new Scenario("d", 1_000_000, 64, 0, "256m", Intake.FILE, false, false, Duration.ofMinutes(30)));
            // (e): N records, C per worker, L ms; a warm-up job of N before each measured one; each job within 3 minutes
            scaleOut = new ScaleOut("e", 3_000, 20, 100, 3_000, Duration.ofMinutes(3));
            if (opts.containsKey("--only")) {
                Set<String> only = new LinkedHashSet<>(Arrays.asList(opts.get("--only").split(",")));
                scenarios.removeIf(s -> !only.contains(s.name()));
                if (!only.contains(scaleOut.name())) scaleOut = null;
            }
        }
        Integer seqN = opts.containsKey("--seq-n") ? Integer.valueOf(opts.get("--seq-n")) : null;

        OUT.printf("fanout bench: %s, %d scenario(s), output in %s%n", smoke ? "smoke" : "full",
                scenarios.size() + (scaleOut == null ? 0 : 1), out);
        OUT.printf("machine: %d cores, java %s; app %s%s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), app, appOpts.isEmpty() ? "" : " with " + String.join(" ", appOpts));
        EXTRA_APP_OPTS.addAll(appOpts);
        // a service runs for long: measure it warmed up (JIT), as the baseline is, unless --cold asks for the first job
        WARM_UP = !smoke && !opts.containsKey("--cold");

        Map<String, Result> results = new LinkedHashMap<>();
        scenarios.forEach(s -> results.put(s.name(), new Result(s)));
        // scenarios with the same C, L and -Xmx share one application (the smoke run does)
        Map<String, List<Scenario>> byApp = new LinkedHashMap<>();
        scenarios.forEach(s -> byApp.computeIfAbsent(s.appKey(), k -> new ArrayList<>()).add(s));
        for (List<Scenario> group : byApp.values()) {
            Scenario first = group.get(0);
            Path work = out.resolve(group.stream().map(Scenario::name).reduce((x, y) -> x + "+" + y).orElseThrow());
            App running = null;
            try {
                running = App.start(app, work, first);
                for (Scenario s : group) {
                    Scenario sized = s;
                    if (s.name().equals("d") && opts.containsKey("--limit-d")) {
                        sized = withLimit(s, Duration.ofSeconds(Long.parseLong(opts.get("--limit-d"))));
                    } else if (s.name().equals("d") && results.containsKey("c") && results.get("c").wallMs != null) {
                        // (d) must finish within 12 x wall(c): allow 15 x, at least 5 and at most 30 minutes
                        long ms = (long) (results.get("c").wallMs * 15);
                        sized = withLimit(s, Duration.ofMillis(Math.max(300_000, Math.min(1_800_000, ms))));
                    }
                    Result r = new Result(sized);
                    results.put(s.name(), r);
                    runScenario(running, sized, r, seqN, work);
                    if (!running.alive()) break;
                }
            } catch (Exception | OutOfMemoryError e) {
                for (Scenario s : group) {
                    Result r = results.get(s.name());
                    if (!r.completed && r.outcome.equals("not run")) r.outcome = "did not complete: " + describe(e);
                }
                log("%s: %s", first.name(), describe(e));
            } finally {
                if (running != null) running.close();
            }
            for (Scenario s : group) {
                Result r = results.get(s.name());
                if (running != null) r.logSigns = running.logSigns();
                if (running != null && !r.completed && running.oom()) r.outcome = "did not complete: OutOfMemoryError (" + running.oomLine() + ")";
            }
        }

        ScaleResult scaled = null;
        if (scaleOut != null) {
            scaled = new ScaleResult(scaleOut);
            runScaleOut(app, out.resolve(scaleOut.name()), scaleOut, scaled);
        }

        String report = report(results, scaled, smoke);
        OUT.println();
        OUT.print(report);
        Files.writeString(out.resolve("report.md"), report);
        OUT.println();
        OUT.println("logs, GC logs and heap histograms: " + out);
        if (smoke) {
            List<String> problems = smokeProblems(results);
            if (scaled != null) problems.addAll(scaled.problems());
            OUT.println(problems.isEmpty() ? "SMOKE OK" : "SMOKE FAILED: " + String.join("; ", problems));
            System.exit(problems.isEmpty() ? 0 : 1);
        }
        System.exit(0);
    }

    static Scenario withLimit(Scenario s, Duration limit) {
        return new Scenario(s.name(), s.n(), s.c(), s.latencyMs(), s.xmx(), s.intake(), s.sequential(), s.baseline(), limit);
    }

    // ------------------------------------------------------------------------------------------------ one scenario

    static void runScenario(App app, Scenario s, Result r, Integer seqN, Path work) {
        long deadline = System.nanoTime() + s.limit().toNanos();
        log("scenario %s: N=%,d C=%d L=%d ms -Xmx%s via %s, time limit %d s", s.name(), s.n(), s.c(), s.latencyMs(),
                s.xmx(), s.intake(), s.limit().toSeconds());
        try {
            if (WARM_UP) {
                int n = WARM_UP_RECORDS;
                log("scenario %s: warm-up job of %,d records (not measured)", s.name(), n);
                app.post(csv(n), s.name() + "-warm-up", false, deadline);
            }
            Histogram before = app.histogram(work.resolve(s.name() + "-histogram-before.txt"));
            r.liveBeforeMb = before == null ? null : before.totalBytes / 1e6;
            app.histogramOnPressure(s.xmxBytes() <= 512L << 20 && s.n() >= 100_000 ? work.resolve(s.name() + "-histogram-pressure") : null);

            // the fan-out
            double cpuBefore = app.cpuSeconds();
            long[] machineBefore = machineCpu();
            app.phaseStart();
            Job job = s.intake() == Intake.POST
                    ? app.post(csv(s.n()), s.name(), false, deadline)
                    : app.dropFile(s.name(), s.n(), work, deadline);
            Phase p = app.phaseEnd();
            r.cpuS = app.cpuSeconds() - cpuBefore;
            r.machineBusy = busy(machineBefore, machineCpu());
            r.wallMs = job.e2eMs;
            r.jobWallMs = job.summary.path("wallMs").asLong();
            r.records = job.summary.path("records").asLong();
            r.verified = job.summary.path("verified").asLong();
            r.flagged = job.summary.path("flagged").asLong();
            r.failed = job.summary.path("failed").asLong();
            r.peakHeapMb = p.peakHeapMb;
            r.peakRssMb = p.peakRssMb;
            r.gcCount = p.gcCount;
            r.gcPauseMs = p.gcPauseMs;
            r.fullGcCount = p.fullGcCount;
            r.hwmMb = app.hwmMb();
            r.completed = true;
            String status = job.summary.path("status").asText();
            r.outcome = r.verified == s.n() ? "ok" : "completed " + status + ": " + r.verified + " of " + s.n() + " verified";
            log("scenario %s: %s in %.1f s end to end (job wallMs %d), peak heap %.0f MB, peak RSS %.0f MB, %d GCs %.0f ms",
                    s.name(), status, r.wallMs / 1000, r.jobWallMs, p.peakHeapMb, p.peakRssMb, p.gcCount, p.gcPauseMs);

            Histogram after = app.histogram(work.resolve(s.name() + "-histogram-after.txt"));
            if (after != null) {
                r.liveAfterMb = after.totalBytes / 1e6;
                r.histogramTop = after.top;
                r.histogramFile = work.relativize(work.resolve(s.name() + "-histogram-after.txt")).toString();
            }
        } catch (Exception | OutOfMemoryError e) {
            r.outcome = app.oom() ? "did not complete: OutOfMemoryError (" + app.oomLine() + ")" : "did not complete: " + describe(e);
            r.lastProgress = app.lastProgress();
            if (app.alive()) {
                Path dump = work.resolve(s.name() + "-threads-at-end.txt");
                if (app.jcmd(dump, "Thread.print")) r.threadDump = work.relativize(dump).toString();
            }
            r.peakHeapMb = app.phasePeakHeapMb();
            r.peakRssMb = app.phasePeakRssMb();
            Phase p = app.phaseEnd();
            r.gcCount = p.gcCount;
            r.gcPauseMs = p.gcPauseMs;
            r.fullGcCount = p.fullGcCount;
            if (!app.oom() && p.fullGcCount > 0 && p.peakHeapMb > 0.9 * s.xmxBytes() / (1 << 20)) {
                r.outcome += " (heap full: %d full GCs)".formatted(p.fullGcCount);
            }
            r.histogramFile = app.pressureHistogram();
            if (r.histogramFile != null) {
                Histogram h = Histogram.read(Path.of(r.histogramFile));
                if (h != null) {
                    r.histogramTop = h.top;
                    r.liveAfterMb = h.totalBytes / 1e6;
                }
                r.histogramFile = work.relativize(Path.of(r.histogramFile)).toString();
            }
            log("scenario %s: %s%s", s.name(), r.outcome, r.lastProgress == null ? "" : " (" + r.lastProgress + ")");
            return;
        }

        if (s.sequential()) {
            int n = seqN == null ? s.n() : Math.min(seqN, s.n());
            long seqDeadline = System.nanoTime() + Duration.ofMillis(Math.max(60_000, n * Math.max(1, s.latencyMs()) * 3)).toNanos();
            try {
                log("scenario %s: sequential run (concurrency=1) on %,d records, about %d s", s.name(), n, n * s.latencyMs() / 1000);
                Job seq = app.post(csv(n), s.name() + "-sequential", true, seqDeadline);
                r.seqN = n;
                r.seqWallMs = seq.e2eMs * ((double) s.n() / n);
                r.seqOutcome = seq.summary.path("verified").asLong() == n ? "ok" : "verified " + seq.summary.path("verified").asLong() + " of " + n;
            } catch (Exception e) {
                r.seqOutcome = "did not complete: " + describe(e);
            }
            log("scenario %s: sequential %s", s.name(), r.seqOutcome);
        }

        if (s.baseline()) {
            try {
                log("scenario %s: plain-Java baseline, %d threads", s.name(), s.c());
                if (WARM_UP) Baseline.run(WARM_UP_RECORDS, s.c(), app.demoPort, app.dbUrl, s.limit());
                double appCpuBefore = app.cpuSeconds(), ownCpuBefore = ownCpuSeconds();
                long[] machineBefore = machineCpu();
                Baseline.Outcome b = Baseline.run(s.n(), s.c(), app.demoPort, app.dbUrl, s.limit());
                r.baseCpuS = ownCpuSeconds() - ownCpuBefore;
                r.baseAppCpuS = app.cpuSeconds() - appCpuBefore;
                r.baseMachineBusy = busy(machineBefore, machineCpu());
                r.baseWallMs = b.wallMs();
                r.baseVerified = b.verified();
                r.baseOutcome = b.verified() == s.n() ? "ok" : b.verified() + " of " + s.n() + " verified, " + b.errors() + " errors";
            } catch (Exception e) {
                r.baseOutcome = "did not complete: " + describe(e);
            }
            log("scenario %s: baseline %s in %s s", s.name(), r.baseOutcome, r.baseWallMs == null ? "-" : "%.1f".formatted(r.baseWallMs / 1000));
        }
    }

    /** N valid records: Springfield IL 62704 and a unique e-mail each. */
    static String csv(int n) {
        StringBuilder b = new StringBuilder(n * 64).append("id,name,email,city,state,postal_code\n");
        for (int i = 1; i <= n; i++) {
            b.append(i).append(",Person ").append(i).append(",p").append(i).append("@example.com,Springfield,IL,62704\n");
        }
        return b.toString();
    }

    static void writeCsv(Path file, int n) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,name,email,city,state,postal_code\n");
            for (int i = 1; i <= n; i++) {
                w.write(i + ",Person " + i + ",p" + i + "@example.com,Springfield,IL,62704\n");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ the scale-out (e)

    /**
     * Scenario (e): N records, C per worker, checks answering after L ms, over the broker transport; the same job with
     * one worker, then with two. {@code warmUpRecords}: the warm-up job before the first measured one (0: none); the one
     * before the second is twice as large, so that the new worker, taking half of it, has verified as many records
     * before its first measured job as the first worker had before its own (a warm JIT in both).
     */
    record ScaleOut(String name, int n, int c, long latencyMs, int warmUpRecords, Duration jobLimit) {
        /** ceil(N / (C x workers)) x L: every worker verifying C records at once, each taking exactly L. */
        double idealMs(int workers) {
            return (double) ceilDiv(n, (long) c * workers) * latencyMs;
        }
    }

    /** One measured job of (e). */
    static final class Measured {
        final int workers;
        Double wallMs;
        Long jobWallMs, records, verified, flagged, failed;
        String status;
        /** Records each worker verified during the job (its counter after minus before). */
        long[] verifiedBy;
        final Map<String, Double> cpuSeconds = new LinkedHashMap<>();
        final Map<String, String> gc = new LinkedHashMap<>();
        Double machineBusy;
        String loadBefore, loadAfter;
        /** The most verdicts the workers had made that the coordinator had not yet counted (a sample every 250 ms); -1: not sampled. */
        long maxBacklog = -1;

        Measured(int workers) {
            this.workers = workers;
        }

        long verifiedByAll() {
            return verifiedBy == null ? 0 : Arrays.stream(verifiedBy).sum();
        }
    }

    /** What (e) measured. */
    static final class ScaleResult {
        final ScaleOut s;
        String outcome = "not run";
        Measured one, two;
        String lastProgress;
        final List<String> threadDumps = new ArrayList<>();
        final Map<String, Map<String, Long>> logSigns = new LinkedHashMap<>();
        final Map<String, Map<String, String>> warnings = new LinkedHashMap<>();

        ScaleResult(ScaleOut s) {
            this.s = s;
        }

        /** wall with one worker / wall with two: 2 is perfect scale-out. */
        Double ratio() {
            return one == null || two == null || one.wallMs == null || two.wallMs == null ? null : one.wallMs / two.wallMs;
        }

        /** What is wrong with the counts (empty when every job verified N records and the workers' counters add up). */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (one == null || two == null || two.wallMs == null) {
                problems.add(s.name() + ": " + outcome);
                return problems;
            }
            for (Measured m : List.of(one, two)) {
                String job = s.name() + " with " + m.workers + " worker(s)";
                if (m.verified == null || m.verified != s.n()) problems.add(job + ": " + m.status + ", " + m.verified + " of " + s.n() + " verified");
                if (m.verifiedByAll() != s.n()) {
                    problems.add(job + ": the workers' fanout_records_total{status=\"VERIFIED\"} rose by " + m.verifiedByAll() + ", not " + s.n());
                }
                for (int i = 0; i < m.verifiedBy.length; i++) {
                    if (m.verifiedBy[i] <= 0) problems.add(job + ": worker-" + (i + 1) + " verified none");
                }
            }
            return problems;
        }

        String targetLine() {
            String what = "(e) two workers >= 1.8 x one worker's throughput";
            Double ratio = ratio();
            if (ratio == null) return "- FAIL " + what + ": " + outcome + "\n";
            List<String> problems = problems();
            boolean ok = ratio >= 1.8 && problems.isEmpty();
            return "- " + (ok ? "PASS" : "FAIL") + " " + what + ": " + "%.2f".formatted(ratio)
                    + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")") + "\n";
        }

        String table() {
            StringBuilder b = new StringBuilder();
            b.append("| scale-out | N | C per worker | L ms | wall 1 worker s | ideal 1 worker s | wall 2 workers s | ideal 2 workers s | ratio | worker-1 share | worker-2 share | result |\n");
            b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
            Measured two = this.two;
            b.append("| ").append(s.name()).append(" | ").append("%,d".formatted(s.n())).append(" | ").append(s.c())
                    .append(" | ").append(s.latencyMs())
                    .append(" | ").append(one == null || one.wallMs == null ? "-" : sec(one.wallMs))
                    .append(" | ").append(sec(s.idealMs(1)))
                    .append(" | ").append(two == null || two.wallMs == null ? "-" : sec(two.wallMs))
                    .append(" | ").append(sec(s.idealMs(2)))
                    .append(" | ").append(ratio() == null ? "-" : "%.2f".formatted(ratio()))
                    .append(" | ").append(share(two, 0))
                    .append(" | ").append(share(two, 1))
                    .append(" | ").append(outcome).append(" |\n");
            b.append("\nscale-out: a coordinator (broker transport, embedded Artemis, the demo services, H2 in server mode) and worker\n")
                    .append("processes verifying C records at once each; the same N records posted with one worker, then with two;\n")
                    .append("wall: submission until NAME.summary.json exists (end to end); ideal: ceil(N / (C x workers)) x L;\n")
                    .append("ratio: wall with 1 worker / wall with 2 workers; share: the records each worker verified in the 2-worker job\n")
                    .append("(its fanout_records_total{status=\"VERIFIED\"} after the job minus before).\n");
            b.append("\nDetails of ").append(s.name()).append(":\n\n");
            for (Measured m : Arrays.asList(one, two)) {
                if (m == null) continue;
                b.append("- %d worker(s): %s, records %d, verified %d, flagged %d, failed %d; job wallMs %d; efficiency %.2f; verified per worker %s\n"
                        .formatted(m.workers, m.status, m.records, m.verified, m.flagged, m.failed, m.jobWallMs,
                                s.idealMs(m.workers) / m.wallMs, Arrays.toString(m.verifiedBy)));
                b.append("  CPU seconds during the job: ");
                m.cpuSeconds.forEach((who, cpu) -> b.append(who).append(" %.1f".formatted(cpu)).append(", "));
                b.append("the machine's %d cores %.0f %% busy; load average %s before, %s after\n".formatted(
                        Runtime.getRuntime().availableProcessors(), m.machineBusy == null ? Double.NaN : m.machineBusy * 100, m.loadBefore, m.loadAfter));
                b.append("  verdicts made by the workers but not yet counted by the coordinator: %s (%s-progress.tsv)\n"
                        .formatted(m.maxBacklog < 0 ? "not sampled" : "at most %,d".formatted(m.maxBacklog),
                                s.name() + "-" + m.workers + (m.workers == 1 ? "-worker" : "-workers")));
                b.append("  GC pauses during the job: ");
                b.append(String.join(", ", m.gc.entrySet().stream().map(en -> en.getKey() + " " + en.getValue()).toList())).append('\n');
            }
            if (lastProgress != null) b.append("- last progress: ").append(lastProgress).append('\n');
            if (!threadDumps.isEmpty()) b.append("- thread dumps when it was stopped: ").append(String.join(", ", threadDumps)).append('\n');
            logSigns.forEach((who, signs) -> signs.forEach((sign, count) ->
                    b.append("- %s/app.log has %,d line(s) with \"%s\"\n".formatted(who, count, sign))));
            warnings.forEach((who, lines) -> lines.forEach((level, what) ->
                    b.append("- %s/app.log %s: %s\n".formatted(who, level, what))));
            return b.toString();
        }

        String share(Measured m, int worker) {
            if (m == null || m.verifiedBy == null || worker >= m.verifiedBy.length) return "-";
            long all = m.verifiedByAll();
            return "%,d (%.0f %%)".formatted(m.verifiedBy[worker], all == 0 ? 0.0 : 100.0 * m.verifiedBy[worker] / all);
        }
    }

    /**
     * (e): starts the coordinator and one worker, runs a warm-up job and the measured job, starts the second worker,
     * a warm-up job and the measured job again; stops every process at the end, whatever happened.
     */
    static void runScaleOut(Path jar, Path work, ScaleOut s, ScaleResult r) {
        log("scenario %s: scale-out, N=%,d C=%d per worker L=%d ms, the same job with 1 then 2 workers, each job within %d s",
                s.name(), s.n(), s.c(), s.latencyMs(), s.jobLimit().toSeconds());
        List<App> procs = new ArrayList<>();
        App coordinator = null;
        String step = "starting the coordinator";
        try {
            Files.createDirectories(work);
            int demoPort = freePort();
            String brokerUrl = "tcp://127.0.0.1:" + freePort();
            Path coordinatorDir = work.resolve("coordinator");
            String dbUrl = "jdbc:h2:file:" + coordinatorDir.resolve("data/db/fanout") + ";AUTO_SERVER=TRUE";
            List<String> broker = List.of("-Dfanout.transport=broker", "-Dfanout.broker.url=" + brokerUrl);
            // the coordinator only sends the records to the broker: its pool as wide as both workers together
            coordinator = App.launch("coordinator", false, jar, coordinatorDir, "1g", 2 * s.c(), s.latencyMs(), demoPort, dbUrl,
                    concat(broker, "-Dfanout.role=coordinator", "-Dfanout.broker.embedded=true",
                            "-Dfanout.broker.data=" + coordinatorDir.resolve("data/artemis")));
            procs.add(coordinator);
            coordinator.watch(false);

            step = "starting worker-1";
            App one = startWorker(1, jar, work, s, demoPort, dbUrl, broker);
            procs.add(one);
            coordinator.companions.add(one);
            if (s.warmUpRecords() > 0) {
                step = "the warm-up job with 1 worker";
                warmUp(coordinator, s, s.name() + "-warm-up-1", s.warmUpRecords());
            }
            step = "the measured job with 1 worker";
            r.one = measure(coordinator, List.of(one), procs, s, s.name() + "-1-worker");

            step = "starting worker-2";
            App two = startWorker(2, jar, work, s, demoPort, dbUrl, broker);
            procs.add(two);
            coordinator.companions.add(two);
            if (s.warmUpRecords() > 0) {
                step = "the warm-up job with 2 workers";
                warmUp(coordinator, s, s.name() + "-warm-up-2", 2 * s.warmUpRecords());
            }
            step = "the measured job with 2 workers";
            r.two = measure(coordinator, List.of(one, two), procs, s, s.name() + "-2-workers");
            List<String> problems = r.problems();
            r.outcome = problems.isEmpty() ? "ok" : String.join("; ", problems);
            log("scenario %s: 1 worker %.1f s, 2 workers %.1f s, ratio %.2f, shares %s; %s", s.name(), r.one.wallMs / 1000,
                    r.two.wallMs / 1000, r.ratio(), Arrays.toString(r.two.verifiedBy), r.outcome);
        } catch (Exception | OutOfMemoryError e) {
            r.outcome = "did not complete: " + describe(e) + " (" + step + ")";
            if (coordinator != null) r.lastProgress = coordinator.lastProgress();
            for (App p : procs) {
                if (!p.alive()) continue;
                Path dump = work.resolve(p.name + "-threads-at-end.txt");
                if (p.jcmd(dump, "Thread.print")) r.threadDumps.add(work.relativize(dump).toString());
            }
            log("scenario %s: %s%s", s.name(), r.outcome, r.lastProgress == null ? "" : " (" + r.lastProgress + ")");
        } finally {
            // the workers first (they would reconnect to the coordinator's broker), at once; then the coordinator; and
            // a process that never answered at its start (still in RUNNING, not in procs)
            List<App> workers = procs.stream().filter(p -> p.worker).toList();
            CompletableFuture.allOf(workers.stream().map(p -> CompletableFuture.runAsync(p::close)).toArray(CompletableFuture[]::new)).join();
            if (coordinator != null) coordinator.close();
            RUNNING.stream().filter(p -> p.work.startsWith(work)).forEach(App::close);
            for (App p : procs) {
                Map<String, Long> signs = p.logSigns();
                if (!signs.isEmpty()) r.logSigns.put(p.name, signs);
                Map<String, String> warnings = p.warnings();
                if (!warnings.isEmpty()) r.warnings.put(p.name, warnings);
            }
        }
    }

    static App startWorker(int i, Path jar, Path work, ScaleOut s, int demoPort, String dbUrl, List<String> broker) throws Exception {
        App w = App.launch("worker-" + i, true, jar, work.resolve("worker-" + i), "512m", s.c(), s.latencyMs(), demoPort, dbUrl,
                concat(broker, "-Dfanout.role=worker"));
        w.watch(false);
        return w;
    }

    static void warmUp(App coordinator, ScaleOut s, String name, int n) throws Exception {
        log("scenario %s: warm-up job %s of %,d records (not measured)", s.name(), name, n);
        Job job = coordinator.post(csv(n), name, false, System.nanoTime() + s.jobLimit().toNanos());
        long verified = job.summary.path("verified").asLong();
        if (verified != n) {
            throw new IllegalStateException("warm-up job " + name + " ended " + job.summary.path("status").asText() + ": "
                    + verified + " of " + n + " verified");
        }
    }

    /** One measured job: the same N records, posted with ?wait=true; each worker's share from its counter's rise. */
    static Measured measure(App coordinator, List<App> workers, List<App> procs, ScaleOut s, String name) throws Exception {
        Measured m = new Measured(workers.size());
        log("scenario %s: measured job %s, %d worker(s) x %d, ideal %.1f s", s.name(), name, workers.size(), s.c(), s.idealMs(workers.size()) / 1000);
        long[] before = new long[workers.size()];
        for (int i = 0; i < before.length; i++) before[i] = workers.get(i).verifiedCount();
        Map<App, Double> cpuBefore = new LinkedHashMap<>();
        procs.forEach(p -> cpuBefore.put(p, p.cpuSeconds()));
        procs.forEach(App::phaseStart);
        long[] machineBefore = machineCpu();
        m.loadBefore = loadAverage();

        // every 250 ms: the job's done count at the coordinator and each worker's count, into NAME-progress.tsv
        Sampler sampler = new Sampler(coordinator, workers, before, name);
        Thread sampling = new Thread(sampler, "bench-sample");
        sampling.setDaemon(true);
        sampling.start();
        Job job;
        try {
            job = coordinator.post(csv(s.n()), name, false, System.nanoTime() + s.jobLimit().toNanos());
        } finally {
            sampler.stop = true;
            sampling.join(5_000);
            sampler.write(coordinator.work.getParent().resolve(name + "-progress.tsv"));
        }
        m.maxBacklog = sampler.maxBacklog;

        long[] machineAfter = machineCpu();
        m.loadAfter = loadAverage();
        procs.forEach(p -> m.cpuSeconds.put(p.name, p.cpuSeconds() - cpuBefore.get(p)));
        for (App p : procs) {
            Phase phase = p.phaseEnd();
            m.gc.put(p.name, "%d (%.0f ms)".formatted(phase.gcCount(), phase.gcPauseMs()));
        }
        m.machineBusy = busy(machineBefore, machineAfter);
        m.verifiedBy = new long[workers.size()];
        for (int i = 0; i < before.length; i++) m.verifiedBy[i] = workers.get(i).verifiedCount() - before[i];
        m.wallMs = job.e2eMs;
        m.jobWallMs = job.summary.path("wallMs").asLong();
        m.records = job.summary.path("records").asLong();
        m.verified = job.summary.path("verified").asLong();
        m.flagged = job.summary.path("flagged").asLong();
        m.failed = job.summary.path("failed").asLong();
        m.status = job.summary.path("status").asText();
        log("scenario %s: %s %s in %.1f s end to end (job wallMs %d, ideal %.1f s), verified %d, per worker %s; CPU s %s",
                s.name(), name, m.status, m.wallMs / 1000, m.jobWallMs, s.idealMs(workers.size()) / 1000, m.verified,
                Arrays.toString(m.verifiedBy), m.cpuSeconds.entrySet().stream().map(en -> en.getKey() + " %.1f".formatted(en.getValue())).toList());
        return m;
    }

    /**
     * Samples a running job of (e) every 250 ms: the job's done count (GET /api/jobs on the coordinator) and each
     * worker's verified count (its metrics); the workers' counts ahead of the coordinator's are verdicts on their way to
     * (or waiting at) the fan-in.
     */
    static final class Sampler implements Runnable {
        final App coordinator;
        final List<App> workers;
        final long[] before;
        final String job;
        final List<String> rows = new ArrayList<>();
        volatile boolean stop;
        /** -1 until a sample found the job at the coordinator. */
        volatile long maxBacklog = -1;

        Sampler(App coordinator, List<App> workers, long[] before, String job) {
            this.coordinator = coordinator;
            this.workers = workers;
            this.before = before;
            this.job = job;
        }

        @Override
        public void run() {
            long t0 = System.nanoTime();
            while (!stop) {
                try {
                    long done = -1;
                    HttpResponse<String> r = coordinator.http.send(HttpRequest.newBuilder(coordinator.uri("/api/jobs")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    for (JsonNode j : JSON.readTree(r.body())) {
                        if (job.equals(j.path("label").asText())) done = j.path("done").asLong();
                    }
                    long byWorkers = 0;
                    StringBuilder row = new StringBuilder("%.2f\t%d".formatted((System.nanoTime() - t0) / 1e9, done));
                    for (int i = 0; i < workers.size(); i++) {
                        long v = workers.get(i).verifiedCount() - before[i];
                        byWorkers += v;
                        row.append('\t').append(v);
                    }
                    if (done >= 0) maxBacklog = Math.max(maxBacklog, byWorkers - done);
                    synchronized (rows) {
                        rows.add(row.toString());
                    }
                } catch (Exception e) {
                    // busy or not there yet: the next sample
                }
                sleep(250);
            }
        }

        void write(Path file) {
            StringBuilder b = new StringBuilder("seconds\tdone at the coordinator");
            for (App w : workers) b.append('\t').append(w.name).append(" verified");
            b.append('\n');
            synchronized (rows) {
                rows.forEach(row -> b.append(row).append('\n'));
            }
            try {
                Files.writeString(file, b.toString());
            } catch (IOException e) {
                log("could not write %s: %s", file, e);
            }
        }
    }

    /** The cores' busy share between two {@link #machineCpu()} readings; null when unknown. */
    static Double busy(long[] before, long[] after) {
        return before == null || after == null || after[1] <= before[1] ? null : (double) (after[0] - before[0]) / (after[1] - before[1]);
    }

    /** CPU seconds this JVM (the harness, and the baseline in it) has used. */
    static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /** {busy, total} jiffies of all cores from /proc/stat; null when unreadable. */
    static long[] machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) total += Long.parseLong(f[i]); // user .. steal (guest is in user)
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (Exception e) {
            return null;
        }
    }

    /** The 1, 5 and 15 minute load averages, from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static List<String> concat(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(Arrays.asList(more));
        return all;
    }

    // ------------------------------------------------------------------------------------------------ the report

    static String report(Map<String, Result> results, ScaleResult scaled, boolean smoke) {
        StringBuilder b = new StringBuilder();
        if (!results.isEmpty()) b.append(table(results));
        if (scaled != null) b.append(results.isEmpty() ? "" : "\n").append(scaled.table());
        if (!smoke) b.append('\n').append(targets(results, scaled));
        return b.toString();
    }

    static String table(Map<String, Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | N | C | L ms | wall s | ideal s | efficiency | sequential s | speed-up | records/s | baseline records/s | vs baseline | peak heap MB | peak RSS MB | result |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Result r : results.values()) {
            Scenario s = r.s;
            String seq = r.seqWallMs == null ? (s.sequential() && r.seqOutcome != null ? "failed" : "-")
                    : sec(r.seqWallMs) + (r.seqN != null && r.seqN < s.n() ? " (from N=" + r.seqN + ")" : "");
            b.append("| ").append(s.name()).append(" | ").append("%,d".formatted(s.n())).append(" | ").append(s.c())
                    .append(" | ").append(s.latencyMs())
                    .append(" | ").append(r.wallMs == null ? "-" : sec(r.wallMs))
                    .append(" | ").append(r.idealMs() == null ? "0 (L=0)" : sec(r.idealMs()))
                    .append(" | ").append(r.efficiency() == null ? (s.latencyMs() == 0 ? "n/a" : "-") : "%.2f".formatted(r.efficiency()))
                    .append(" | ").append(seq)
                    .append(" | ").append(r.speedup() == null ? "-" : "%.1f".formatted(r.speedup()))
                    .append(" | ").append(r.recordsPerSecond() == null ? "-" : "%,.0f".formatted(r.recordsPerSecond()))
                    .append(" | ").append(r.baseRecordsPerSecond() == null ? "-" : "%,.0f".formatted(r.baseRecordsPerSecond()))
                    .append(" | ").append(r.vsBaseline() == null ? "-" : "%.2fx".formatted(r.vsBaseline()))
                    .append(" | ").append(r.peakHeapMb == null ? "-" : "%.0f / %s".formatted(r.peakHeapMb, s.xmx()))
                    .append(" | ").append(r.peakRssMb == null ? "-" : "%.0f".formatted(r.peakRssMb))
                    .append(" | ").append(r.outcome).append(" |\n");
        }
        b.append("\nwall: submission until NAME.summary.json exists (end to end); ideal: ceil(N/C) x L; efficiency: ideal / wall;\n")
                .append("speed-up: sequential (?concurrency=1, same records) / wall; records/s: N / wall; vs baseline: records/s / baseline records/s\n")
                .append("(the plain-Java ExecutorService baseline of C threads, same demo services and database, run right after in the same app);\n")
                .append("peak heap: the most heap in use during the job (jstat every 250 ms and the GC log's before-GC sizes), of -Xmx;\n")
                .append("peak RSS: the most resident memory of the application process during the job (/proc/PID/status VmRSS every 250 ms).\n");

        b.append("\nDetails:\n\n");
        for (Result r : results.values()) {
            Scenario s = r.s;
            b.append("- ").append(s.name()).append(": ");
            if (r.completed) {
                b.append("records %d, verified %d, flagged %d, failed %d; job wallMs %d (excludes writing the report); "
                        .formatted(r.records, r.verified, r.flagged, r.failed, r.jobWallMs));
            }
            b.append("%d GC pauses (%d full), %.0f ms in all".formatted(r.gcCount, r.fullGcCount, r.gcPauseMs));
            if (r.hwmMb != null) b.append("; lifetime VmHWM %d MB".formatted(r.hwmMb));
            if (r.cpuS != null && r.completed) {
                b.append("; CPU %.1f s (%.2f ms a record)%s".formatted(r.cpuS, r.cpuS * 1000 / s.n(),
                        r.machineBusy == null ? "" : ", the machine's %d cores %.0f %% busy".formatted(Runtime.getRuntime().availableProcessors(), 100 * r.machineBusy)));
            }
            if (r.liveBeforeMb != null && r.liveAfterMb != null && r.completed) {
                b.append("; live heap before the job %.1f MB, after it %.1f MB (%.0f bytes per record retained)"
                        .formatted(r.liveBeforeMb, r.liveAfterMb, (r.liveAfterMb - r.liveBeforeMb) * 1e6 / s.n()));
            } else if (r.liveAfterMb != null) {
                b.append("; live heap at the last histogram %.1f MB".formatted(r.liveAfterMb));
            }
            if (r.lastProgress != null) b.append("; last progress: ").append(r.lastProgress);
            if (r.threadDump != null) b.append("; thread dump when it was stopped: ").append(r.threadDump);
            r.logSigns.forEach((sign, count) -> b.append("; app.log has %,d line(s) with \"%s\"".formatted(count, sign)));
            if (r.seqOutcome != null) b.append("; sequential: ").append(r.seqOutcome);
            if (r.baseOutcome != null) {
                b.append("; baseline: ").append(r.baseOutcome);
                if (r.baseWallMs != null) b.append(" in ").append(sec(r.baseWallMs)).append(" s");
                if (r.baseCpuS != null && r.baseWallMs != null) {
                    b.append(", CPU %.1f s its own + %.1f s the application's serving it (%.2f ms a record)%s".formatted(r.baseCpuS,
                            r.baseAppCpuS, (r.baseCpuS + r.baseAppCpuS) * 1000 / s.n(), r.baseMachineBusy == null ? ""
                                    : ", the cores %.0f %% busy".formatted(100 * r.baseMachineBusy)));
                }
            }
            b.append('\n');
            if (!r.histogramTop.isEmpty()) {
                b.append("  heap histogram (").append(r.completed ? "live objects after the job" : "live objects near the peak")
                        .append(", ").append(r.histogramFile).append("):\n");
                r.histogramTop.stream().limit(10).forEach(line -> b.append("      ").append(line).append('\n'));
            }
        }
        return b.toString();
    }

    static String targets(Map<String, Result> results, ScaleResult e) {
        StringBuilder b = new StringBuilder("Targets:\n\n");
        Result a = results.get("a"), bb = results.get("b"), c = results.get("c"), d = results.get("d");
        if (a != null) {
            b.append(line("(a) efficiency >= 0.85", a.efficiency(), v -> v >= 0.85, "%.2f", a));
            b.append(line("(a) speed-up >= 0.8 x C = %.0f".formatted(0.8 * a.s.c()), a.speedup(), v -> v >= 0.8 * a.s.c(), "%.1f", a));
        }
        if (bb != null) {
            b.append(line("(b) efficiency >= 0.9", bb.efficiency(), v -> v >= 0.9, "%.2f", bb));
            b.append(machineCeiling(bb, c));
        }
        if (c != null) b.append(line("(c) throughput >= 0.5 x the baseline's", c.vsBaseline(), v -> v >= 0.5, "%.2fx", c));
        if (d != null) {
            if (!d.completed) {
                b.append("- FAIL (d) completes with heap <= 256 MB and wall(d)/wall(c) <= 12: ").append(d.outcome).append('\n');
            } else {
                boolean heapOk = d.peakHeapMb != null && d.peakHeapMb <= 256;
                Double ratio = c != null && c.wallMs != null ? d.wallMs / c.wallMs : null;
                boolean ok = heapOk && ratio != null && ratio <= 12 && "ok".equals(d.outcome);
                b.append("- ").append(ok ? "PASS" : "FAIL").append(" (d) completes with heap <= 256 MB and wall(d)/wall(c) <= 12: ")
                        .append(d.outcome).append(", peak heap %.0f MB, wall(d)/wall(c) = %s\n".formatted(d.peakHeapMb,
                                ratio == null ? "n/a (c not measured)" : "%.1f".formatted(ratio)));
            }
        }
        if (e != null) b.append(e.targetLine());
        return b.toString();
    }

    /**
     * What this machine allows (b) at most: its ideal asks for N / ideal records a second, and with no latency at all
     * (scenario c, C = 64, L = 0) the plain-Java baseline and the pipeline did no more than their (c) throughput, all
     * cores busy: with latency added a record costs no less CPU, so (b)'s efficiency here, on this JVM, cannot pass those ratios.
     * The same bound from (b)'s own CPU: the CPU seconds a record cost (the calls' serving included, in the application)
     * spread over every core.
     */
    static String machineCeiling(Result b, Result c) {
        if (b.s.latencyMs() == 0) return "";
        double asked = b.s.n() * 1000.0 / ((double) Math.ceil(b.s.n() / (double) b.s.c()) * b.s.latencyMs());
        StringBuilder out = new StringBuilder();
        if (c != null && c.recordsPerSecond() != null && c.baseRecordsPerSecond() != null) {
            out.append("  (b) asks for %,.0f records/s; with no latency at all (c) this machine did %,.0f (plain Java) and %,.0f (fanout):%n"
                    .formatted(asked, c.baseRecordsPerSecond(), c.recordsPerSecond()))
                    .append("  so on this machine and JVM (b)'s efficiency cannot pass %.2f, even for the baseline (fanout at its (c) cost: %.2f)%n"
                    .formatted(c.baseRecordsPerSecond() / asked, c.recordsPerSecond() / asked));
        }
        // the same bound from the CPU each record cost in (b) itself: every core busy, no more records a second than that
        int cores = Runtime.getRuntime().availableProcessors();
        if (b.cpuS != null && b.completed) {
            double perRecord = b.cpuS / b.s.n();
            out.append("  (b) cost fanout %.2f ms of CPU a record (calls served included): %d cores allow at most %,.0f records/s, efficiency %.2f%n"
                    .formatted(perRecord * 1000, cores, cores / perRecord, Math.min(1, cores / perRecord / asked)));
        }
        if (b.baseCpuS != null && b.baseWallMs != null) {
            double perRecord = (b.baseCpuS + b.baseAppCpuS) / b.s.n();
            out.append("  (b) cost the baseline %.2f ms of CPU a record (calls served included): at most %,.0f records/s, efficiency %.2f%n"
                    .formatted(perRecord * 1000, cores / perRecord, Math.min(1, cores / perRecord / asked)));
        }
        return out.toString();
    }

    static String line(String what, Double value, java.util.function.DoublePredicate ok, String format, Result r) {
        if (value == null) {
            String why = !r.completed ? r.outcome : r.baseOutcome != null && r.baseWallMs == null ? "baseline " + r.baseOutcome
                    : r.seqOutcome != null && r.seqWallMs == null ? "sequential " + r.seqOutcome : "not measured";
            return "- FAIL " + what + ": " + why + "\n";
        }
        return "- " + (ok.test(value) ? "PASS" : "FAIL") + " " + what + ": " + format.formatted(value) + "\n";
    }

    static List<String> smokeProblems(Map<String, Result> results) {
        List<String> problems = new ArrayList<>();
        for (Result r : results.values()) {
            if (!r.completed || !"ok".equals(r.outcome)) problems.add(r.s.name() + ": " + r.outcome);
            if (r.s.sequential() && !"ok".equals(r.seqOutcome)) problems.add(r.s.name() + " sequential: " + r.seqOutcome);
            if (r.s.baseline() && !"ok".equals(r.baseOutcome)) problems.add(r.s.name() + " baseline: " + r.baseOutcome);
            if (r.peakHeapMb == null || r.peakHeapMb <= 0) problems.add(r.s.name() + ": no heap measured");
            if (r.peakRssMb == null || r.peakRssMb <= 0) problems.add(r.s.name() + ": no RSS measured");
        }
        return problems;
    }

    // ------------------------------------------------------------------------------------------------ the application

    record Job(String id, JsonNode summary, double e2eMs) {
    }

    record Phase(double peakHeapMb, double peakRssMb, int gcCount, double gcPauseMs, int fullGcCount) {
    }

    /** The application as a child process, with its heap and RSS watched. */
    static final class App implements AutoCloseable {
        final String name;
        /** A worker of the broker transport: no jobs API (ready when its health check answers), no job progress to poll. */
        final boolean worker;
        final Process process;
        final Path work, gcLog, log;
        /** Processes the jobs of this one need (the workers of a coordinator): a job waited for fails when one exits. */
        final List<App> companions = new CopyOnWriteArrayList<>();
        final int httpPort, demoPort, managementPort;
        final String dbUrl;
        final long xmxBytes;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        final AtomicLong phaseHeapKb = new AtomicLong(), phaseRssKb = new AtomicLong();
        final ExecutorService watchers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-watch");
            t.setDaemon(true);
            return t;
        });
        volatile Process jstat;
        volatile boolean closed;
        volatile double phaseStartUptime;
        volatile Path pressureDir;
        final AtomicReference<String> pressureHistogram = new AtomicReference<>();
        final Set<Integer> pressureTaken = Collections.synchronizedSet(new LinkedHashSet<>());
        final AtomicReference<String> progress = new AtomicReference<>();

        private App(String name, boolean worker, Process process, Path work, int httpPort, int demoPort, int managementPort, String dbUrl,
                    long xmxBytes) {
            this.name = name;
            this.worker = worker;
            this.process = process;
            this.work = work;
            this.gcLog = work.resolve("gc.log");
            this.log = work.resolve("app.log");
            this.httpPort = httpPort;
            this.demoPort = demoPort;
            this.managementPort = managementPort;
            this.dbUrl = dbUrl;
            this.xmxBytes = xmxBytes;
        }

        static App start(Path jar, Path work, Scenario s) throws Exception {
            App app = launch("app", false, jar, work, s.xmx(), s.c(), s.latencyMs(), freePort(),
                    "jdbc:h2:file:" + work.resolve("data/db/fanout") + ";AUTO_SERVER=TRUE", List.of());
            app.watch(true);
            return app;
        }

        /**
         * Starts {@code java -Xmx... -jar fanout.jar} in {@code work} (its log app.log, its GC log gc.log there), with free
         * HTTP and management ports, and waits until it answers: the jobs API, or a worker's health check.
         * {@code roleOpts} come after the common options (empty for scenarios a-d).
         */
        static App launch(String name, boolean worker, Path jar, Path work, String xmx, int c, long latencyMs, int demoPort,
                          String dbUrl, List<String> roleOpts) throws Exception {
            Files.createDirectories(work);
            int httpPort = freePort(), managementPort = freePort();
            List<String> cmd = new ArrayList<>(List.of(tool("java"), "-Xmx" + xmx,
                    "-Xlog:gc:file=" + work.resolve("gc.log") + ":uptime,level,tags",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Dfanout.concurrency=" + c,
                    "-Dfanout.demo.latency-ms=" + latencyMs,
                    "-Dfanout.http.port=" + httpPort,
                    "-Dfanout.demo.port=" + demoPort,
                    "-Dfanout.management.port=" + managementPort,
                    "-Dfanout.db.url=" + dbUrl,
                    "-Dfanout.http.wait-timeout=" + Duration.ofMinutes(30).toMillis(),
                    "-Dfanout.max-records-per-job=2000000",
                    "-Dfanout.http.max-body-bytes=" + (32L << 20),
                    "-Dfanout.inbox.read-lock-interval=100"));
            cmd.addAll(roleOpts);
            cmd.addAll(EXTRA_APP_OPTS);
            cmd.addAll(List.of("-jar", jar.toString()));
            Files.writeString(work.resolve("command.txt"), String.join(" ", cmd) + "\n");
            Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("app.log").toFile()).start();
            App app = new App(name, worker, p, work, httpPort, demoPort, managementPort, dbUrl, parseSize(xmx));
            RUNNING.add(app);
            log("%s pid %d (C=%d, L=%d ms, -Xmx%s), ports http %d demo %d management %d, in %s", name, p.pid(), c, latencyMs,
                    xmx, httpPort, demoPort, managementPort, work);
            long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            URI ready = worker ? app.managementUri("/observe/health/live") : app.uri("/api/jobs");
            while (true) {
                if (!p.isAlive()) throw new IllegalStateException(app.who() + " exited at start (code " + p.exitValue() + "), see " + app.log);
                try {
                    HttpResponse<String> r = app.http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) break;
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > until) throw new IllegalStateException(app.who() + " did not answer within 120 s, see " + app.log);
                Thread.sleep(200);
            }
            return app;
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + httpPort + path);
        }

        /** "the application" (scenarios a-d), "the coordinator", "the worker-1". */
        String who() {
            return name.equals("app") ? "the application" : "the " + name;
        }

        URI managementUri(String path) {
            return URI.create("http://127.0.0.1:" + managementPort + path);
        }

        /** The records this process verified so far: the sum of its fanout_records_total{...,status="VERIFIED"} lines. */
        long verifiedCount() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(managementUri("/observe/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException(name + ": /observe/metrics answered " + r.statusCode());
            return Math.round(r.body().lines().filter(l -> l.startsWith("fanout_records_total{") && l.contains("status=\"VERIFIED\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
        }

        /** CPU time (user + system, all threads) the process used since it started, in seconds; 0 when unknown. */
        double cpuSeconds() {
            return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0);
        }

        /** The WARN and ERROR lines of the log: how many of each level, and its three most frequent messages (ids elided). */
        Map<String, String> warnings() {
            Pattern level = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN|ERROR)\\s+\\[[^\\]]*\\] (.*)$");
            Map<String, Map<String, Long>> messages = new LinkedHashMap<>();
            try (var lines = Files.lines(log)) {
                lines.forEach(l -> {
                    Matcher m = level.matcher(l);
                    if (!m.find()) return;
                    String text = m.group(2).replaceAll("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4,12}){1,4}", "...");
                    if (text.length() > 200) text = text.substring(0, 200) + "...";
                    messages.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).merge(text, 1L, Long::sum);
                });
            } catch (Exception e) {
                // no log
            }
            Map<String, String> out = new LinkedHashMap<>();
            messages.forEach((lvl, counts) -> out.put(lvl, "%,d line(s); %s".formatted(counts.values().stream().mapToLong(Long::longValue).sum(),
                    String.join("; ", counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                            .map(en -> en.getValue() + " x \"" + en.getKey() + "\"").toList()))));
            return out;
        }

        boolean alive() {
            return process.isAlive();
        }

        /** Heap from jstat every 250 ms (when {@code heap}), RSS from /proc every 250 ms, and the job progress every second (not a worker's). */
        void watch(boolean heap) {
            if (heap) watchers.submit(() -> {
                while (!closed && process.isAlive()) {
                    try {
                        jstat = new ProcessBuilder(tool("jstat"), "-gc", Long.toString(process.pid()), "250").redirectErrorStream(true).start();
                        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                            String[] header = null;
                            for (String line; (line = in.readLine()) != null; ) {
                                String[] cols = line.trim().split("\\s+");
                                if (cols.length > 0 && cols[0].equals("S0C")) {
                                    header = cols;
                                    continue;
                                }
                                if (header == null || cols.length != header.length) continue;
                                Map<String, Double> v = new LinkedHashMap<>();
                                for (int i = 0; i < cols.length; i++) v.put(header[i], parseDouble(cols[i]));
                                long usedKb = (long) (v.getOrDefault("S0U", 0.0) + v.getOrDefault("S1U", 0.0) + v.getOrDefault("EU", 0.0) + v.getOrDefault("OU", 0.0));
                                phaseHeapKb.accumulateAndGet(usedKb, Math::max);
                                onPressure(v.getOrDefault("OU", 0.0) * 1024 / xmxBytes);
                            }
                        }
                    } catch (Exception e) {
                        // jstat could not attach (yet): try again
                    }
                    sleep(500);
                }
            });
            watchers.submit(() -> {
                while (!closed && process.isAlive()) {
                    Long rss = status("VmRSS");
                    if (rss != null) phaseRssKb.accumulateAndGet(rss, Math::max);
                    sleep(250);
                }
            });
            if (!worker) watchers.submit(() -> {
                while (!closed && process.isAlive()) {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/jobs")).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        JsonNode jobs = JSON.readTree(r.body());
                        if (jobs.size() > 0) {
                            JsonNode j = jobs.get(0);
                            progress.set("job %s %s: %d of %d records done (%d verified) after %.1f s".formatted(j.path("name").asText(),
                                    j.path("status").asText(), j.path("done").asLong(), j.path("records").asLong(), j.path("verified").asLong(),
                                    j.path("elapsedMs").asLong() / 1000.0));
                        }
                    } catch (Exception e) {
                        // busy or gone: keep the last one
                    }
                    sleep(1000);
                }
            });
        }

        /** Under memory pressure (old generation over 60, 75, 90 % of -Xmx), keeps a class histogram of the live heap. */
        void onPressure(double oldFraction) {
            Path dir = pressureDir;
            if (dir == null) return;
            for (int level : new int[] {60, 75, 90}) {
                if (oldFraction * 100 >= level && pressureTaken.add(level)) {
                    watchers.submit(() -> {
                        Path file = dir.resolveSibling(dir.getFileName() + "-" + level + ".txt");
                        Histogram h = histogram(file);
                        if (h != null) {
                            pressureHistogram.set(file.toString());
                            log("heap over %d %% of -Xmx: class histogram (live %.0f MB) in %s", level, h.totalBytes / 1e6, file);
                        }
                    });
                }
            }
        }

        void histogramOnPressure(Path dir) {
            pressureDir = dir;
            pressureTaken.clear();
        }

        String pressureHistogram() {
            return pressureHistogram.get();
        }

        /** jcmd GC.class_histogram (a full GC first, so live objects only), kept in {@code file}; null if it could not be taken. */
        Histogram histogram(Path file) {
            return jcmd(file, "GC.class_histogram") ? Histogram.read(file) : null;
        }

        /** Runs jcmd PID COMMAND into {@code file}; false if it could not. */
        boolean jcmd(Path file, String command) {
            if (!process.isAlive()) return false;
            try {
                Process jcmd = new ProcessBuilder(tool("jcmd"), Long.toString(process.pid()), command)
                        .redirectErrorStream(true).redirectOutput(file.toFile()).start();
                if (!jcmd.waitFor(120, TimeUnit.SECONDS)) {
                    jcmd.destroyForcibly();
                    return false;
                }
                return jcmd.exitValue() == 0;
            } catch (Exception e) {
                return false;
            }
        }

        void phaseStart() {
            phaseHeapKb.set(0);
            phaseRssKb.set(0);
            phaseStartUptime = uptimeSeconds();
        }

        double phasePeakHeapMb() {
            return Math.max(phaseHeapKb.get() / 1024.0, gcSince(phaseStartUptime).peakBeforeMb);
        }

        double phasePeakRssMb() {
            return phaseRssKb.get() / 1024.0;
        }

        Phase phaseEnd() {
            GcStats gc = gcSince(phaseStartUptime);
            return new Phase(Math.max(phaseHeapKb.get() / 1024.0, gc.peakBeforeMb), phaseRssKb.get() / 1024.0, gc.count, gc.pauseMs, gc.fullCount);
        }

        double uptimeSeconds() {
            return process.info().startInstant().map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0).orElse(0.0);
        }

        record GcStats(double peakBeforeMb, int count, double pauseMs, int fullCount) {
        }

        static final Pattern GC_LINE = Pattern.compile("^\\[(\\d+[.,]\\d+)s\\].*GC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) (\\d+[.,]\\d+)ms");

        /** From the GC log: the most heap in use before a collection, how many pauses and how long, since {@code uptime}. */
        GcStats gcSince(double uptime) {
            double peak = 0, pause = 0;
            int count = 0, full = 0;
            try {
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher m = GC_LINE.matcher(line);
                    if (!m.find() || parseDouble(m.group(1)) < uptime - 0.5) continue;
                    peak = Math.max(peak, mb(m.group(2), m.group(3)));
                    pause += parseDouble(m.group(8));
                    count++;
                    if (line.contains("Pause Full")) full++;
                }
            } catch (IOException e) {
                // no log yet
            }
            return new GcStats(peak, count, pause, full);
        }

        static double mb(String value, String unit) {
            double v = Double.parseDouble(value);
            return switch (unit) {
                case "K" -> v / 1024;
                case "G" -> v * 1024;
                default -> v;
            };
        }

        Long status(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            } catch (Exception e) {
                // gone
            }
            return null;
        }

        Long hwmMb() {
            Long kb = status("VmHWM");
            return kb == null ? null : kb / 1024;
        }

        boolean oom() {
            return oomLine() != null;
        }

        String oomLine() {
            try {
                return Files.readAllLines(log).stream().filter(l -> l.contains("OutOfMemoryError")).findFirst()
                        .map(l -> l.replaceAll(".*(java\\.lang\\.)?OutOfMemoryError:?\\s*", "").trim())
                        .map(l -> l.isEmpty() ? "OutOfMemoryError" : l).orElse(null);
            } catch (IOException e) {
                return null;
            }
        }

        /** How many lines of the log (not of a stack trace) carry each of {@link #LOG_SIGNS}. */
        Map<String, Long> logSigns() {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (var lines = Files.lines(log)) {
                lines.filter(l -> !l.startsWith("java.") && !l.startsWith("\t") && !l.startsWith(" ")).forEach(l -> {
                    for (String sign : LOG_SIGNS) if (l.contains(sign)) counts.merge(sign, 1L, Long::sum);
                });
            } catch (Exception e) {
                // no log
            }
            return counts;
        }

        String lastProgress() {
            return progress.get();
        }

        /** POST /api/jobs?wait=true; end to end until job-ID.summary.json exists in the outbox. */
        Job post(String csv, String name, boolean oneAtATime, long deadlineNanos) throws Exception {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/jobs?wait=true&name=" + name + (oneAtATime ? "&concurrency=1" : "")))
                    .timeout(Duration.ofNanos(Math.max(1, deadlineNanos - t0)))
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 && r.statusCode() != 202) throw new IllegalStateException("POST /api/jobs answered " + r.statusCode() + ": " + r.body());
            String id = JSON.readTree(r.body()).path("job").asText();
            Path summary = work.resolve("data/outbox/job-" + id + ".summary.json");
            long done = awaitFile(summary, deadlineNanos);
            return new Job(id, JSON.readTree(summary.toFile()), (done - t0) / 1e6);
        }

        /** Drops NAME.csv into the inbox (written beside it, then moved in at once); end to end until NAME.summary.json exists. */
        Job dropFile(String name, int n, Path work, long deadlineNanos) throws Exception {
            Path inbox = work.resolve("data/inbox");
            Files.createDirectories(inbox);
            Path staged = work.resolve("data/" + name + ".csv");
            writeCsv(staged, n);
            log("dropping %s (%,d records, %.1f MB) into the inbox", staged.getFileName(), n, Files.size(staged) / 1e6);
            long t0 = System.nanoTime();
            Files.move(staged, inbox.resolve(name + ".csv"), StandardCopyOption.ATOMIC_MOVE);
            Path summary = work.resolve("data/outbox/" + name + ".summary.json");
            long done = awaitFile(summary, deadlineNanos);
            return new Job(name, JSON.readTree(summary.toFile()), (done - t0) / 1e6);
        }

        long awaitFile(Path file, long deadlineNanos) throws Exception {
            while (!Files.exists(file)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(oom() ? "OutOfMemoryError (" + oomLine() + ")" : "the application exited (code " + process.exitValue() + ")");
                }
                for (App other : companions) {
                    if (!other.alive()) {
                        throw new IllegalStateException(other.who() + " exited (code " + other.process.exitValue() + ")"
                                + (other.oom() ? ": OutOfMemoryError" : "") + ", see " + other.log);
                    }
                }
                if (System.nanoTime() > deadlineNanos) throw new TimeLimit();
                Thread.sleep(10);
            }
            return System.nanoTime();
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            Process j = jstat;
            if (j != null) j.destroy();
            watchers.shutdownNow();
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RUNNING.remove(this);
        }
    }

    /** The top of a jcmd GC.class_histogram. */
    static final class Histogram {
        long totalBytes;
        List<String> top = new ArrayList<>();

        static Histogram read(Path file) {
            try {
                Histogram h = new Histogram();
                for (String line : Files.readAllLines(file)) {
                    String t = line.trim();
                    if (t.startsWith("Total")) {
                        String[] cols = t.split("\\s+");
                        h.totalBytes = Long.parseLong(cols[2]);
                    } else if (t.matches("\\d+:\\s+\\d+\\s+\\d+\\s+.*") && h.top.size() < 15) {
                        String[] cols = t.split("\\s+");
                        h.top.add("%,12d instances %,14d bytes  %s".formatted(Long.parseLong(cols[1]), Long.parseLong(cols[2]), cols[3]));
                    }
                }
                return h.totalBytes == 0 ? null : h;
            } catch (Exception e) {
                return null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ the baseline

    /**
     * The plain-Java baseline: an ExecutorService of C threads; per record the address and e-mail calls go out at
     * once (java.net.http, HTTP/1.1 keep-alive) while the worker runs the suppression query (JDBC, one connection per
     * worker, through H2's AUTO_SERVER since the application holds the file), then the three answers are judged as
     * the checks do (city and state match, syntax valid and not disposable, not on the list).
     */
    static final class Baseline {
        record Outcome(double wallMs, long verified, long errors) {
        }

        static Outcome run(int n, int c, int demoPort, String dbUrl, Duration limit) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            ExecutorService pool = Executors.newFixedThreadPool(c);
            ConcurrentLinkedQueue<Connection> connections = new ConcurrentLinkedQueue<>();
            ThreadLocal<PreparedStatement> query = ThreadLocal.withInitial(() -> {
                try {
                    Connection conn = DriverManager.getConnection(dbUrl, "sa", "");
                    connections.add(conn);
                    return conn.prepareStatement("SELECT COUNT(*) FROM do_not_mail WHERE LOWER(email) = LOWER(?)");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // open the connections first, outside the measurement, as the application's pool is open before its job
            CountDownLatch warm = new CountDownLatch(c);
            for (int i = 0; i < c; i++) pool.execute(() -> {
                try {
                    query.get();
                } catch (Exception ignored) {
                    // the record tasks fail and count it
                } finally {
                    warm.countDown();
                }
                try {
                    warm.await(60, TimeUnit.SECONDS); // every worker holds one: each opens its own connection
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            warm.await(60, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + demoPort;
            AtomicLong verified = new AtomicLong(), errors = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(n);
            long t0 = System.nanoTime();
            try {
                for (int i = 1; i <= n; i++) {
                    int id = i;
                    pool.execute(() -> {
                        try {
                            String email = "p" + id + "@example.com";
                            CompletableFuture<HttpResponse<String>> address = http.sendAsync(HttpRequest.newBuilder(
                                    URI.create(base + "/address?postalCode=62704")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                            CompletableFuture<HttpResponse<String>> mail = http.sendAsync(HttpRequest.newBuilder(
                                    URI.create(base + "/email?address=" + URLEncoder.encode(email, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            PreparedStatement q = query.get();
                            q.setString(1, email);
                            long listed;
                            try (ResultSet rs = q.executeQuery()) {
                                rs.next();
                                listed = rs.getLong(1);
                            }
                            JsonNode a = JSON.readTree(address.join().body());
                            JsonNode m = JSON.readTree(mail.join().body());
                            boolean ok = "springfield".equalsIgnoreCase(a.path("city").asText()) && "IL".equalsIgnoreCase(a.path("state").asText())
                                    && m.path("syntaxValid").asBoolean() && !m.path("disposable").asBoolean() && listed == 0;
                            if (ok) verified.incrementAndGet();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, describe(e));
                        } finally {
                            done.countDown();
                        }
                    });
                }
                if (!done.await(limit.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("time limit reached");
                double wall = (System.nanoTime() - t0) / 1e6;
                if (firstError.get() != null) log("baseline: %d errors, the first: %s", errors.get(), firstError.get());
                return new Outcome(wall, verified.get(), errors.get());
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
                for (Connection conn : connections) {
                    try {
                        conn.close();
                    } catch (Exception ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String tool(String name) {
        Path p = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(p) ? p.toString() : name;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    static long parseSize(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : t.endsWith("k") ? 1L << 10 : 1;
        return Long.parseLong(t.replaceAll("[^0-9]", "")) * unit;
    }

    static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.replace(',', '.'));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String sec(double ms) {
        return ms >= 100_000 ? "%.0f".formatted(ms / 1000) : ms >= 10_000 ? "%.1f".formatted(ms / 1000) : "%.2f".formatted(ms / 1000);
    }

    /** A scenario ran out of its time. */
    static final class TimeLimit extends RuntimeException {
        TimeLimit() {
            super("time limit reached", null, false, false);
        }
    }

    static String describe(Throwable e) {
        if (e instanceof TimeLimit) return "time limit reached";
        if (e instanceof java.net.http.HttpTimeoutException) return "time limit reached";
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String format, Object... args) {
        OUT.printf("%s  %s%n", LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), format.formatted(args));
        OUT.flush();
    }
}
