package io.llmbench.model;

import io.llmbench.core.Slo;
import java.util.Objects;

/**
 * A limit a recommended deployment must meet: a maximum or a minimum of one measure. Immutable and thread-safe.
 *
 * @param measure the measure
 * @param limit   the limit in the measure's unit, a finite number
 * @param atMost  true for a maximum, false for a minimum
 */
public record Constraint(Measure measure, double limit, boolean atMost) {
    public Constraint {
        Objects.requireNonNull(measure, "measure");
        if (Double.isNaN(limit) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("limit of " + measure.key() + " must be a finite number, but was " + limit);
        }
    }

    /** {@code measure <= limit}. */
    public static Constraint atMost(Measure measure, double limit) {
        return new Constraint(measure, limit, true);
    }

    /** {@code measure >= limit}. */
    public static Constraint atLeast(Measure measure, double limit) {
        return new Constraint(measure, limit, false);
    }

    /**
     * A service-level objective as a constraint: a maximum for latencies, a minimum for user TPS. The
     * SLO's percentile is not checked here; it is met when the models were fitted on observations of
     * that percentile ({@link Observation#from(io.llmbench.core.EndpointResult, Statistic)}).
     */
    public static Constraint of(Slo slo) {
        Measure m = Measure.of(slo.metric());
        return new Constraint(m, slo.threshold(), m.lowerIsBetter());
    }

    /** Whether a value meets it; NaN never does. */
    public boolean isMetBy(double value) {
        return atMost ? value <= limit : value >= limit;
    }

    @Override
    public String toString() {
        return measure.key() + (atMost ? " <= " : " >= ") + Point.fmt(limit) + " " + measure.unitSymbol();
    }
}
