package io.fanout.broker;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An Apache ActiveMQ Artemis broker inside the coordinator, for a trial on one machine (fanout.broker.embedded):
 * persistent (its journal under {@code dir}, so queued records survive a restart), listening on the host and port of
 * fanout.broker.url, with the work queue, the verdict queue and their dead-letter queues declared.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    /**
     * {@code maxDeliveries}: deliveries of one record before the broker gives up on it (every one ended without a
     * verdict: its worker died or could not answer) and moves it to the dead-letter queue.
     */
    public EmbeddedBroker(String url, Path dir, int maxDeliveries, Duration redeliveryDelay) {
        URI address = URI.create(url);
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("fanout");
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);  // the portable journal (ASYNCIO needs libaio)
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        try {
            config.addAcceptorConfiguration("fanout", "tcp://" + address.getHost() + ":" + address.getPort());
        } catch (Exception e) {
            throw new IllegalArgumentException("fanout.broker.url=" + url + " is no tcp://host:port address for the embedded broker", e);
        }
        config.addAddressSetting(WorkQueue.RECORDS, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(WorkQueue.UNDELIVERABLE))
                .setMaxDeliveryAttempts(maxDeliveries)
                .setRedeliveryDelay(redeliveryDelay.toMillis()));
        // a verdict the fan-in cannot take (its database down, say) is tried again for some minutes, then kept aside
        config.addAddressSetting(WorkQueue.VERDICTS, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(WorkQueue.VERDICTS_NOT_TAKEN))
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000));
        for (String queue : new String[] {WorkQueue.RECORDS, WorkQueue.VERDICTS, WorkQueue.UNDELIVERABLE, WorkQueue.VERDICTS_NOT_TAKEN}) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        server.setConfiguration(config);
    }

    public EmbeddedBroker start() throws Exception {
        server.start();
        return this;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
