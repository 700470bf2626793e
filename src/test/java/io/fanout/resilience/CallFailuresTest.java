package io.fanout.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CallFailuresTest {

    static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://127.0.0.1/address", status, "Status " + status, null, headers, "");
    }

    @Test
    void serverErrorsTooManyRequestsAndIoErrorsAreRetried() {
        assertThat(CallFailures.retryable(http(503, Map.of()))).isTrue();
        assertThat(CallFailures.retryable(http(500, Map.of()))).isTrue();
        assertThat(CallFailures.retryable(http(429, Map.of()))).isTrue();
        assertThat(CallFailures.retryable(new ConnectException("refused"))).isTrue();
        assertThat(CallFailures.retryable(new RuntimeCamelException(new SocketTimeoutException("slow")))).isTrue();
    }

    @Test
    void clientErrorsAndOtherFailuresAreNotRetried() {
        assertThat(CallFailures.retryable(http(400, Map.of()))).isFalse();
        assertThat(CallFailures.retryable(new RejectedCallException(404, "Not Found"))).isFalse();
        assertThat(CallFailures.retryable(new IllegalStateException("garbled answer"))).isFalse();
    }

    @Test
    void anOpenBreakerIsRetriedWithoutSpendingAnAttempt() {
        CallNotPermittedException open = CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("address"));
        assertThat(CallFailures.retryable(open)).isTrue();
        assertThat(CallFailures.notPermitted(new RuntimeCamelException(open))).isTrue();
        assertThat(CallFailures.kind(open)).isEqualTo("circuit open");
    }

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        assertThat(CallFailures.retryAfter(http(429, Map.of("Retry-After", "3")), now)).contains(Duration.ofSeconds(3));
        assertThat(CallFailures.retryAfter(http(503, Map.of("retry-after", "Fri, 04 Dec 2026 10:00:05 GMT")), now)).contains(Duration.ofSeconds(5));
        assertThat(CallFailures.retryAfter(http(503, Map.of("Retry-After", "Fri, 04 Dec 2026 09:00:00 GMT")), now)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterCountsOnlyOn429And503() {
        Instant now = Instant.now();
        assertThat(CallFailures.retryAfter(http(500, Map.of("Retry-After", "3")), now)).isEmpty();
        assertThat(CallFailures.retryAfter(http(429, Map.of("Retry-After", "soon")), now)).isEqualTo(Optional.empty());
    }

    @Test
    void failuresAreNamedByKind() {
        assertThat(CallFailures.kind(http(503, Map.of()))).isEqualTo("HTTP 503");
        assertThat(CallFailures.kind(new RejectedCallException(400, "Bad Request"))).isEqualTo("HTTP 400");
        assertThat(CallFailures.kind(new IOException("wrapped", new SocketTimeoutException("Read timed out")))).isEqualTo("timeout");
        assertThat(CallFailures.kind(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(CallFailures.kind(new java.net.SocketException("Connection reset"))).isEqualTo("connection reset");
        assertThat(CallFailures.describe(new IOException("wrapped", new SocketTimeoutException("Read timed out")))).isEqualTo("timeout: Read timed out");
        assertThat(CallFailures.describe(http(503, Map.of()))).isEqualTo("HTTP 503 Status 503");
    }
}
