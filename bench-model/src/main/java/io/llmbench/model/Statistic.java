package io.llmbench.model;

import io.llmbench.core.MetricStats;

/**
 * Which statistic of a run's per-request distribution an {@link Observation} holds. Predictions are
 * of the same statistic as the observations they were fitted on: fit on {@link #P95} observations
 * to check p95 service-level objectives. Thread-safe.
 */
public enum Statistic {
    /** The arithmetic mean. Additive laws hold for means (E2E = TTFT + (output − 1)·TPOT per request averages exactly). */
    MEAN,
    /** The median. */
    P50,
    /** The 95th percentile. */
    P95,
    /** The 99th percentile. */
    P99;

    /** This statistic of a distribution, in the metric's unit; NaN when it has no samples. */
    public double of(MetricStats stats) {
        if (stats.count() == 0) {
            return Double.NaN;
        }
        return switch (this) {
            case MEAN -> stats.mean();
            case P50 -> stats.p50();
            case P95 -> stats.p95();
            case P99 -> stats.p99();
        };
    }
}
