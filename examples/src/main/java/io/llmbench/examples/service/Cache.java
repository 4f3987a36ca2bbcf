package io.llmbench.examples.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the service computed from the store (runs by model, model lists, rankings, fitted models).
 * A write through the service ({@link #invalidate()}) drops everything, so the next request sees
 * it. A value older than the time to live is still answered while one background thread computes
 * it again, so that runs other processes add to a shared store show up without a request waiting
 * for the store. Concurrent requests for a missing value compute it once; a value computed while a
 * write happened is not kept; a failed computation (an unknown model) is not kept either.
 * Thread-safe.
 */
final class Cache implements AutoCloseable {
    private record Entry(Object value, long generation, long at) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, FutureTask<Object>> computing = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "llmbench-web-cache");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param ttl      how old a value may get before it is computed again in the background
     * @param nanoTime the monotonic clock
     */
    Cache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The value under the key: kept, or computed now (once for all concurrent callers). */
    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
        long gen = generation.get();
        Entry e = entries.get(key);
        if (e != null && e.generation == gen) {
            if (nanoTime.getAsLong() - e.at >= ttlNanos && !computing.containsKey(gen + " " + key)) {
                refresher.execute(() -> {
                    try {
                        compute(key, compute, gen);
                    } catch (RuntimeException | Error ignored) {
                        // the next request computes it and sees the error
                    }
                });
            }
            return (T) e.value;
        }
        return (T) compute(key, compute, gen);
    }

    private Object compute(String key, Supplier<?> compute, long gen) {
        // in flight per generation: a computation begun before a write must not answer after it
        String flight = gen + " " + key;
        FutureTask<Object> task = new FutureTask<>(compute::get);
        FutureTask<Object> running = computing.putIfAbsent(flight, task);
        if (running == null) {
            long at = nanoTime.getAsLong();
            try {
                task.run();
            } finally {
                computing.remove(flight, task);
            }
            running = task;
            try {
                Object v = task.get();
                if (generation.get() == gen) {
                    entries.put(key, new Entry(v, gen, at));
                }
            } catch (ExecutionException | InterruptedException ignored) {
                // rethrown below
            }
        }
        try {
            return running.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + key, ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (ex.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(key + " failed: " + ex.getCause(), ex.getCause());
        }
    }

    /** Forgets every value: the store changed. */
    void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** Stops the background thread. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
