package io.llmbench.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link FittedModel} predicts for a point: one {@link PredictedValue} per measure it models,
 * all with intervals at {@code level}, each with its own confidence, and why. Immutable and
 * thread-safe.
 *
 * @param point          the point predicted
 * @param level          the intended coverage of each interval, in (0, 1)
 * @param confidence     the lowest confidence among the values
 * @param values         predicted values by measure (unmodifiable)
 * @param reason         why the confidence is what it is, in words, e.g. {@code extrapolated to
 *                       concurrency 512; measured up to 64}
 * @param extrapolations the dimensions in which the point lies outside the data (empty when inside)
 * @param saturation     for a point at a request rate, whether the deployment keeps up with it; null otherwise
 */
public record Prediction(Point point, double level, Confidence confidence, Map<Measure, PredictedValue> values, String reason,
                         List<Extrapolation> extrapolations, Saturation saturation) {
    public Prediction {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(reason, "reason");
        values = Collections.unmodifiableMap(new EnumMap<>(Objects.requireNonNull(values, "values")));
        extrapolations = List.copyOf(extrapolations);
    }

    /** A prediction whose confidence is the lowest of its values', with no extrapolation or saturation to report. */
    public static Prediction of(Point point, double level, Map<Measure, PredictedValue> values, String reason) {
        Confidence c = Confidence.HIGH;
        for (PredictedValue v : values.values()) {
            c = c.min(v.confidence());
        }
        return new Prediction(point, level, c, values, reason, List.of(), null);
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

    /** Whether the point is a request rate the deployment cannot keep up with. */
    public boolean saturated() {
        return saturation != null && saturation.saturated();
    }
}
