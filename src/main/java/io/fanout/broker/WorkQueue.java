package io.fanout.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fanout.camel.JobSteps;
import io.fanout.job.Verdict;
import io.fanout.record.Record;
import io.fanout.resilience.CallFailures;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;

import java.util.Map;

/**
 * The messages of the broker transport (bean "workQueue"): a record goes to the work queue, and its verdict comes
 * back, as JSON text with the job and the line in JMS properties (exchange properties do not cross a broker).
 */
public final class WorkQueue {

    /** The durable work queue the workers drain. */
    public static final String RECORDS = "fanout.records";
    /** The verdicts, back to the coordinator's fan-in. */
    public static final String VERDICTS = "fanout.verdicts";
    /** Records the broker gave up on after fanout.broker.max-deliveries deliveries without a verdict. */
    public static final String UNDELIVERABLE = "fanout.records.dead";
    /** Verdicts the fan-in failed to take 10 times (kept for an operator; their lines show as missing in the job). */
    public static final String VERDICTS_NOT_TAKEN = "fanout.verdicts.dead";

    static final String JOB = "fanoutJob";
    static final String JOB_NAME = "fanoutJobName";
    static final String LINE = "fanoutLine";

    private final ObjectMapper json = new ObjectMapper();
    private final int maxDeliveries;

    /** {@code maxDeliveries}: fanout.broker.max-deliveries, after which the broker gives a record up. */
    public WorkQueue(int maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    /** Coordinator: a record, as the work queue carries it. */
    public String recordMessage(@Body Record record, Exchange exchange) throws JsonProcessingException {
        address(exchange, record.line());
        return json.writeValueAsString(record);
    }

    /** Worker: a record off the work queue; the job's properties are set as the coordinator's routes set them. */
    public Record takeRecord(@Body String message, Exchange exchange) throws JsonProcessingException {
        restore(exchange);
        return json.readValue(message, Record.class);
    }

    /** Worker: a verdict, as the verdict queue carries it back. */
    public String verdictMessage(@Body Verdict verdict, Exchange exchange) throws JsonProcessingException {
        address(exchange, verdict.line());
        return json.writeValueAsString(verdict);
    }

    /** Coordinator: a verdict off the verdict queue, for the fan-in. */
    public Verdict takeVerdict(@Body String message, Exchange exchange) throws JsonProcessingException {
        restore(exchange);
        return json.readValue(message, Verdict.class);
    }

    /**
     * Coordinator: a record the broker gave up on: each delivery ended without a verdict (its worker died, or could
     * not send one), so it ends FAILED, a dead letter like any other, instead of going round again.
     */
    public Verdict undeliverable(@Body String message, @Header(LINE) long line, Exchange exchange) {
        restore(exchange);
        Record record;
        try {
            record = json.readValue(message, Record.class);
        } catch (JsonProcessingException e) {
            record = new Record(line, Map.of(), message);  // not even a record (a message sent by hand?): kept as it came
        }
        return Verdict.failed(record, "error: no verdict after " + maxDeliveries
                + " deliveries to workers (each stopped before answering; fanout.broker.max-deliveries)");
    }

    /** Coordinator: a record that could not be sent to the work queue, its retries spent: it ends FAILED. */
    public Verdict notSent(@Body Record record, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        return Verdict.failed(record, "error: could not send it to the broker (" + CallFailures.describe(error) + ")");
    }

    /** The job and line of a message; nothing else of the exchange (HTTP headers of a check, say) goes along. */
    private static void address(Exchange exchange, long line) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(JOB, exchange.getProperty(JobSteps.JOB));
        message.setHeader(JOB_NAME, exchange.getProperty(JobSteps.JOB_NAME));
        message.setHeader(LINE, line);
    }

    private static void restore(Exchange exchange) {
        exchange.setProperty(JobSteps.JOB, exchange.getMessage().getHeader(JOB, String.class));
        exchange.setProperty(JobSteps.JOB_NAME, exchange.getMessage().getHeader(JOB_NAME, String.class));
    }
}
