package io.llmbench.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One leave-one-out fold: an observation left out of the fit and what the model fitted on the rest
 * predicted for it. Immutable and thread-safe.
 *
 * @param group      the group (deployment) the observation belongs to
 * @param observed   the held-out observation
 * @param prediction the prediction at its point
 */
public record HeldOut(String group, Observation observed, Prediction prediction) {
    public HeldOut {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(prediction, "prediction");
    }

    /** |predicted − actual| / actual for a measure both sides have (0.05 = 5%). */
    public OptionalDouble absolutePercentageError(Measure measure) {
        OptionalDouble actual = observed.value(measure);
        return prediction.find(measure).isPresent() && actual.isPresent()
                ? OptionalDouble.of(Math.abs(prediction.value(measure).value() - actual.getAsDouble()) / actual.getAsDouble())
                : OptionalDouble.empty();
    }

    /** Whether the prediction's interval holds the actual value, for a measure both sides have. */
    public java.util.Optional<Boolean> covered(Measure measure) {
        OptionalDouble actual = observed.value(measure);
        return prediction.find(measure).isPresent() && actual.isPresent()
                ? java.util.Optional.of(prediction.value(measure).contains(actual.getAsDouble()))
                : java.util.Optional.empty();
    }
}
