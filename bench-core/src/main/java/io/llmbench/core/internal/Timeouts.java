package io.llmbench.core.internal;

import io.llmbench.core.FailureKind;

/**
 * The request, time-to-first-token and idle timeout rule, shared by the engine's watchdog and the
 * clients that enforce timeouts on their own timers, so both classify and word an expiry the same.
 * All times are monotonic nanoseconds. Stateless and thread-safe.
 */
public final class Timeouts {
    private Timeouts() {
    }

    /**
     * Which timeout, if any, a request has passed at {@code now}.
     *
     * @param sent         {@code t0}, or -1 before it (then the request timeout runs from {@code created})
     * @param created      when the request was created
     * @param firstContent the first content chunk's arrival, or -1
     * @param lastEvent    the last event's time (sent or chunk)
     * @return the kind, or null when none has passed
     */
    public static FailureKind expired(long now, long sent, long created, long firstContent, long lastEvent,
                                      long requestTimeout, long ttftTimeout, long idleTimeout) {
        long start = sent >= 0 ? sent : created;
        if (now - start > requestTimeout) {
            return FailureKind.TIMEOUT;
        }
        if (sent >= 0 && firstContent < 0 && now - sent > ttftTimeout) {
            return FailureKind.TTFT_TIMEOUT;
        }
        if (sent >= 0 && now - lastEvent > idleTimeout) {
            return FailureKind.IDLE_TIMEOUT;
        }
        return null;
    }

    /**
     * The earliest moment one of the timeouts can pass, given what is known now; a timer set for
     * it finds either an expiry or a later deadline (the last event moved on).
     */
    public static long nextDeadline(long sent, long created, long firstContent, long lastEvent,
                                    long requestTimeout, long ttftTimeout, long idleTimeout) {
        long start = sent >= 0 ? sent : created;
        long d = saturatedAdd(start, requestTimeout);
        if (sent >= 0) {
            if (firstContent < 0) {
                d = Math.min(d, saturatedAdd(sent, ttftTimeout));
            }
            d = Math.min(d, saturatedAdd(lastEvent, idleTimeout));
        }
        return d;
    }

    /** The failure message for an expiry of {@code kind}. */
    public static String message(FailureKind kind, long requestTimeout, long ttftTimeout, long idleTimeout) {
        return switch (kind) {
            case TIMEOUT -> "request did not finish within " + millis(requestTimeout);
            case TTFT_TIMEOUT -> "no content within the time-to-first-token timeout of " + millis(ttftTimeout);
            case IDLE_TIMEOUT -> "stream silent for longer than the idle timeout of " + millis(idleTimeout);
            default -> throw new IllegalArgumentException("kind must be a timeout, but was " + kind);
        };
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000 + " ms";
    }
}
