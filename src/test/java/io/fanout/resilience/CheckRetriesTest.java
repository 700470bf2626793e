package io.fanout.resilience;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckRetriesTest {

    static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    final CamelContext context = new DefaultCamelContext();
    final CheckRetries retries = new CheckRetries(Map.of("address", new RetryPolicy(2, 100, 2, 1000, 0)),
            new RetryPolicy(0, 0, 1, 0, 0), 5000, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    Exchange failing(String check, Exception error) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(CheckRetries.CHECK, "check-" + check);
        exchange.setException(error);
        return exchange;
    }

    static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://127.0.0.1/address", status, "x", null, headers, "");
    }

    @Test
    void eachFailedCallCountsAndWaitsItsBackoff() {
        Exchange exchange = failing("address", http(503, Map.of()));
        retries.process(exchange);
        assertThat(CheckRetries.attempts(exchange)).isEqualTo(1);
        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(100L);
        retries.process(exchange);
        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(200L);
    }

    @Test
    void retryAfterWinsOverTheBackoff() {
        Exchange exchange = failing("address", http(429, Map.of("Retry-After", "2")));
        retries.process(exchange);
        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isEqualTo(2000L);
    }

    @Test
    void retriesStopWhenTheCheckHasSpentItsRetries() {
        Exchange exchange = failing("address", http(503, Map.of()));
        retries.process(exchange);
        assertThat(retries.matches(exchange)).isTrue();
        retries.process(exchange);
        assertThat(retries.matches(exchange)).isTrue();
        retries.process(exchange);
        assertThat(retries.matches(exchange)).isFalse();
    }

    @Test
    void aRefusedRequestIsNeverRetried() {
        Exchange exchange = failing("address", new RejectedCallException(400, "Bad Request"));
        retries.process(exchange);
        assertThat(retries.matches(exchange)).isFalse();
    }

    @Test
    void noRetryWouldEndAfterTheRecordsDeadline() {
        Exchange exchange = failing("address", http(503, Map.of()));
        exchange.setProperty(CheckRetries.DEADLINE, NOW.toEpochMilli() + 50);
        retries.process(exchange);
        assertThat(retries.matches(exchange)).isFalse();
    }

    @Test
    void aCheckWithoutItsOwnPolicyUsesTheDefault() {
        Exchange exchange = failing("email", http(503, Map.of()));
        retries.process(exchange);
        assertThat(retries.matches(exchange)).isFalse();
    }
}
