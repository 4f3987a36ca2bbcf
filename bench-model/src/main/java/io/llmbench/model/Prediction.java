package io.llmbench.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link FittedModel} predicts for a point: one {@link PredictedValue} per measure it models,
 * all with intervals at {@code level}, and how far the point lies from the data. Immutable and
 * thread-safe.
 *
 * @param point      the point predicted
 * @param level      the intended coverage of each interval, in (0, 1)
 * @param confidence interpolation (HIGH) to extrapolation (LOW)
 * @param values     predicted values by measure (unmodifiable)
 */
public record Prediction(Point point, double level, Confidence confidence, Map<Measure, PredictedValue> values) {
    public Prediction {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(confidence, "confidence");
        values = Collections.unmodifiableMap(new EnumMap<>(Objects.requireNonNull(values, "values")));
    }

    /**
     * The predicted value of a measure.
     *
     * @throws IllegalArgumentException when the model does not predict that measure
     */
    public PredictedValue value(Measure measure) {
        PredictedValue v = values.get(measure);
        if (v == null) {
            throw new IllegalArgumentException("measure must be one the model predicts " + values.keySet() + ", but was " + measure);
        }
        return v;
    }

    /** The predicted value of a measure, if the model predicts it. */
    public Optional<PredictedValue> find(Measure measure) {
        return Optional.ofNullable(values.get(measure));
    }
}
