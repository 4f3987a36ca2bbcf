package io.llmbench.model;

import java.util.Objects;

/**
 * One criterion of a multi-criteria choice: a measure, its weight, and whether more is better
 * (a benefit criterion) or less is (a cost criterion). Immutable and thread-safe.
 *
 * @param measure the measure
 * @param weight  relative importance, a finite number &gt; 0 (weights are normalised to sum to 1)
 * @param benefit true when larger values are better
 */
public record Criterion(Measure measure, double weight, boolean benefit) {
    public Criterion {
        Objects.requireNonNull(measure, "measure");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of " + measure.key() + " must be a finite number > 0, but was " + weight);
        }
    }

    /** A criterion whose direction follows {@link Measure#lowerIsBetter()}. */
    public static Criterion of(Measure measure, double weight) {
        return new Criterion(measure, weight, !measure.lowerIsBetter());
    }

    /** A criterion where more is better, whatever the measure. */
    public static Criterion benefit(Measure measure, double weight) {
        return new Criterion(measure, weight, true);
    }

    /** A criterion where less is better, whatever the measure. */
    public static Criterion cost(Measure measure, double weight) {
        return new Criterion(measure, weight, false);
    }
}
