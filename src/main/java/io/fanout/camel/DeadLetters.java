package io.fanout.camel;

import io.fanout.job.Verdict;
import io.fanout.record.MalformedLine;
import io.fanout.record.Record;
import io.fanout.resilience.CallFailures;
import io.fanout.report.DeadLetter;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Describes what reached the dead-letter channel (bean "deadLetters"): a malformed line, a FAILED verdict, or a
 * record whose verification threw. A failed record leaves a FAILED verdict in property fanoutVerdict for the fan-in.
 */
public final class DeadLetters {

    public static final String VERDICT = "fanoutVerdict";

    public DeadLetter deadLetter(@ExchangeProperty(JobSteps.JOB) String jobId, @Body Object item,
                                 @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error, Exchange exchange) {
        exchange.removeProperty(VERDICT);
        if (item instanceof MalformedLine line) {
            return DeadLetter.malformed(jobId, line);
        }
        Verdict verdict = item instanceof Verdict v ? v
                : item instanceof Record record ? Verdict.failed(record, "error: " + CallFailures.describe(error))
                : null;
        if (verdict == null) {
            throw new IllegalArgumentException("the dead-letter channel got neither a line, a record nor a verdict: " + item);
        }
        exchange.setProperty(VERDICT, verdict);
        return DeadLetter.failed(jobId, verdict);
    }
}
