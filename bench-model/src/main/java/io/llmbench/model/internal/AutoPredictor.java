package io.llmbench.model.internal;

import io.llmbench.model.FittedModel;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import java.util.Collection;
import java.util.List;

/** {@link Predictor#auto()}: per measure, the best of physical, k-nearest neighbours and linear by leave-one-out error. */
public final class AutoPredictor implements Predictor {
    @Override
    public String name() {
        return "auto";
    }

    @Override
    public FittedModel fit(Collection<Observation> observations) {
        Dataset data = Dataset.of(observations);
        return new Model(name(), data, PhysicalPredictor.choose(data, (m, y) -> List.of(
                new DirectFit(m, data, NeighbourCurve.fit(data, y, Predictor.DEFAULT_NEIGHBOURS), y),
                new DirectFit(m, data, LinearCurve.fit(data, y), y))));
    }

    @Override
    public String toString() {
        return name();
    }
}
