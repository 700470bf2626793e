package io.fanout.observe;

import io.fanout.resilience.CheckRetries;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts the calls a check makes again: Camel's redelivery events in the check routes, less those that only waited
 * for an open circuit breaker (which make no call, and which {@link CheckRetries} does not count as attempts).
 */
final class RetryObserver extends EventNotifierSupport {

    /** The attempts already counted on this exchange. */
    private static final String COUNTED = "fanoutRetriesCounted";

    private final FanoutMetrics metrics;

    RetryObserver(FanoutMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        // redelivery events come with the failed-exchange events: those stay on
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeRedeliveryEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeRedeliveryEvent) event).getExchange();
        String checkRoute = exchange.getProperty(CheckRetries.CHECK, String.class);
        if (checkRoute == null) return;
        int attempts = CheckRetries.attempts(exchange);
        int counted = exchange.getProperty(COUNTED, 0, Integer.class);
        if (attempts > counted) {
            exchange.setProperty(COUNTED, attempts);
            metrics.retried(CheckRetries.check(checkRoute), attempts - counted);
        }
    }
}
