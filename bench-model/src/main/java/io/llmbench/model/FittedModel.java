package io.llmbench.model;

import io.llmbench.core.Traffic;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model fitted on one deployment's observations. Immutable and thread-safe.
 */
public interface FittedModel {
    /** The name of the predictor that fitted it. */
    String predictorName();

    /** The measures it predicts. */
    Set<Measure> measures();

    /** How each measure is predicted, e.g. {@code kriging(...)} or {@code TTFT + (output-1)*TPOT}. */
    Map<Measure, String> methods();

    /** The observations it was fitted on. */
    int size();

    /** The traffic mode when the traffic level is a fitted dimension. */
    Optional<Traffic.Mode> trafficMode();

    /** The one traffic every observation shared, when it did not vary; points must then carry it (or none). */
    Optional<Traffic> fixedTraffic();

    /** {@link #predict(Point, double)} at {@link Predictor#DEFAULT_LEVEL}. */
    default Prediction predict(Point point) {
        return predict(point, Predictor.DEFAULT_LEVEL);
    }

    /**
     * Predicts every measure at a point.
     *
     * @param level the interval level, in (0, 1)
     * @throws IllegalArgumentException when the point lacks the traffic the model needs (or is at
     *                                  another mode or fixed level), or the level is out of range
     */
    Prediction predict(Point point, double level);

    /** The observation nearest the point in normalised log space: the benchmark a prediction rests on most. */
    Observation nearest(Point point);
}
