package io.fanout.camel;

import io.fanout.check.CheckOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/** Turns a check whose retries are spent into an ERROR outcome (bean "checkFailures"). */
public final class CheckFailures {

    public CheckOutcome outcome(@ExchangeProperty(Exchange.FAILURE_ROUTE_ID) String routeId,
                                @ExchangeProperty(RetryCounter.RETRIES) Integer redeliveries,
                                @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        String check = routeId != null && routeId.startsWith("check-") ? routeId.substring("check-".length()) : String.valueOf(routeId);
        int attempts = 1 + (redeliveries == null ? 0 : redeliveries);
        return CheckOutcome.error(check, describe(error) + " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"), attempts);
    }

    /** A short, stable description of why a call failed: what an operator greps the dead letters for. */
    public static String describe(Throwable error) {
        if (error == null) return "unknown error";
        if (error instanceof HttpOperationFailedException http) {
            return ("HTTP " + http.getStatusCode() + " " + (http.getStatusText() == null ? "" : http.getStatusText())).trim();
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) return "timeout: " + t.getMessage();
            if (t instanceof ConnectException) return "connection refused: " + t.getMessage();
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
