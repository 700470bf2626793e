package io.fanout.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes results to the job store as they arrive, many per transaction: one writer thread takes whatever has queued
 * up since its last write (up to {@code maxBatch}), so the batches grow with the load and a quiet job still sees each
 * verdict stored at once. The queue is bounded: when the database falls behind, the workers wait (back-pressure).
 * While the database is unreachable, the writer keeps the batch and tries again every second; nothing is dropped.
 */
public final class ResultLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultLog.class);

    private final JobRepository repository;
    private final BlockingQueue<JobRepository.Result> queue;
    private final int maxBatch;
    private final Thread writer;
    private long added;
    private long written;
    private volatile boolean closed;

    public ResultLog(JobRepository repository, int capacity, int maxBatch) {
        this.repository = repository;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::writeLoop, "fanout-result-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues a result for the store; waits while the queue is full. */
    public void add(JobRepository.Result result) {
        if (closed) throw new IllegalStateException("the result log is closed: the service is stopping");
        try {
            queue.put(result);
            synchronized (this) {
                added++;  // after the put: a put cut short by an interrupt must not leave flush() waiting for it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a result", e);
        }
    }

    /** Returns once every result added before the call is stored (so a report read next sees them all). */
    public synchronized void flush() throws InterruptedException {
        long target = added;
        while (written < target) {
            wait(1_000);
        }
    }

    private void writeLoop() {
        List<JobRepository.Result> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                JobRepository.Result first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                store(batch);
                synchronized (this) {
                    written += batch.size();
                    notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void store(List<JobRepository.Result> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                repository.save(batch);
                return;
            } catch (Exception e) {
                if (attempt == 1 || attempt % 30 == 0) {
                    LOG.error("Could not store {} results in the job store (attempt {}); trying again every second: {}",
                            batch.size(), attempt, e.getMessage());
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** Stores what is queued, then stops the writer; what an add() racing with this put in after the writer ended is stored here. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        writer.join(30_000);
        List<JobRepository.Result> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty() && !writer.isAlive()) {
            store(rest);
            synchronized (this) {
                written += rest.size();
                notifyAll();
            }
        }
    }
}
