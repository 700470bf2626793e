package io.fanout.observe;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: the database of the suppression check answers a validation query ({@code SELECT 1}) within
 * {@code timeout}. The query runs on a thread of its own, so an unreachable database (where taking a connection
 * can wait for the pool's whole connection timeout) answers DOWN after {@code timeout}, not after the pool's wait;
 * while one query is still waiting, the next health call waits on it rather than starting another.
 */
final class DatabaseHealthCheck extends AbstractHealthCheck {

    static final String ID = "fanout-database";

    private final DataSource dataSource;
    private final Duration timeout;
    private final ExecutorService executor;
    private CompletableFuture<Void> probe;

    DatabaseHealthCheck(DataSource dataSource, Duration timeout, ExecutorService executor) {
        super("fanout", ID);
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.executor = executor;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            probe().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up();
        } catch (TimeoutException e) {
            builder.down().message("the database did not answer a validation query within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            builder.down().message("the database is unreachable: " + cause.getMessage()).error(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("interrupted while asking the database");
        }
    }

    private synchronized CompletableFuture<Void> probe() {
        if (probe == null || probe.isDone()) {
            probe = CompletableFuture.runAsync(this::validate, executor);
        }
        return probe;
    }

    /**
     * Takes a connection and runs the query. A pooled connection that fails it is evicted from the pool: some
     * drivers' errors on a dead connection (H2's, say) are not ones the pool recognises, and it would hand the same
     * dead connection out again after the database is back.
     */
    private void validate() {
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(seconds);
            statement.execute("SELECT 1");
        } catch (Exception e) {
            if (dataSource instanceof HikariDataSource pool) pool.evictConnection(connection);
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            close(connection);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (Exception e) {
            // evicted, or broken: nothing more to do with it
        }
    }
}
