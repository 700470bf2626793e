package io.fanout.observe;

import io.fanout.job.Verdict;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Watches every record go through the route verify-record (a route policy on that route alone, so no route file
 * needs to know): in flight from when it enters until it leaves with its verdict, which then counts by status and
 * by each check's outcome. Made anew for the route each time it is (re)loaded.
 */
final class RecordObserver implements RoutePolicyFactory {

    static final String ROUTE = "verify-record";

    private final FanoutMetrics metrics;

    RecordObserver(FanoutMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return ROUTE.equals(routeId) ? new Policy() : null;
    }

    private final class Policy extends RoutePolicySupport {

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            metrics.recordStarted();
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            metrics.recordDone(exchange.getMessage().getBody() instanceof Verdict verdict ? verdict : null);
        }
    }
}
