package io.llmbench.model;

import java.util.Objects;

/**
 * One predicted measure: the central value and an interval that should hold the true value with the
 * prediction's level of probability (coverage is calibrated on leave-one-out residuals and measured
 * by {@link Evaluation}). Units are the measure's. Immutable and thread-safe.
 *
 * @param measure which measure
 * @param value   the central prediction
 * @param lower   lower end of the interval; may be {@code 0} or negative for the linear baseline
 * @param upper   upper end of the interval; {@code +Infinity} when too few observations support the level
 */
public record PredictedValue(Measure measure, double value, double lower, double upper) {
    public PredictedValue {
        Objects.requireNonNull(measure, "measure");
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("predicted " + measure.key() + " must be a number, but was NaN");
        }
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("interval of " + measure.key() + " must have lower <= upper, but was ["
                    + lower + ", " + upper + "]");
        }
    }

    /** Whether the interval holds {@code actual}. */
    public boolean contains(double actual) {
        return actual >= lower && actual <= upper;
    }

    /** The interval's width relative to the value (e.g. 0.2 for ±10%); infinite when the interval is unbounded. */
    public double relativeWidth() {
        return (upper - lower) / Math.abs(value);
    }

    @Override
    public String toString() {
        return measure.key() + "=" + Point.fmt(value) + " [" + Point.fmt(lower) + ", " + Point.fmt(upper) + "] " + measure.unitSymbol();
    }
}
