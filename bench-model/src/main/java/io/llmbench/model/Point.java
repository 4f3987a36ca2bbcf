package io.llmbench.model;

import io.llmbench.core.Traffic;

/**
 * Where a workload sits: mean prompt and output tokens per request and, optionally, the traffic it
 * runs under (a concurrency or a request rate). Immutable and thread-safe.
 *
 * @param inputTokens  mean prompt tokens per request, a finite number &gt;= 1
 * @param outputTokens mean generated tokens per request, a finite number &gt;= 1
 * @param traffic      concurrency or request rate; may be null when unknown or irrelevant.
 *                     {@link Traffic.Mode#SEQUENTIAL} is stored as concurrency 1.
 */
public record Point(double inputTokens, double outputTokens, Traffic traffic) {
    public Point {
        requireTokens("inputTokens", inputTokens);
        requireTokens("outputTokens", outputTokens);
        if (traffic != null && traffic.mode() == Traffic.Mode.SEQUENTIAL) {
            traffic = new Traffic(Traffic.Mode.CONCURRENCY, 1);
        }
    }

    /** A point with no traffic level. */
    public static Point of(double inputTokens, double outputTokens) {
        return new Point(inputTokens, outputTokens, null);
    }

    /** A point under the given traffic. */
    public static Point of(double inputTokens, double outputTokens, Traffic traffic) {
        return new Point(inputTokens, outputTokens, traffic);
    }

    /** A point at a fixed number of requests in flight (closed loop). */
    public static Point atConcurrency(double inputTokens, double outputTokens, double concurrency) {
        return new Point(inputTokens, outputTokens, new Traffic(Traffic.Mode.CONCURRENCY, concurrency));
    }

    /** A point at a request rate in requests per second (open loop). */
    public static Point atRate(double inputTokens, double outputTokens, double requestsPerSecond) {
        return new Point(inputTokens, outputTokens, new Traffic(Traffic.Mode.RATE, requestsPerSecond));
    }

    /** This point under another traffic (null for none). */
    public Point withTraffic(Traffic newTraffic) {
        return new Point(inputTokens, outputTokens, newTraffic);
    }

    private static void requireTokens(String field, double v) {
        if (!(v >= 1) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 1, but was " + v);
        }
    }

    @Override
    public String toString() {
        return "in=" + fmt(inputTokens) + " out=" + fmt(outputTokens) + (traffic == null ? "" : " " + traffic);
    }

    /** A number for messages (4 significant digits). */
    static String fmt(double d) {
        return io.llmbench.model.internal.Format.number(d);
    }
}
