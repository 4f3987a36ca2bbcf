package io.llmbench.model.internal;

import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** {@link Predictor#nearestNeighbour(int)}. */
public final class NeighbourPredictor implements Predictor {
    private final int k;

    public NeighbourPredictor(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, but was " + k);
        }
        this.k = k;
    }

    @Override
    public String name() {
        return "knn(k=" + k + ")";
    }

    @Override
    public FittedModel fit(Collection<Observation> observations) {
        Dataset data = Dataset.of(observations);
        Map<Measure, MeasureFit> fits = new EnumMap<>(Measure.class);
        for (Measure m : data.measures()) {
            double[] y = data.values(m);
            fits.put(m, new DirectFit(m, data, NeighbourCurve.fit(data, y, k), y));
        }
        return new Model(name(), data, fits);
    }

    @Override
    public String toString() {
        return name();
    }
}
