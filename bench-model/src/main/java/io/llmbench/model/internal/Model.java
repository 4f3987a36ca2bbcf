package io.llmbench.model.internal;

import io.llmbench.core.Traffic;
import io.llmbench.model.Confidence;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Prediction;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The {@link FittedModel} every predictor returns: one {@link MeasureFit} per measure over a {@link Dataset}. */
final class Model implements FittedModel {
    private final String predictorName;
    private final Dataset data;
    private final Map<Measure, MeasureFit> fits;

    Model(String predictorName, Dataset data, Map<Measure, MeasureFit> fits) {
        this.predictorName = predictorName;
        this.data = data;
        this.fits = Collections.unmodifiableMap(new EnumMap<>(fits));
    }

    @Override
    public String predictorName() {
        return predictorName;
    }

    @Override
    public Set<Measure> measures() {
        return fits.keySet();
    }

    @Override
    public Map<Measure, String> methods() {
        EnumMap<Measure, String> m = new EnumMap<>(Measure.class);
        fits.forEach((k, v) -> m.put(k, v.curve().describe()));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public Optional<Traffic.Mode> trafficMode() {
        return Optional.ofNullable(data.mode());
    }

    @Override
    public Optional<Traffic> fixedTraffic() {
        return Optional.ofNullable(data.fixedTraffic());
    }

    @Override
    public Prediction predict(Point point, double level) {
        Objects.requireNonNull(point, "point");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), but was " + level);
        }
        double[] raw = data.toRaw(point);
        Confidence confidence = data.confidence(data.toUnit(raw));
        EnumMap<Measure, PredictedValue> values = new EnumMap<>(Measure.class);
        for (MeasureFit f : fits.values()) {
            values.put(f.measure(), f.predict(raw, level));
        }
        return new Prediction(point, level, confidence, values);
    }

    @Override
    public Observation nearest(Point point) {
        return data.nearest(data.toUnit(data.toRaw(Objects.requireNonNull(point, "point"))));
    }

    @Override
    public String toString() {
        return predictorName + " fitted on " + data.size() + " observations: " + methods();
    }
}
