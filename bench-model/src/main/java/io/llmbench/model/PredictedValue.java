package io.llmbench.model;

import java.util.Objects;

/**
 * One predicted measure: the central value, an interval that should hold the true value with the
 * prediction's level of probability (calibrated on the deployment's own runs, and measured by
 * {@link Evaluation}), and how much to trust it. Units are the measure's. Immutable and thread-safe.
 *
 * @param measure    which measure
 * @param value      the central prediction
 * @param lower      lower end of the interval; may be {@code 0} or negative for the linear baseline
 * @param upper      upper end of the interval; {@code +Infinity} when too few observations support the level
 * @param confidence how much to trust this value (see {@link Confidence})
 */
public record PredictedValue(Measure measure, double value, double lower, double upper, Confidence confidence) {
    public PredictedValue {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(confidence, "confidence");
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

    /** upper / lower: how many times larger the top of the interval is than its bottom; infinite when lower &lt;= 0. */
    public double widthRatio() {
        return lower > 0 ? upper / lower : Double.POSITIVE_INFINITY;
    }

    @Override
    public String toString() {
        return measure.key() + "=" + Point.fmt(value) + " [" + Point.fmt(lower) + ", " + Point.fmt(upper) + "] " + measure.unitSymbol()
                + " " + confidence.name().toLowerCase(java.util.Locale.ROOT);
    }
}
