package io.fanout.broker;

import io.fanout.camel.JobSteps;
import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict;
import io.fanout.record.Record;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What crosses the broker: a record and its verdict arrive as they left, with their job and line. */
class WorkQueueTest {

    private final WorkQueue queue = new WorkQueue(5);
    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void aRecordAndItsVerdictCrossTheBrokerUnchanged() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "7");
        fields.put("name", "Smith, Ann \"Annie\"");
        fields.put("email", "ann@example.com");
        Record record = new Record(8, fields, "7,\"Smith, Ann \"\"Annie\"\"\",ann@example.com");

        Exchange sent = exchangeOfJob("job-1", "customers");
        sent.getMessage().setHeader("CamelHttpQuery", "leaks?");
        String recordMessage = queue.recordMessage(record, sent);
        assertThat(sent.getMessage().getHeaders()).containsOnly(Map.entry("fanoutJob", "job-1"),
                Map.entry("fanoutJobName", "customers"), Map.entry("fanoutLine", 8L));

        Exchange taken = received(recordMessage, sent);
        Record arrived = queue.takeRecord(recordMessage, taken);
        assertThat(arrived).isEqualTo(record);
        assertThat(List.copyOf(arrived.fields().keySet())).containsExactly("id", "name", "email");
        assertThat(taken.getProperty(JobSteps.JOB)).isEqualTo("job-1");
        assertThat(taken.getProperty(JobSteps.JOB_NAME)).isEqualTo("customers");

        Verdict verdict = new Verdict(arrived, Verdict.Status.FAILED, List.of(
                new CheckOutcome("address", CheckOutcome.Result.PASS, "", 1, 51),
                new CheckOutcome("email", CheckOutcome.Result.FLAG, "disposable domain", 2, 120),
                new CheckOutcome("suppression", CheckOutcome.Result.ERROR, "HTTP 503", 4, 900)), "");
        String verdictMessage = queue.verdictMessage(verdict, taken);
        Exchange back = received(verdictMessage, taken);
        assertThat(queue.takeVerdict(verdictMessage, back)).isEqualTo(verdict);
        assertThat(back.getProperty(JobSteps.JOB)).isEqualTo("job-1");
    }

    @Test
    void aMessageTheBrokerGaveUpOnEndsFailedEvenWhenItIsNoRecord() throws Exception {
        Exchange dead = exchangeOfJob("job-1", "customers");
        Verdict failed = queue.undeliverable("not json", 12, received("not json", dead));
        assertThat(failed.status()).isEqualTo(Verdict.Status.FAILED);
        assertThat(failed.line()).isEqualTo(12);
        assertThat(failed.record().raw()).isEqualTo("not json");
        assertThat(failed.error()).startsWith("error: no verdict after 5 deliveries to workers");
    }

    private Exchange exchangeOfJob(String job, String name) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(JobSteps.JOB, job);
        exchange.setProperty(JobSteps.JOB_NAME, name);
        return exchange;
    }

    /** The exchange a consumer makes of a message: its body and headers, none of the sender's properties. */
    private Exchange received(String body, Exchange sent) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeaders(new LinkedHashMap<>(sent.getMessage().getHeaders()));
        return exchange;
    }
}
