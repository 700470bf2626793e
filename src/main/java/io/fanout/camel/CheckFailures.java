package io.fanout.camel;

import io.fanout.check.CheckOutcome;
import io.fanout.resilience.CallFailures;
import io.fanout.resilience.CheckRetries;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/** Turns a check whose retries are spent (or that cannot succeed) into an ERROR outcome (bean "checkFailures"). */
public final class CheckFailures {

    public CheckOutcome outcome(@ExchangeProperty(CheckRetries.CHECK) String checkRoute,
                                @ExchangeProperty(CheckRetries.ATTEMPTS) Integer attempts,
                                @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        int calls = attempts == null ? 1 : Math.max(1, attempts);
        return CheckOutcome.error(CheckRetries.check(checkRoute),
                CallFailures.describe(error) + " (" + calls + (calls == 1 ? " attempt)" : " attempts)"), calls);
    }
}
