package io.fanout.job;

import io.fanout.check.CheckOutcome;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The FAILED records of a job counted by the check that failed and by the kind of error, for the summary. */
public record Failures(Map<String, Long> byCheck, Map<String, Long> byError) {

    private static final Pattern KIND = Pattern.compile("^(HTTP \\d{3}|timeout|connection refused|connection reset|circuit open)");

    public static Failures of(Iterable<Verdict> verdicts) {
        Counter counter = new Counter();
        verdicts.forEach(counter::add);
        return counter.counted();
    }

    /** Counts verdicts one at a time, as they are read from the job store. */
    public static final class Counter {
        private final Map<String, Long> byCheck = new TreeMap<>();
        private final Map<String, Long> byError = new TreeMap<>();

        public void add(Verdict v) {
            if (v.status() != Verdict.Status.FAILED) return;
            if (!v.error().isEmpty()) {
                byCheck.merge("record", 1L, Long::sum);
                byError.merge(kind(v.error().replaceFirst("^error: ", "")), 1L, Long::sum);
            }
            for (CheckOutcome o : v.outcomes()) {
                if (o.result() != CheckOutcome.Result.ERROR) continue;
                byCheck.merge(o.check(), 1L, Long::sum);
                byError.merge(kind(o.reason()), 1L, Long::sum);
            }
        }

        public Failures counted() {
            return new Failures(byCheck, byError);
        }
    }

    /** "HTTP 503 Service Unavailable (2 attempts)" is an "HTTP 503"; otherwise what stands before the first ':' or '('. */
    static String kind(String reason) {
        Matcher m = KIND.matcher(reason);
        if (m.find()) return m.group(1);
        String head = reason.split("[:(]", 2)[0].trim();
        return head.isEmpty() ? "unknown error" : head;
    }
}
