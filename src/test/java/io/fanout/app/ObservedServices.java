package io.fanout.app;

import io.fanout.check.DisposableDomains;
import io.fanout.check.PostalCodes;
import io.fanout.demo.DemoServices;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The address and e-mail services in the test's JVM, so they outlive an application that is killed, noting how often
 * each e-mail address is asked about, phase by phase (before a kill, after the restart).
 */
final class ObservedServices implements AutoCloseable {

    private final DemoServices services;
    private volatile Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    /** Answering after {@code latencyMs}. */
    ObservedServices(long latencyMs) {
        services = new DemoServices(PostalCodes.load(), DisposableDomains.load(),
                new DemoServices.Settings("127.0.0.1", 0, latencyMs, 0)).start();
        services.observe((path, key) -> {
            if (path.equals("/email")) asked.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        });
    }

    /** Ends the current phase: returns the e-mails asked about in it (with how often); a new phase starts. */
    Map<String, AtomicInteger> endPhase() {
        Map<String, AtomicInteger> ended = asked;
        asked = new ConcurrentHashMap<>();
        return ended;
    }

    /** The settings that point an application at these services instead of its own demo services. */
    Map<String, String> settings() {
        return Map.of(
                "fanout.demo.enabled", "false",
                "fanout.checks.address.url", services.baseUrl() + "/address",
                "fanout.checks.email.url", services.baseUrl() + "/email");
    }

    @Override
    public void close() {
        services.close();
    }
}
