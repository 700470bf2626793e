package io.fanout.job;

import io.fanout.check.CheckOutcome;
import io.fanout.check.CheckOutcome.Result;
import io.fanout.record.Record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The merged result of all checks on one record. */
public record Verdict(Record record, Status status, List<CheckOutcome> outcomes, String error) {

    public enum Status { VERIFIED, FLAGGED, FAILED }

    public Verdict {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(status, "status");
        outcomes = List.copyOf(outcomes);
        error = error == null ? "" : error;
    }

    /**
     * The decision: FAILED when any check could not be completed (or did not answer in time: an ERROR "timeout"), else FLAGGED when any
     * check flagged, else VERIFIED. Outcomes are kept in the order of {@code checks}, so reasons read the same way.
     */
    public static Verdict decide(Record record, List<CheckOutcome> outcomes, List<String> checks) {
        List<CheckOutcome> ordered = new ArrayList<>();
        for (String check : checks) {
            ordered.add(outcomes.stream().filter(o -> o.check().equals(check)).findFirst()
                    .orElseGet(() -> CheckOutcome.error(check, "timeout: no answer within the record timeout", 0)));
        }
        outcomes.stream().filter(o -> !checks.contains(o.check()))
                .sorted(Comparator.comparing(CheckOutcome::check)).forEach(ordered::add);
        Status status = ordered.stream().anyMatch(o -> o.result() == Result.ERROR) ? Status.FAILED
                : ordered.stream().anyMatch(o -> o.result() == Result.FLAG) ? Status.FLAGGED
                : Status.VERIFIED;
        return new Verdict(record, status, ordered, "");
    }

    /** A record that failed outside any check (the error says where); it has no check outcomes. */
    public static Verdict failed(Record record, String error) {
        return new Verdict(record, Status.FAILED, List.of(), error);
    }

    public long line() {
        return record.line();
    }

    public Optional<CheckOutcome> outcome(String check) {
        return outcomes.stream().filter(o -> o.check().equals(check)).findFirst();
    }

    /** Flag reasons and errors, in check order; an ERROR reads "check: error". */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        for (CheckOutcome o : outcomes) {
            if (o.result() == Result.FLAG) reasons.add(o.reason());
            if (o.result() == Result.ERROR) reasons.add(o.check() + ": " + o.reason());
        }
        if (!error.isEmpty()) reasons.add(error);
        return reasons;
    }

    /** The checks that could not be completed. */
    public List<String> failedChecks() {
        return outcomes.stream().filter(o -> o.result() == Result.ERROR).map(CheckOutcome::check).toList();
    }

    /** How long the checks took one after another: the sequential cost of this record. */
    public long taskMs() {
        return outcomes.stream().mapToLong(CheckOutcome::elapsedMs).sum();
    }

    /** The most calls any one check needed (1 when every check answered at once). */
    public int attempts() {
        return outcomes.stream().mapToInt(CheckOutcome::attempts).max().orElse(1);
    }
}
