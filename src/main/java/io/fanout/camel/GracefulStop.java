package io.fanout.camel;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * When the service stops (SIGTERM, or the context is stopped), before Camel stops any route: no new job is taken,
 * no job reads another record, and the records in flight get up to {@code grace} (fanout.shutdown.grace) to finish
 * and be stored. A job cut off here stays RUNNING in the job store and resumes at the next start.
 */
public final class GracefulStop extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private final JobSteps jobs;
    private final Duration grace;

    public GracefulStop(JobSteps jobs, Duration grace) {
        this.jobs = jobs;
        this.grace = grace;
        // only the context's own events: Camel then need not make an event for every exchange and step
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreCamelContextInitEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        LOG.info("Stopping: no new jobs; records in flight may finish for up to {} s", grace.toSeconds());
        if (jobs.drain(grace)) {
            LOG.info("Stopping: every record in flight finished; unfinished jobs resume at the next start");
        } else {
            LOG.warn("Stopping: records still in flight after {} s are abandoned; their jobs resume at the next start", grace.toSeconds());
        }
    }
}
