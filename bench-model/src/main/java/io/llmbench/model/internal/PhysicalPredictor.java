package io.llmbench.model.internal;

import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Predictor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Predictor#physical()}: a {@link KrigingCurve} per measure, and the {@link DerivedCurve}
 * identities where their parts are measured; per measure the candidate with the lowest
 * leave-one-out error wins.
 */
public final class PhysicalPredictor implements Predictor {
    @Override
    public String name() {
        return "physical";
    }

    @Override
    public FittedModel fit(Collection<Observation> observations) {
        Dataset data = Dataset.of(observations);
        return new Model(name(), data, choose(data, Map.of()));
    }

    /**
     * Chooses per measure, in {@link Measure} order so that identities can build on earlier choices.
     *
     * @param extra more candidates per measure (from other predictors)
     */
    static Map<Measure, MeasureFit> choose(Dataset data, Map<Measure, List<MeasureFit>> extra) {
        Map<Measure, MeasureFit> chosen = new EnumMap<>(Measure.class);
        Map<Measure, Curve> kriging = new EnumMap<>(Measure.class);
        for (Measure m : data.measures()) {
            double[] y = data.values(m);
            KrigingCurve k = KrigingCurve.fit(data, y);
            kriging.put(m, k);
            List<MeasureFit> candidates = new ArrayList<>();
            candidates.add(new MeasureFit(m, k, y));
            for (DerivedCurve.Law law : DerivedCurve.Law.values()) {
                if (law.target != m) {
                    continue;
                }
                DerivedCurve d = switch (law) {
                    case E2E_FROM_TTFT_TPOT -> DerivedCurve.of(law, data, kriging.get(Measure.TTFT), kriging.get(Measure.TPOT));
                    case USER_TPS_FROM_TPOT -> DerivedCurve.of(law, data, kriging.get(Measure.TPOT), null);
                    case OUTPUT_THROUGHPUT_FROM_E2E, REQUEST_THROUGHPUT_FROM_E2E -> {
                        MeasureFit e2e = chosen.get(Measure.E2E);
                        yield DerivedCurve.of(law, data, e2e == null ? null : e2e.curve(), null);
                    }
                };
                if (d != null) {
                    candidates.add(new MeasureFit(m, d, y));
                }
            }
            candidates.addAll(extra.getOrDefault(m, List.of()));
            MeasureFit best = best(candidates);
            chosen.put(m, candidates.size() > 1 ? best.selected() : best);
        }
        return chosen;
    }

    static MeasureFit best(List<MeasureFit> candidates) {
        MeasureFit best = candidates.get(0);
        for (MeasureFit c : candidates) {
            if (c.looError() < best.looError()) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return name();
    }
}
