package io.fanout.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark harness's smoke mode (bench/run --smoke, see docs/performance.md), run by failsafe after package:
 * it starts the packaged jar, runs tiny batches through both intakes and the plain-Java baseline, then a coordinator
 * with one and then two workers over the broker transport, and prints the tables.
 */
class BenchSmokeIT {

    @Test
    void theSmokeRunPrintsTheTableWithEveryCountRight() throws Exception {
        Path out = Path.of("target/bench/smoke-it").toAbsolutePath();
        // a previous run's jobs and summaries must not be taken for this run's
        if (Files.exists(out)) {
            try (var old = Files.walk(out)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(out);
        Path console = out.resolve("console.txt");
        ProcessBuilder builder = new ProcessBuilder("bash", "bench/run", "--smoke", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process bench = builder.start();
        boolean finished = bench.waitFor(5, TimeUnit.MINUTES);
        if (!finished) bench.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        String printed = Files.readString(console);

        assertThat(finished).as("bench/run --smoke finished within 5 minutes:%n%s", printed).isTrue();
        assertThat(bench.exitValue()).as("exit code of bench/run --smoke:%n%s", printed).isZero();
        assertThat(printed)
                .contains("| scenario | N | C | L ms | wall s | ideal s | efficiency | sequential s | speed-up | records/s |")
                .contains("| smoke-post | 200 | 8 | 5 |")
                .contains("| smoke-file | 1,000 | 8 | 5 |")
                .contains("| scale-out | N | C per worker | L ms | wall 1 worker s |")
                .contains("| smoke-scale | 200 | 8 | 5 |")
                .contains("SMOKE OK");
        assertThat(out.resolve("report.md")).exists();
    }
}
