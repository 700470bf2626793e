package io.fanout.config;

import com.zaxxer.hikari.HikariDataSource;
import io.fanout.api.JobsApi;
import io.fanout.broker.EmbeddedBroker;
import io.fanout.broker.WorkQueue;
import io.fanout.camel.CheckFailures;
import io.fanout.camel.CheckOutcomesStrategy;
import io.fanout.camel.CheckPlan;
import io.fanout.camel.CheckSteps;
import io.fanout.camel.DeadLetters;
import io.fanout.camel.JobOutputs;
import io.fanout.camel.JobSteps;
import io.fanout.camel.Reports;
import io.fanout.check.DisposableDomains;
import io.fanout.check.PostalCodes;
import io.fanout.db.Database;
import io.fanout.demo.DemoServices;
import io.fanout.job.FailurePolicy;
import io.fanout.camel.GracefulStop;
import io.fanout.store.JobRepository;
import io.fanout.store.JobStore;
import io.fanout.store.ResultLog;
import io.fanout.observe.Observability;
import io.fanout.resilience.CallGuard;
import io.fanout.resilience.CheckRetries;
import io.fanout.resilience.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Builds the beans the routes use from the fanout.* properties (documented in application.properties). */
@Configuration
public class FanoutConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FanoutConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        int concurrency = settings.positiveInt("fanout.concurrency");
        long recordTimeout = TimeUtils.toMilliSeconds(settings.get("fanout.record.timeout"));
        CheckPlan plan = CheckPlan.parse(settings.get("fanout.checks")).withRecordTimeout(recordTimeout);
        Deployment deployment = Deployment.of(settings.get("fanout.role"), settings.get("fanout.transport"));

        checks(context, settings, plan, concurrency, recordTimeout);
        AutoCloseable broker = broker(context, settings, deployment, concurrency);

        String dbUrl = settings.get("fanout.db.url");
        requireSharedDatabase(deployment, dbUrl);
        HikariDataSource dataSource = Database.pool(dbUrl, settings.get("fanout.db.user"),
                settings.getOrDefault("fanout.db.password", ""), Math.max(10, concurrency));
        JobRepository.migrate(dataSource);
        registry.bind("dataSource", dataSource);

        JobOutputs outputs = new JobOutputs(Path.of(settings.get("fanout.outbox")), Path.of(settings.get("fanout.dead-letter")));
        // results are stored in batches of up to 500, and at most 10,000 wait (then the workers wait for the database)
        JobRepository repository = new JobRepository(dataSource);
        ResultLog results = new ResultLog(repository, 10_000, 500);
        JobStore store = new JobStore(repository, results, Clock.systemUTC(), failurePolicy(settings));
        JobSteps jobs = new JobSteps(store, concurrency, outputs,
                new JobSteps.Intake(Path.of(settings.get("fanout.inbox")), settings.bool("fanout.intake.allow-duplicates")));
        registry.bind("jobs", jobs);
        // SIGTERM: stop taking work, let the records in flight finish for up to fanout.shutdown.grace; the rest resumes at next start
        context.getManagementStrategy().addEventNotifier(new GracefulStop(jobs,
                Duration.ofMillis(TimeUtils.toMilliSeconds(settings.get("fanout.shutdown.grace")))));
        registry.bind("checkPlan", plan);
        registry.bind("checkOutcomes", new CheckOutcomesStrategy());
        registry.bind("checks", new CheckSteps());
        registry.bind("checkFailures", new CheckFailures());
        registry.bind("deadLetters", new DeadLetters());
        Reports reports = new Reports(store, plan, outputs);
        registry.bind("reports", reports);
        if (deployment.coordinates()) registry.bind("api", jobsApi(settings, jobs, reports, plan, outputs));
        // metrics, health checks, job and line in the log lines of a record, live route reloading (io.fanout.observe)
        Observability.install(context, plan.names(), jobs, dataSource,
                Duration.ofMillis(TimeUtils.toMilliSeconds(settings.get("fanout.health.db-timeout"))));

        // the demo services run beside the API: workers on the same machine use the coordinator's
        DemoServices demo = deployment.coordinates() && settings.bool("fanout.demo.enabled") ? demoServices(settings, dataSource) : null;
        if (demo != null) registry.bind("demoServices", demo);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                if (demo != null) demo.close();
                results.close();
                dataSource.close();
                broker.close();
            }
        }, true, true);
    }

    /**
     * Each check's guard and retry policy, and the pools its calls run on. Each record runs all its checks at once:
     * the check pool and the HTTP connection pool are sized for that, not left at camel-http's default of 20
     * connections per host, which would silently cap the fan-out.
     */
    private static void checks(CamelContext context, Settings settings, CheckPlan plan, int concurrency, long recordTimeout) {
        long breakerWait = TimeUtils.toMilliSeconds(settings.get("fanout.breaker.open-for"));
        CircuitBreakerConfig breaker = CallGuard.breakerConfig(Float.parseFloat(settings.get("fanout.breaker.failure-rate")),
                settings.positiveInt("fanout.breaker.window"), settings.positiveInt("fanout.breaker.min-calls"),
                Duration.ofMillis(breakerWait), settings.positiveInt("fanout.breaker.probe-calls"));
        Map<String, RetryPolicy> retries = new HashMap<>();
        int checkCalls = 0;
        long longestTimeout = 0;
        for (String check : plan.names()) {
            CheckSettings own = new CheckSettings(settings, check);
            retries.put(check, own.retryPolicy());
            // waiting for a turn under the limits is bounded by the record timeout: waiting is not failing
            context.getRegistry().bind(check + "-guard", own.guard(breaker, Duration.ofMillis(recordTimeout)));
            checkCalls += Math.min(own.maxConcurrent(), concurrency);
            longestTimeout = Math.max(longestTimeout, own.timeoutMs());
            // the check routes read fanout.checks.NAME.timeout as milliseconds (what the HTTP endpoint takes), set or not
            context.getPropertiesComponent().addOverrideProperty("fanout.checks." + check + ".timeout", Long.toString(own.timeoutMs()));
        }
        CheckRetries checkRetries = new CheckRetries(retries, new CheckSettings(settings, "default").retryPolicy(), breakerWait, Clock.systemUTC());
        context.getRegistry().bind("checkRetries", checkRetries);
        context.getRegistry().bind("checkRetryPolicy", checkRetries.redeliveryPolicy());

        ThreadPoolProfile pool = new ThreadPoolProfile("fanout-checks");
        pool.setPoolSize(checkCalls);
        pool.setMaxPoolSize(checkCalls);
        pool.setMaxQueueSize(checkCalls);
        pool.setRejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns);
        context.getExecutorServiceManager().registerThreadPoolProfile(pool);
        HttpComponent http = context.getComponent("http", HttpComponent.class);
        http.setMaxTotalConnections(checkCalls * 2);
        http.setConnectionsPerRoute(checkCalls);
        http.setConnectionRequestTimeout(longestTimeout);
        // Retries are Camel's (counted, backed off, dead-lettered): the HTTP client must not retry on its own.
        http.setAutomaticRetriesDisabled(true);
    }

    /**
     * The broker transport's connections (fanout.broker.*), and the embedded broker when this process runs one.
     * Set up in local mode too, without connecting, so the broker routes (which do not start then) can be built.
     * Consumers take one message at a time (no prefetch): records spread evenly over the workers, and a worker that
     * dies holds only the records it was verifying. Senders share one connection and cache their sessions.
     * Returns what closes them all at the end (the connections, then the embedded broker).
     */
    private static AutoCloseable broker(CamelContext context, Settings settings, Deployment deployment, int concurrency) throws Exception {
        String url = settings.get("fanout.broker.url");
        int maxDeliveries = settings.positiveInt("fanout.broker.max-deliveries");
        EmbeddedBroker embedded = deployment.overBroker() && deployment.coordinates() && settings.bool("fanout.broker.embedded")
                ? embeddedBroker(settings, url, maxDeliveries) : null;
        ActiveMQConnectionFactory consumers = new ActiveMQConnectionFactory(url);
        consumers.setConsumerWindowSize(0);
        CachingConnectionFactory senders = new CachingConnectionFactory(new ActiveMQConnectionFactory(url));
        senders.setSessionCacheSize(concurrency);
        context.getRegistry().bind("brokerConsumers", consumers);
        context.getRegistry().bind("brokerSenders", senders);
        context.getRegistry().bind("workQueue", new WorkQueue(maxDeliveries));
        context.getComponent("jms", JmsComponent.class).setConnectionFactory(senders);
        if (deployment.overBroker()) {
            LOG.info("Transport: broker {} as {} ({})", url, deployment.role().name().toLowerCase(Locale.ROOT),
                    deployment.consumesWorkQueue() ? concurrency + " records at once from " + WorkQueue.RECORDS : "no records verified here");
        }
        return () -> {
            senders.destroy();
            consumers.close();
            if (embedded != null) embedded.close();
        };
    }

    private static EmbeddedBroker embeddedBroker(Settings settings, String url, int maxDeliveries) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(url, Path.of(settings.get("fanout.broker.data")), maxDeliveries,
                Duration.ofMillis(TimeUtils.toMilliSeconds(settings.get("fanout.broker.redelivery-delay")))).start();
        LOG.info("Embedded Artemis broker on {} (data in {})", url, settings.get("fanout.broker.data"));
        return broker;
    }

    /**
     * Over a broker, workers in other processes use the same database (the job store, the suppression check): an
     * embedded H2 file or memory database is open to one process only. A worker refuses to start on one; a
     * coordinator warns, since it still works with the worker inside it (fanout.role=all) and no other.
     */
    static void requireSharedDatabase(Deployment deployment, String url) {
        boolean singleProcess = (url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:mem:"))
                && !url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
        if (!deployment.overBroker() || !singleProcess) return;
        String why = "fanout.db.url=" + url + " is an embedded H2 database that only one process can open, and over a broker "
                + "every worker uses the coordinator's database: use PostgreSQL (jdbc:postgresql://host/db), or for one machine "
                + "H2 in server mode, the same URL with ;AUTO_SERVER=TRUE in the coordinator and in every worker";
        if (!deployment.coordinates()) throw new IllegalStateException(why);
        LOG.warn("{} (fine only while no worker runs in another process)", why);
    }

    private static FailurePolicy failurePolicy(Settings settings) {
        String maxFailedRecords = settings.getOrDefault("fanout.job.max-failed-records", "");
        return new FailurePolicy(Double.parseDouble(settings.get("fanout.job.max-failed-percent")),
                maxFailedRecords.isBlank() ? null : Long.valueOf(maxFailedRecords));
    }

    private static JobsApi jobsApi(Settings settings, JobSteps jobs, Reports reports, CheckPlan plan, JobOutputs outputs) {
        String apiKey = settings.getOrDefault("fanout.api-key", "");
        requireKeyBeyondLoopback(apiKey, settings.get("fanout.http.host"));
        return new JobsApi(jobs, reports, plan, outputs, new JobsApi.Limits(
                Long.parseLong(settings.get("fanout.http.max-body-bytes")),
                Long.parseLong(settings.get("fanout.max-records-per-job")),
                TimeUtils.toMilliSeconds(settings.get("fanout.http.wait-timeout"))), apiKey);
    }

    /** The embedded address and e-mail services, and the demo do-not-mail rows. */
    private static DemoServices demoServices(Settings settings, HikariDataSource dataSource) throws Exception {
        int seeded = Database.seedDoNotMail(dataSource);
        DemoServices demo = new DemoServices(PostalCodes.load(), DisposableDomains.load(), new DemoServices.Settings(
                "127.0.0.1", settings.positiveInt("fanout.demo.port"),
                Long.parseLong(settings.get("fanout.demo.latency-ms")),
                Double.parseDouble(settings.get("fanout.demo.failure-rate"))));
        demo.start();
        LOG.info("Demo services on http://127.0.0.1:{} (latency {} ms, failure rate {}); {} do-not-mail rows seeded",
                demo.port(), settings.get("fanout.demo.latency-ms"), settings.get("fanout.demo.failure-rate"), seeded);
        return demo;
    }

    /** Without an API key the jobs API is open to whoever reaches it: it may then listen on loopback only. */
    static void requireKeyBeyondLoopback(String apiKey, String host) {
        if (!apiKey.isBlank()) return;
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
        if (!loopback) {
            throw new IllegalStateException("fanout.http.host=" + host + " would open the jobs API beyond this machine "
                    + "without a key: set fanout.api-key, or keep fanout.http.host on 127.0.0.1");
        }
        LOG.warn("No fanout.api-key set: the jobs API needs no key and listens on {} only (loopback)", host);
    }
}
