package io.llmbench.core;

import java.util.Objects;

/**
 * A service-level objective on one metric: a per-request threshold (used for goodput) and the
 * percentile at which a whole run must meet it (used by SLO checks and searches). For
 * {@link Metric#USER_TPS} the threshold is a minimum; for every other metric a maximum.
 *
 * @param metric     the metric
 * @param threshold  the limit in the metric's unit
 * @param percentile the percentile a run must meet it at, in (0, 100]
 */
public record Slo(Metric metric, double threshold, double percentile) {
    /** The percentile used when none is given. */
    public static final double DEFAULT_PERCENTILE = 95.0;

    public Slo {
        Objects.requireNonNull(metric, "metric");
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("SLO threshold for " + metric.key() + " must be a finite number >= 0, but was " + threshold);
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("SLO percentile for " + metric.key() + " must be in (0, 100], but was " + percentile);
        }
    }

    /** An SLO at the {@linkplain #DEFAULT_PERCENTILE default percentile}. */
    public static Slo of(Metric metric, double threshold) {
        return new Slo(metric, threshold, DEFAULT_PERCENTILE);
    }

    /** An SLO at a given percentile, e.g. {@code Slo.at(Metric.TTFT, 99, 500)}. */
    public static Slo at(Metric metric, double percentile, double threshold) {
        return new Slo(metric, threshold, percentile);
    }

    /** Whether one value meets the threshold; NaN (metric undefined for the request) meets it. */
    public boolean isMetBy(double value) {
        if (Double.isNaN(value)) {
            return true;
        }
        return metric.lowerIsBetter() ? value <= threshold : value >= threshold;
    }

    /** Whether a run's distribution meets the SLO at its percentile; an empty one does not. */
    public boolean isMetBy(MetricStats stats) {
        double v = valueIn(stats);
        return !Double.isNaN(v) && isMetBy(v);
    }

    /**
     * The percentile of the run's distribution that is compared with the threshold: the SLO's
     * percentile for a metric where lower is better, and {@code 100 - percentile} for
     * {@link Metric#USER_TPS} (the speed that that share of requests reached or beat).
     */
    public double checkedPercentile() {
        return metric.lowerIsBetter() ? percentile : 100 - percentile;
    }

    /**
     * The run's value that is compared with the threshold: its distribution at
     * {@link #checkedPercentile()}, in the metric's unit; NaN when the run has no samples.
     *
     * @throws IllegalStateException when the stats carry no histogram and the percentile is not one of
     *                               the fixed ones (5, 50, 80, 95, 99, 99.9)
     */
    public double valueIn(MetricStats stats) {
        if (stats.count() == 0) {
            return Double.NaN;
        }
        double p = checkedPercentile();
        return stats.hasHistogram() ? stats.percentile(Math.max(p, 1e-9)) : fixedPercentile(stats, p);
    }

    private static double fixedPercentile(MetricStats s, double p) {
        if (p == 50) return s.p50();
        if (p == 80) return s.p80();
        if (p == 95) return s.p95();
        if (p == 99) return s.p99();
        if (p == 99.9) return s.p999();
        if (p == 5) return s.p05();
        throw new IllegalStateException("SLO at percentile " + p + " needs a histogram, but " + s.metric().key() + " stats have none");
    }

    @Override
    public String toString() {
        return metric.key() + " p" + trim(percentile) + (metric.lowerIsBetter() ? " <= " : " >= ") + trim(threshold) + " " + metric.unit().symbol();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
