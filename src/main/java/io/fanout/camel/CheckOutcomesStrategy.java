package io.fanout.camel;

import io.fanout.check.CheckOutcome;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Collects the outcomes of a record's parallel checks into one list (bean "checkOutcomes"), stamping each with
 * the time since its check route started: the cost that checking one after another would add up.
 */
public final class CheckOutcomesStrategy implements AggregationStrategy {

    public static final String CHECK_STARTED = "fanoutCheckStarted";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        CheckOutcome outcome = newExchange.getMessage().getBody(CheckOutcome.class);
        Date started = newExchange.getProperty(CHECK_STARTED, Date.class);
        if (outcome != null && started != null) {
            outcome = outcome.withElapsedMs(System.currentTimeMillis() - started.getTime());
        }
        Exchange target = oldExchange == null ? newExchange : oldExchange;
        // A check's dead-letter channel has already turned its failure into an ERROR outcome: the record goes on.
        // Left set, the handled flag would make verify-record stop right after the checks.
        target.getExchangeExtension().setErrorHandlerHandled(null);
        List<CheckOutcome> outcomes = oldExchange == null ? new ArrayList<>() : target.getMessage().getBody(List.class);
        if (outcome != null) outcomes.add(outcome);
        target.getMessage().setBody(outcomes);
        return target;
    }
}
