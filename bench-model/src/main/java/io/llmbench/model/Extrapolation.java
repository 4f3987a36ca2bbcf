package io.llmbench.model;

import java.util.Objects;

/**
 * One way a predicted point lies outside the data its model was fitted on: beyond the measured range
 * of a dimension that varied, or away from the one value of a dimension that never varied (a held
 * dimension: the model cannot know how the measures change along it). Immutable and thread-safe.
 *
 * @param dimension   {@code input tokens}, {@code output tokens}, {@code concurrency} or {@code request rate}
 * @param value       the point's value in that dimension (tokens, requests in flight, requests per second)
 * @param measuredMin the smallest value measured
 * @param measuredMax the largest value measured
 * @param held        true when the dimension never varied (by 5% or more) in the data
 */
public record Extrapolation(String dimension, double value, double measuredMin, double measuredMax, boolean held) {
    public Extrapolation {
        Objects.requireNonNull(dimension, "dimension");
    }

    /** In words, e.g. {@code extrapolated to concurrency 512; measured up to 64}. */
    @Override
    public String toString() {
        if (held) {
            return dimension + " held at " + range() + " (it never varied in the runs); predicting at " + Point.fmt(value)
                    + " assumes the measures do not change with it";
        }
        if (value > measuredMax) {
            return "extrapolated to " + dimension + " " + Point.fmt(value) + "; measured up to " + Point.fmt(measuredMax);
        }
        return "extrapolated down to " + dimension + " " + Point.fmt(value) + "; measured from " + Point.fmt(measuredMin);
    }

    private String range() {
        return measuredMin == measuredMax ? Point.fmt(measuredMin) : Point.fmt(measuredMin) + "-" + Point.fmt(measuredMax);
    }
}
