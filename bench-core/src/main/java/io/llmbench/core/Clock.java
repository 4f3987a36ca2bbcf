package io.llmbench.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one time source of llmbench: a monotonic clock for latencies and a wall clock for
 * timestamps, as Micrometer's {@code Clock}. The engine, the matrix runner and the reports take it
 * so that tests can drive time with a {@link #manual manual clock}. Implementations must be
 * thread-safe.
 */
public interface Clock {
    /** Monotonic nanoseconds (arbitrary origin), as {@link System#nanoTime()}. */
    long monotonicNanos();

    /** Wall-clock milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
    long wallMillis();

    /** The wall clock as an instant (millisecond precision). */
    default Instant instant() {
        return Instant.ofEpochMilli(wallMillis());
    }

    /** The system clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /**
     * A clock that moves only when told to, for tests: it starts at {@code wallStart} on the wall
     * clock and at 0 on the monotonic clock.
     */
    static Manual manual(Instant wallStart) {
        return new Manual(wallStart);
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

    /**
     * A clock moved by hand ({@link #advance}); both readings move together. Thread-safe.
     */
    final class Manual implements Clock {
        private final long wallStartMillis;
        private final AtomicLong nanos = new AtomicLong();

        private Manual(Instant wallStart) {
            this.wallStartMillis = wallStart.toEpochMilli();
        }

        /** Moves both clocks forward by {@code d} (which must not be negative). */
        public Manual advance(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("advance must be >= 0, but was " + d);
            }
            nanos.addAndGet(d.toNanos());
            return this;
        }

        @Override
        public long monotonicNanos() {
            return nanos.get();
        }

        @Override
        public long wallMillis() {
            return wallStartMillis + nanos.get() / 1_000_000;
        }
    }
}
