package io.fanout.config;

import com.zaxxer.hikari.HikariDataSource;
import io.fanout.api.JobsApi;
import io.fanout.camel.CheckFailures;
import io.fanout.camel.CheckOutcomesStrategy;
import io.fanout.camel.CheckPlan;
import io.fanout.camel.CheckSteps;
import io.fanout.camel.DeadLetters;
import io.fanout.camel.JobOutputs;
import io.fanout.camel.JobSteps;
import io.fanout.camel.Reports;
import io.fanout.camel.RetryCounter;
import io.fanout.check.DisposableDomains;
import io.fanout.check.PostalCodes;
import io.fanout.db.Database;
import io.fanout.demo.DemoServices;
import io.fanout.job.JobStore;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/** Builds the beans the routes use from the fanout.* properties (documented in application.properties). */
@Configuration
public class FanoutConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FanoutConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        int concurrency = settings.positiveInt("fanout.concurrency");
        CheckPlan plan = CheckPlan.parse(settings.get("fanout.checks"));
        long callTimeout = TimeUtils.toMilliSeconds(settings.get("fanout.checks.timeout"));

        // Each record runs all its checks at once: the check pool and the HTTP connection pool are sized for that,
        // not left at camel-http's default of 20 connections per host, which would silently cap the fan-out.
        int checkCalls = concurrency * plan.names().size();
        ThreadPoolProfile checks = new ThreadPoolProfile("fanout-checks");
        checks.setPoolSize(checkCalls);
        checks.setMaxPoolSize(checkCalls);
        checks.setMaxQueueSize(checkCalls);
        checks.setRejectedPolicy(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.CallerRuns);
        context.getExecutorServiceManager().registerThreadPoolProfile(checks);
        HttpComponent http = context.getComponent("http", HttpComponent.class);
        http.setMaxTotalConnections(checkCalls * 2);
        http.setConnectionsPerRoute(checkCalls);
        http.setConnectTimeout(callTimeout);
        http.setConnectionRequestTimeout(callTimeout);
        http.setResponseTimeout(callTimeout);
        http.setSoTimeout(callTimeout);
        // Retries are Camel's (counted, backed off, dead-lettered): the HTTP client must not retry on its own.
        http.setAutomaticRetriesDisabled(true);

        HikariDataSource dataSource = Database.pool(settings.get("fanout.db.url"), settings.get("fanout.db.user"),
                settings.getOrDefault("fanout.db.password", ""), Math.max(10, concurrency));
        Database.migrate(dataSource);

        Registry registry = context.getRegistry();
        registry.bind("checkRetryPolicy", retryPolicy(settings));
        registry.bind("checkRetryCounter", new RetryCounter());
        registry.bind("dataSource", dataSource);
        JobStore store = new JobStore(Clock.systemUTC());
        JobOutputs outputs = new JobOutputs(Path.of(settings.get("fanout.outbox")), Path.of(settings.get("fanout.dead-letter")));
        JobSteps jobs = new JobSteps(store, concurrency, outputs);
        registry.bind("jobs", jobs);
        String apiKey = settings.getOrDefault("fanout.api-key", "");
        requireKeyBeyondLoopback(apiKey, settings.get("fanout.http.host"));
        registry.bind("api", new JobsApi(jobs, plan, outputs, new JobsApi.Limits(
                Long.parseLong(settings.get("fanout.http.max-body-bytes")),
                Long.parseLong(settings.get("fanout.max-records-per-job")),
                TimeUtils.toMilliSeconds(settings.get("fanout.http.wait-timeout"))), apiKey));
        registry.bind("checkPlan", plan);
        registry.bind("checkOutcomes", new CheckOutcomesStrategy());
        registry.bind("checks", new CheckSteps());
        registry.bind("checkFailures", new CheckFailures());
        registry.bind("deadLetters", new DeadLetters());
        registry.bind("reports", new Reports(store, plan));

        DemoServices demo = null;
        if (settings.bool("fanout.demo.enabled")) {
            int seeded = Database.seedDoNotMail(dataSource);
            demo = new DemoServices(PostalCodes.load(), DisposableDomains.load(), new DemoServices.Settings(
                    "127.0.0.1", settings.positiveInt("fanout.demo.port"),
                    Long.parseLong(settings.get("fanout.demo.latency-ms")),
                    Double.parseDouble(settings.get("fanout.demo.failure-rate"))));
            demo.start();
            registry.bind("demoServices", demo);
            LOG.info("Demo services on http://127.0.0.1:{} (latency {} ms, failure rate {}); {} do-not-mail rows seeded",
                    demo.port(), settings.get("fanout.demo.latency-ms"), settings.get("fanout.demo.failure-rate"), seeded);
        }
        DemoServices started = demo;
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                if (started != null) started.close();
                dataSource.close();
            }
        }, true, true);
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

    /** Retries of a failed check call: exponential backoff, logged at DEBUG (a retry is expected, not news). */
    static RedeliveryPolicy retryPolicy(Settings settings) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(Integer.parseInt(settings.get("fanout.retry.max-redeliveries")));
        policy.setRedeliveryDelay(TimeUtils.toMilliSeconds(settings.get("fanout.retry.initial-delay")));
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(Double.parseDouble(settings.get("fanout.retry.multiplier")));
        policy.setMaximumRedeliveryDelay(TimeUtils.toMilliSeconds(settings.get("fanout.retry.max-delay")));
        policy.setRetryAttemptedLogLevel(LoggingLevel.DEBUG);
        policy.setRetriesExhaustedLogLevel(LoggingLevel.DEBUG);
        policy.setLogStackTrace(false);
        return policy;
    }
}
