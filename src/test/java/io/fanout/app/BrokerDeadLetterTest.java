package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poison record over the broker: every delivery ends without a verdict (here a "worker" that rolls back each one,
 * as a worker dying mid-record does). After fanout.broker.max-deliveries the broker gives it up, and it ends as one
 * FAILED record and one dead letter, not a loop.
 */
class BrokerDeadLetterTest {

    @Test
    void aRecordNoWorkerEverAnswersEndsAsOneDeadLetter(@TempDir Path dir) throws Exception {
        String broker = "tcp://127.0.0.1:" + RunningApp.freePort();
        try (RunningApp app = RunningApp.start(dir, Map.of(
                "fanout.transport", "broker",
                "fanout.role", "coordinator",
                "fanout.broker.url", broker,
                "fanout.broker.data", dir.resolve("artemis").toString(),
                "fanout.broker.max-deliveries", "3",
                "fanout.broker.redelivery-delay", "10"));
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker + "?consumerWindowSize=0");
             JMSContext session = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
            app.drop("poison.csv", "id,name,email,city,state,postal_code\n"
                    + "1,Ann,ann@example.com,Springfield,IL,62704\n"
                    + "2,Bob,bob@example.com,Springfield,IL,62704\n");

            List<String> deliveries = new ArrayList<>();
            try (JMSConsumer worker = session.createConsumer(session.createQueue("fanout.records"))) {
                for (Message m = worker.receive(10_000); m != null; m = worker.receive(1_000)) {
                    deliveries.add(m.getStringProperty("fanoutLine") + "#" + m.getIntProperty("JMSXDeliveryCount"));
                    session.rollback();
                }
            }
            assertThat(deliveries).as("each record delivered max-deliveries times, then given up")
                    .containsExactlyInAnyOrder("2#1", "2#2", "2#3", "3#1", "3#2", "3#3");

            JsonNode summary = app.awaitSummary("poison", Duration.ofSeconds(30));
            assertThat(summary.get("status").asText()).isEqualTo("FAILED");
            assertThat(summary.get("records").asInt()).isEqualTo(2);
            assertThat(summary.get("failed").asInt()).isEqualTo(2);
            assertThat(summary.get("missing").asInt()).isZero();
            List<JsonNode> dead = app.deadLetters("poison");
            assertThat(dead).extracting(d -> d.get("line").asInt()).containsExactly(2, 3);
            assertThat(dead).allSatisfy(d -> assertThat(d.toString())
                    .contains("no verdict after 3 deliveries to workers"));
        }
    }

    @Test
    void aRecordThatCannotBeSentToTheBrokerEndsAsADeadLetter(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of(
                "fanout.transport", "broker",
                "fanout.role", "coordinator",
                "fanout.broker.embedded", "false",
                "fanout.broker.url", "tcp://127.0.0.1:" + RunningApp.freePort(),  // no broker there
                "fanout.broker.send-retries", "2",
                "fanout.broker.send-retry-delay", "10"))) {
            app.drop("unsent.csv", "id,name,email,city,state,postal_code\n"
                    + "1,Ann,ann@example.com,Springfield,IL,62704\n"
                    + "oops\n"
                    + "2,Bob,bob@example.com,Springfield,IL,62704\n");

            JsonNode summary = app.awaitSummary("unsent", Duration.ofSeconds(30));
            assertThat(summary.get("status").asText()).isEqualTo("FAILED");
            assertThat(summary.get("records").asInt()).isEqualTo(2);
            assertThat(summary.get("failed").asInt()).isEqualTo(2);
            assertThat(summary.get("malformed").asInt()).isEqualTo(1);
            List<JsonNode> dead = app.deadLetters("unsent");
            assertThat(dead).extracting(d -> d.get("line").asInt()).containsExactly(2, 3, 4);
            assertThat(dead.get(0).get("error").asText()).startsWith("error: could not send it to the broker");
            assertThat(dead.get(1).get("error").asText()).startsWith("malformed");
            assertThat(dead.get(2).get("error").asText()).startsWith("error: could not send it to the broker");
        }
    }
}
