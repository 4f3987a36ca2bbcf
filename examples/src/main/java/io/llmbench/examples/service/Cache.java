package io.llmbench.examples.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the service computed from the store (model lists, rankings, fitted models), kept until the
 * next write through the service ({@link #invalidate()}) or until it is older than the time to
 * live, so that runs other processes add to a shared store show up within that time. A value
 * computed while a write happened is not kept. Thread-safe.
 */
final class Cache {
    private record Entry(Object value, long generation, long at) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    /**
     * @param ttl      how long a value is kept at most
     * @param nanoTime the monotonic clock
     */
    Cache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The value under the key, computed when absent, stale or older than the time to live. */
    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
        long gen = generation.get();
        long now = nanoTime.getAsLong();
        Entry e = entries.get(key);
        if (e != null && e.generation == gen && now - e.at < ttlNanos) {
            return (T) e.value;
        }
        T value = compute.get();
        if (generation.get() == gen) {
            entries.put(key, new Entry(value, gen, now));
        }
        return value;
    }

    /** Forgets every value: the store changed. */
    void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }
}
