package io.fanout.observe;

import io.fanout.camel.JobSteps;
import io.fanout.resilience.CallGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Metrics, health, logs and live route editing, installed on the Camel context before its routes are made:
 * <ul>
 *   <li>the fanout_* series ({@link FanoutMetrics}) on the Prometheus registry Camel serves at /observe/metrics on the
 *       management port (bound as {@value MicrometerConstants#METRICS_REGISTRY_NAME}, so camel-micrometer-prometheus
 *       uses it), fed by a route policy on verify-record, Camel's redelivery events and its thread pool lifecycle;</li>
 *   <li>readiness checks of the database and of each check's circuit breaker, served at /observe/health/ready;</li>
 *   <li>the job id and line in the MDC of every log line of a record ({@link RecordMdc});</li>
 *   <li>route files replaced one by one, a broken one rejected while the old routes keep running ({@link RouteReloads}).</li>
 * </ul>
 */
public final class Observability {

    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);

    private Observability() {
    }

    /**
     * Installs all of it. {@code checks}: the checks of every record (each has the CallGuard bean
     * {@code <check>-guard}); {@code jobs}: the job steps, whose store lists the jobs; {@code dataSource}: the
     * database to check, answering within {@code dbTimeout}.
     */
    public static FanoutMetrics install(CamelContext context, List<String> checks, JobSteps jobs, DataSource dataSource,
                                        Duration dbTimeout) {
        Function<String, CallGuard> guards = check -> context.getRegistry().lookupByNameAndType(check + "-guard", CallGuard.class);

        PoolWatch pools = new PoolWatch();
        context.addLifecycleStrategy(pools);
        FanoutMetrics metrics = new FanoutMetrics(meterRegistry(context), checks, () -> jobs.store().countByStatusOrNone(), guards, pools);
        context.addRoutePolicyFactory(new RecordObserver(metrics));
        context.getManagementStrategy().addEventNotifier(new RetryObserver(metrics));

        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new DatabaseHealthCheck(dataSource, dbTimeout,
                    context.getExecutorServiceManager().newSingleThreadExecutor(Observability.class, "fanout-health-database")));
            checks.forEach(check -> health.register(new BreakerHealthCheck(check, guards)));
        }

        context.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new RecordMdc());

        if (RouteReloads.install(context)) {
            LOG.debug("Route files are watched for changes (fanout.routes.reload): a changed file replaces its routes");
        }
        return metrics;
    }

    /** The registry Camel's metrics use: the one bound in the Camel registry, else a new Prometheus one bound there. */
    private static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        return registry;
    }
}
