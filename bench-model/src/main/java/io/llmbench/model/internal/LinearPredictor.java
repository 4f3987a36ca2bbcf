package io.llmbench.model.internal;

import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** {@link Predictor#linear()}. */
public final class LinearPredictor implements Predictor {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public FittedModel fit(Collection<Observation> observations) {
        Dataset data = Dataset.of(observations);
        Map<Measure, MeasureFit> fits = new EnumMap<>(Measure.class);
        for (Measure m : data.measures()) {
            double[] y = data.values(m);
            fits.put(m, new DirectFit(m, data, LinearCurve.fit(data, y), y));
        }
        return new Model(name(), data, fits);
    }

    @Override
    public String toString() {
        return name();
    }
}
