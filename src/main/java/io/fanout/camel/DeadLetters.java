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
 * Describes what reached the dead-letter channel (bean "deadLetters"): a malformed line or a FAILED verdict, which
 * it leaves in property fanoutVerdict for the fan-in. Also makes the FAILED verdict of a record whose verification threw.
 */
public final class DeadLetters {

    public static final String VERDICT = "fanoutVerdict";

    public DeadLetter deadLetter(@ExchangeProperty(JobSteps.JOB) String jobId, @Body Object item, Exchange exchange) {
        exchange.removeProperty(VERDICT);
        if (item instanceof MalformedLine line) {
            return DeadLetter.malformed(jobId, line);
        }
        if (!(item instanceof Verdict verdict)) {
            throw new IllegalArgumentException("the dead-letter channel got neither a line nor a verdict: " + item);
        }
        exchange.setProperty(VERDICT, verdict);
        return DeadLetter.failed(jobId, verdict);
    }

    /** The verdict of a record whose verification threw {@code error} (outside any check: those end as ERROR outcomes). */
    public Verdict failedRecord(@ExchangeProperty(CheckPlan.RECORD) Record record, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        return Verdict.failed(record, "error: " + CallFailures.describe(error));
    }
}
