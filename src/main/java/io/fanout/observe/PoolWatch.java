package io.fanout.observe;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Keeps the thread pools Camel creates from a thread pool profile (fanout-workers, fanout-checks, ...), told by Camel
 * as each is made and removed, so their queues can be measured. A route that is reloaded gets a new pool: the old
 * one is removed here when Camel shuts it down.
 */
final class PoolWatch extends LifecycleStrategySupport {

    private final Map<ThreadPoolExecutor, String> pools = new ConcurrentHashMap<>();

    @Override
    public void onThreadPoolAdd(CamelContext camelContext, ThreadPoolExecutor threadPool, String id, String sourceId,
                                String routeId, String threadPoolProfileId) {
        if (threadPoolProfileId != null) pools.put(threadPool, threadPoolProfileId);
    }

    @Override
    public void onThreadPoolRemove(CamelContext camelContext, ThreadPoolExecutor threadPool) {
        pools.remove(threadPool);
    }

    /** Tasks waiting in the queues of the live pools of {@code profile}. */
    int queued(String profile) {
        return pools.entrySet().stream().filter(e -> e.getValue().equals(profile) && !e.getKey().isShutdown())
                .mapToInt(e -> e.getKey().getQueue().size()).sum();
    }

    /** Threads of the live pools of {@code profile} running a task. */
    int active(String profile) {
        return pools.entrySet().stream().filter(e -> e.getValue().equals(profile) && !e.getKey().isShutdown())
                .mapToInt(e -> e.getKey().getActiveCount()).sum();
    }
}
