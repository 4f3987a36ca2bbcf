package io.llmbench.model;

import io.llmbench.core.Slo;
import java.util.Objects;

/**
 * A limit a recommended deployment must meet: a maximum or a minimum of one measure, optionally of
 * one statistic of the per-request distribution (a service-level objective's percentile). Immutable
 * and thread-safe.
 *
 * @param measure   the measure
 * @param limit     the limit in the measure's unit, a finite number
 * @param atMost    true for a maximum, false for a minimum
 * @param statistic the statistic the limit applies to (e.g. {@link Statistic#P95} for a p95 SLO); null
 *                  for job-level limits (throughput, cost), checked against an alternative's main values
 */
public record Constraint(Measure measure, double limit, boolean atMost, Statistic statistic) {
    public Constraint {
        Objects.requireNonNull(measure, "measure");
        if (Double.isNaN(limit) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("limit of " + measure.key() + " must be a finite number, but was " + limit);
        }
    }

    /** {@code measure <= limit}, of the alternative's main values. */
    public static Constraint atMost(Measure measure, double limit) {
        return new Constraint(measure, limit, true, null);
    }

    /** {@code measure >= limit}, of the alternative's main values. */
    public static Constraint atLeast(Measure measure, double limit) {
        return new Constraint(measure, limit, false, null);
    }

    /**
     * A service-level objective as a constraint: a maximum for latencies, a minimum for user TPS, of
     * the statistic its percentile calls for ({@link Statistic#forSlo}): a TTFT p95 SLO is checked
     * against the predicted p95 TTFT, a TPOT p50 SLO against the predicted median TPOT.
     *
     * @throws IllegalArgumentException for metrics the model layer does not predict, or percentiles no statistic covers
     */
    public static Constraint of(Slo slo) {
        Measure m = Measure.of(slo.metric());
        return new Constraint(m, slo.threshold(), m.lowerIsBetter(), Statistic.forSlo(slo));
    }

    /** Whether a value meets it; NaN never does. */
    public boolean isMetBy(double value) {
        return atMost ? value <= limit : value >= limit;
    }

    @Override
    public String toString() {
        return measure.key() + (statistic == null ? "" : " " + statistic.key()) + (atMost ? " <= " : " >= ") + Point.fmt(limit) + " "
                + measure.unitSymbol();
    }
}
