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
    /** The 5th percentile: where a minimum SLO at the 95th percentile is checked (e.g. user TPS that 95% of requests reach). */
    P05,
    /** The median. */
    P50,
    /** The 95th percentile. */
    P95,
    /** The 99th percentile. */
    P99;

    /**
     * The statistic that checks an SLO at its percentile: for a maximum (latencies) the percentile
     * itself, rounded up to the next of 50, 95, 99; for a minimum (user TPS) the lower tail,
     * 100 − percentile, rounded down to 50 or 5.
     *
     * @throws IllegalArgumentException when no statistic is at or beyond the SLO's (a maximum above
     *                                  p99, a minimum above p95)
     */
    public static Statistic forSlo(io.llmbench.core.Slo slo) {
        double p = slo.percentile();
        if (slo.metric().lowerIsBetter()) {
            if (p <= 50) {
                return P50;
            }
            if (p <= 95) {
                return P95;
            }
            if (p <= 99) {
                return P99;
            }
            throw new IllegalArgumentException("SLO percentile for " + slo.metric().key() + " must be at most 99 to be checked against "
                    + "predictions (of the mean, p50, p95 or p99), but was " + p);
        }
        double tail = 100 - p;
        if (tail >= 50) {
            return P50;
        }
        if (tail >= 5) {
            return P05;
        }
        throw new IllegalArgumentException("SLO percentile for " + slo.metric().key() + " must be at most 95 to be checked against "
                + "predictions (of p05 or p50), but was " + p);
    }

    /** The key in tables and options: {@code mean}, {@code p05}, {@code p50}, {@code p95}, {@code p99}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** This statistic of a distribution, in the metric's unit; NaN when it has no samples. */
    public double of(MetricStats stats) {
        if (stats.count() == 0) {
            return Double.NaN;
        }
        return switch (this) {
            case MEAN -> stats.mean();
            case P05 -> stats.p05();
            case P50 -> stats.p50();
            case P95 -> stats.p95();
            case P99 -> stats.p99();
        };
    }
}
