package io.llmbench.core;

/**
 * The engine's time source: a monotonic clock for latencies and a wall clock for timestamps.
 * Injectable so tests can drive time. Implementations must be thread-safe.
 */
public interface Clock {
    /** Monotonic nanoseconds (arbitrary origin), as {@link System#nanoTime()}. */
    long monotonicNanos();

    /** Wall-clock milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
    long wallMillis();

    /** The system clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** The system clock. */
    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }
    }
}
