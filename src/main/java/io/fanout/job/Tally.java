package io.fanout.job;

import java.util.BitSet;
import java.util.Map;

/** What the job store already holds of a job when a run starts: the lines with a result and their counts. */
public record Tally(BitSet ended, Map<Verdict.Status, Long> counts, long malformed, long sumOfTaskMs) {

    public static final Tally NONE = new Tally(new BitSet(), Map.of(), 0, 0);

    public Tally {
        ended = (BitSet) ended.clone();
        counts = Map.copyOf(counts);
    }
}
