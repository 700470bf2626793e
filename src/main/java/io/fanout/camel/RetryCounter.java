package io.fanout.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Counts the retries of a check call (bean "checkRetryCounter", the check dead-letter channel's onRedelivery).
 * Kept in an exchange property: the HTTP producer replaces the message headers, CamelRedeliveryCounter included.
 */
public final class RetryCounter implements Processor {

    public static final String RETRIES = "fanoutRetries";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(RETRIES, exchange.getProperty(RETRIES, 0, Integer.class) + 1);
    }
}
