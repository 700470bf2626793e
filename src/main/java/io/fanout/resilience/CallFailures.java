package io.fanout.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** What a failed call to a check service means: may it succeed later, when, and what kind of failure it was. */
public final class CallFailures {

    private CallFailures() {
    }

    /** The failure itself, out of the wrappers Camel puts around it (a circuit breaker wraps what it throws). */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof org.apache.camel.RuntimeCamelException && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** Connection errors, timeouts, HTTP 5xx and 429 can succeed later; other 4xx and anything else cannot. */
    public static boolean retryable(Throwable failure) {
        Throwable error = unwrap(failure);
        if (error instanceof HttpOperationFailedException http) {
            return http.getStatusCode() >= 500 || http.getStatusCode() == 429;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof CallNotPermittedException) return true;
        }
        return false;
    }

    /** The breaker is open: the call was not made, so it does not count against the record's retries. */
    public static boolean notPermitted(Throwable error) {
        return unwrap(error) instanceof CallNotPermittedException;
    }

    /** A 429 or 503 answer's Retry-After, in seconds or as an HTTP date. */
    public static Optional<Duration> retryAfter(Throwable failure, Instant now) {
        Throwable error = unwrap(failure);
        if (!(error instanceof HttpOperationFailedException http)) return Optional.empty();
        if (http.getStatusCode() != 429 && http.getStatusCode() != 503) return Optional.empty();
        Map<String, String> headers = http.getResponseHeaders();
        if (headers == null) return Optional.empty();
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                .findFirst().flatMap(e -> parseRetryAfter(e.getValue(), now));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) return Optional.empty();
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** A short, stable name for the kind of failure, for counting: "HTTP 503", "timeout", "connection refused", ... */
    public static String kind(Throwable failure) {
        if (failure == null) return "unknown error";
        Throwable error = unwrap(failure);
        if (error instanceof HttpOperationFailedException http) return "HTTP " + http.getStatusCode();
        if (error instanceof RejectedCallException rejected) return "HTTP " + rejected.status();
        if (error instanceof CallNotPermittedException) return "circuit open";
        Throwable cause = telling(error);
        return cause == null ? error.getClass().getSimpleName() : kindOf(cause);
    }

    /** The failure as an operator reads it: its kind, then the detail of the exception that told it. */
    public static String describe(Throwable failure) {
        if (failure == null) return "unknown error";
        Throwable error = unwrap(failure);
        if (error instanceof HttpOperationFailedException http) {
            return ("HTTP " + http.getStatusCode() + " " + (http.getStatusText() == null ? "" : http.getStatusText())).trim();
        }
        if (error instanceof RejectedCallException || error instanceof CallNotPermittedException) {
            return kind(error) + ": " + error.getMessage();
        }
        Throwable cause = telling(error);
        return cause == null ? error.getClass().getSimpleName() + ": " + error.getMessage() : kindOf(cause) + ": " + cause.getMessage();
    }

    /** The exception in the cause chain that says what went wrong with the call, if any does. */
    private static Throwable telling(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (kindOf(t) != null) return t;
        }
        return null;
    }

    private static String kindOf(Throwable t) {
        String name = t.getClass().getSimpleName();
        if (name.contains("Timeout")) return "timeout";
        if (t instanceof java.net.ConnectException) return "connection refused";
        if (name.contains("ConnectionClosed") || name.contains("NoHttpResponse") || t instanceof java.net.SocketException
                || name.contains("MalformedChunkCoding") || name.contains("TruncatedChunk")) return "connection reset";
        return null;
    }
}
