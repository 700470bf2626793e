package io.fanout.config;

import java.util.Locale;

/**
 * What this process does in a deployment: its role (fanout.role) and how records travel to the checks
 * (fanout.transport). Locally one process does everything; over a broker a coordinator (intake, fan-out, fan-in,
 * API, dashboard) sends records to a work queue that workers on any number of hosts drain.
 */
public record Deployment(Role role, Transport transport) {

    public enum Role { ALL, COORDINATOR, WORKER }

    public enum Transport { LOCAL, BROKER }

    public Deployment {
        if (transport == Transport.LOCAL && role != Role.ALL) {
            throw new IllegalArgumentException("fanout.role=" + name(role) + " needs fanout.transport=broker: with the local "
                    + "transport one process takes the batches and verifies them (fanout.role=all)");
        }
    }

    /** Reads "worker", "broker" and the like; a wrong word names the right ones. */
    public static Deployment of(String role, String transport) {
        return new Deployment(parse(Role.class, "fanout.role", role), parse(Transport.class, "fanout.transport", transport));
    }

    /**
     * Refuses Camel's virtual threads ({@code -Dcamel.threads.virtual.enabled=true}, Java 21+): Camel then makes each
     * thread pool an unbounded executor of virtual threads, and the pools are what bound the records in flight
     * (fanout.concurrency). Tried on Java 25: a job of 20,000 records started them all at once and stalled.
     */
    public static void refuseVirtualThreads(boolean enabled) {
        if (enabled) {
            throw new IllegalArgumentException("camel.threads.virtual.enabled=true is not supported: Camel's thread pools become "
                    + "unbounded with it, and they are what keeps fanout.concurrency records in flight (docs/performance.md)");
        }
    }

    /** Takes batches, fans them out and in, answers the API and serves the dashboard. */
    public boolean coordinates() {
        return role != Role.WORKER;
    }

    /** Takes records off the broker's work queue and verifies them. */
    public boolean consumesWorkQueue() {
        return transport == Transport.BROKER && role != Role.COORDINATOR;
    }

    /** Takes verdicts (and records the broker gave up on) off the broker, into the fan-in. */
    public boolean consumesVerdicts() {
        return transport == Transport.BROKER && role != Role.WORKER;
    }

    public boolean overBroker() {
        return transport == Transport.BROKER;
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(value.trim().toLowerCase(Locale.ROOT))) return e;
        }
        StringBuilder words = new StringBuilder();
        for (E e : type.getEnumConstants()) words.append(words.length() == 0 ? "" : ", ").append(name(e));
        throw new IllegalArgumentException(key + " must be one of " + words + ", not '" + value + "'");
    }
}
