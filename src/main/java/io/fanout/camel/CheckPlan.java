package io.fanout.camel;

import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict;
import io.fanout.record.Record;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The checks every record runs (fanout.checks), bean "checkPlan": each name is the route direct:check-name. */
public final class CheckPlan {

    public static final String RECORD = "fanoutRecord";

    private final List<String> names;
    private final long recordTimeoutMs;

    public CheckPlan(List<String> names) {
        this(names, Long.MAX_VALUE / 2);
    }

    /** {@code recordTimeoutMs}: how long a record's checks may take together (fanout.record.timeout). */
    public CheckPlan(List<String> names, long recordTimeoutMs) {
        if (names.isEmpty()) throw new IllegalArgumentException("fanout.checks names no check: give at least one, e.g. address,email,suppression");
        this.names = List.copyOf(names);
        this.recordTimeoutMs = recordTimeoutMs;
    }

    public CheckPlan withRecordTimeout(long recordTimeoutMs) {
        return new CheckPlan(names, recordTimeoutMs);
    }

    /** When a record starting now must have all its answers (epoch ms): retries stop there. */
    public long deadline() {
        return System.currentTimeMillis() + recordTimeoutMs;
    }

    /** Parses "address, email,suppression". */
    public static CheckPlan parse(String list) {
        return new CheckPlan(Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    public List<String> names() {
        return names;
    }

    /** The recipient list of verify-record. */
    public String endpoints() {
        return names.stream().map(n -> "direct:check-" + n).collect(Collectors.joining(","));
    }

    /** Merges the outcomes of one record's checks into its verdict; none arrived at all when every check timed out. */
    @SuppressWarnings("unchecked")
    public Verdict verdict(@ExchangeProperty(RECORD) Record record, @Body Object outcomes) {
        return Verdict.decide(record, outcomes instanceof List<?> list ? (List<CheckOutcome>) list : List.of(), names);
    }
}
