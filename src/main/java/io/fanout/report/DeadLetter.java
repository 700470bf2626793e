package io.fanout.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict;
import io.fanout.record.MalformedLine;

import java.util.stream.Collectors;

/** One line of NAME.dead-letter.ndjson: an input line that did not make it, and why. */
@JsonPropertyOrder({"job", "line", "raw", "error", "check", "attempts"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(String job, long line, String raw, String error, String check, int attempts) {

    /** A line that could not be read as a record: it was never attempted. */
    public static DeadLetter malformed(String job, MalformedLine line) {
        return new DeadLetter(job, line.line(), line.raw(), "malformed: " + line.reason(), null, 0);
    }

    /** A record that ended FAILED: the checks that could not be completed, their errors and the most attempts any took. */
    public static DeadLetter failed(String job, Verdict verdict) {
        var failed = verdict.outcomes().stream().filter(o -> o.result() == CheckOutcome.Result.ERROR).toList();
        if (failed.isEmpty()) {
            return new DeadLetter(job, verdict.line(), verdict.record().raw(), verdict.error(), null, 1);
        }
        String checks = failed.stream().map(CheckOutcome::check).collect(Collectors.joining(","));
        String errors = failed.stream().map(o -> o.check() + ": " + o.reason()).collect(Collectors.joining("; "));
        int attempts = failed.stream().mapToInt(CheckOutcome::attempts).max().orElse(1);
        return new DeadLetter(job, verdict.line(), verdict.record().raw(), errors, checks, attempts);
    }
}
