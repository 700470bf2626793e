package io.fanout.resilience;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PermitsTest {

    private static SimpleLimiter<Void> limit(int n) {
        return SimpleLimiter.newBuilder().limit(FixedLimit.of(n)).build();
    }

    @Test
    void freePermitsAreTakenAtOnceAndTheLimitHolds() throws Exception {
        Permits permits = new Permits(limit(2), Duration.ofMillis(50));

        Optional<Limiter.Listener> first = permits.acquire();
        Optional<Limiter.Listener> second = permits.acquire();
        Optional<Limiter.Listener> third = permits.acquire();

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(third).as("over the limit, nothing is released within maxWait").isEmpty();
    }

    @Test
    void aWaiterIsWokenByARelease() throws Exception {
        Permits permits = new Permits(limit(1), Duration.ofSeconds(30));
        Limiter.Listener held = permits.acquire().orElseThrow();
        CompletableFuture<Optional<Limiter.Listener>> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return permits.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(waiter).isNotDone();
        held.onSuccess();

        await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
        assertThat(waiter.get()).isPresent();
    }

    @Test
    void manyCallersNeverExceedTheLimitAndAllGetATurn() throws Exception {
        SimpleLimiter<Void> limiter = limit(4);
        Permits permits = new Permits(limiter, Duration.ofSeconds(30));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            calls.add(CompletableFuture.runAsync(() -> {
                try {
                    Limiter.Listener permit = permits.acquire().orElseThrow();
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    inFlight.decrementAndGet();
                    permit.onSuccess();
                    done.incrementAndGet();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        pool.shutdown();

        assertThat(done).hasValue(2_000);
        assertThat(most.get()).isBetween(1, 4);
        assertThat(limiter.getInflight()).isZero();
    }
}
