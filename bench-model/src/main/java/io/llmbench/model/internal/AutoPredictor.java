package io.llmbench.model.internal;

import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** {@link Predictor#auto()}: per measure, the best of physical, k-nearest neighbours and linear by leave-one-out error. */
public final class AutoPredictor implements Predictor {
    @Override
    public String name() {
        return "auto";
    }

    @Override
    public FittedModel fit(Collection<Observation> observations) {
        Dataset data = Dataset.of(observations);
        Map<Measure, List<MeasureFit>> extra = new EnumMap<>(Measure.class);
        for (Measure m : data.measures()) {
            double[] y = data.values(m);
            extra.put(m, List.of(
                    new MeasureFit(m, NeighbourCurve.fit(data, y, Predictor.DEFAULT_NEIGHBOURS), y),
                    new MeasureFit(m, LinearCurve.fit(data, y), y)));
        }
        return new Model(name(), data, PhysicalPredictor.choose(data, extra));
    }

    @Override
    public String toString() {
        return name();
    }
}
