package io.fanout.camel;

import io.fanout.resilience.CallFailures;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

import io.fanout.check.CheckOutcome;

class CheckFailuresTest {

    private final CheckFailures failures = new CheckFailures();

    private static HttpOperationFailedException http(int status, String text) {
        return new HttpOperationFailedException("http://localhost:8089/address", status, text, null, Map.of(), "down");
    }

    // --- describe

    @Test
    void anHttpFailureIsDescribedByStatusCodeAndText() {
        assertThat(CallFailures.describe(http(503, "Service Unavailable"))).isEqualTo("HTTP 503 Service Unavailable");
    }

    @Test
    void anHttpFailureWithoutStatusTextIsDescribedByStatusCode() {
        assertThat(CallFailures.describe(http(500, null))).isEqualTo("HTTP 500");
    }

    @Test
    void aWrappedConnectExceptionIsARefusedConnection() {
        Exception error = new IOException("call failed", new ConnectException("Connection refused"));

        assertThat(CallFailures.describe(error)).isEqualTo("connection refused: Connection refused");
    }

    @Test
    void aSocketTimeoutIsATimeout() {
        assertThat(CallFailures.describe(new SocketTimeoutException("Read timed out"))).isEqualTo("timeout: Read timed out");
    }

    @Test
    void anHttpClientTimeoutIsATimeout() {
        assertThat(CallFailures.describe(new HttpTimeoutException("request timed out")))
                .isEqualTo("timeout: request timed out");
    }

    @Test
    void anyExceptionNamedTimeoutIsATimeout() {
        assertThat(CallFailures.describe(new RuntimeException("wrapped", new TimeoutException("gave up after 5s"))))
                .isEqualTo("timeout: gave up after 5s");
    }

    @Test
    void aGenericExceptionIsDescribedByClassNameAndMessage() {
        assertThat(CallFailures.describe(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
    }

    @Test
    void aGenericExceptionWithAGenericCauseIsDescribedByTheOuterException() {
        assertThat(CallFailures.describe(new RuntimeException("outer", new IOException("inner"))))
                .isEqualTo("RuntimeException: outer");
    }

    @Test
    void noExceptionIsAnUnknownError() {
        assertThat(CallFailures.describe(null)).isEqualTo("unknown error");
    }

    // --- outcome

    @Test
    void outcomeNamesTheCheckAndTheCallsItMade() {
        CheckOutcome outcome = failures.outcome("check-address", 2, http(503, "Service Unavailable"));

        assertThat(outcome).isEqualTo(CheckOutcome.error("address", "HTTP 503 Service Unavailable (2 attempts)", 2));
    }

    @Test
    void outcomeWithoutACountedCallIsOneAttempt() {
        CheckOutcome outcome = failures.outcome("check-email", null, new SocketTimeoutException("Read timed out"));

        assertThat(outcome).isEqualTo(CheckOutcome.error("email", "timeout: Read timed out (1 attempt)", 1));
    }

    @Test
    void outcomeWithZeroCountedCallsIsOneAttempt() {
        CheckOutcome outcome = failures.outcome("check-email", 0, new IllegalStateException("boom"));

        assertThat(outcome).isEqualTo(CheckOutcome.error("email", "IllegalStateException: boom (1 attempt)", 1));
    }

    @Test
    void outcomeWithoutACheckNameIsUnknown() {
        CheckOutcome outcome = failures.outcome(null, null, null);

        assertThat(outcome).isEqualTo(CheckOutcome.error("unknown", "unknown error (1 attempt)", 1));
    }
}
