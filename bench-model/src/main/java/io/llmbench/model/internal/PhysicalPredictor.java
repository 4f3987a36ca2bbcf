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
import java.util.function.BiFunction;

/**
 * {@link Predictor#physical()}: a {@link KrigingCurve} per measure, and the {@link DerivedFit}
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
        return new Model(name(), data, choose(data, (m, y) -> List.of()));
    }

    /**
     * Chooses per measure, in {@link Measure} order so that identities can build on earlier choices.
     *
     * @param extra more candidates for a measure and its values (from other predictors)
     */
    static Map<Measure, MeasureFit> choose(Dataset data, BiFunction<Measure, double[], List<MeasureFit>> extra) {
        Map<Measure, MeasureFit> chosen = new EnumMap<>(Measure.class);
        Map<Measure, MeasureFit> kriging = new EnumMap<>(Measure.class);
        for (Measure m : data.measures()) {
            double[] y = data.values(m);
            List<MeasureFit> direct = new ArrayList<>();
            direct.add(new DirectFit(m, data, KrigingCurve.fit(data, y), y));
            KrigingCurve queue = KrigingCurve.fitQueue(data, y, QueueMean.Kind.of(m));
            if (queue != null) {
                direct.add(new DirectFit(m, data, queue, y));
            }
            kriging.put(m, best(direct));
            List<MeasureFit> candidates = new ArrayList<>(direct);
            for (DerivedFit.Law law : DerivedFit.Law.values()) {
                if (law.target != m) {
                    continue;
                }
                // per-request identities build on the direct fits of their parts; job-level ones on the chosen fit
                boolean perRequest = law == DerivedFit.Law.E2E_FROM_TTFT_TPOT || law == DerivedFit.Law.USER_TPS_FROM_TPOT;
                MeasureFit[] parts = new MeasureFit[law.parts.length];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = (perRequest ? kriging : chosen).get(law.parts[i]);
                }
                DerivedFit d = DerivedFit.of(law, data, y, parts);
                if (d != null) {
                    candidates.add(d);
                }
            }
            candidates.addAll(extra.apply(m, y));
            MeasureFit best = best(candidates);
            chosen.put(m, candidates.size() > 1 ? best.selected() : best);
        }
        return chosen;
    }

    static MeasureFit best(List<MeasureFit> candidates) {
        MeasureFit best = candidates.get(0);
        for (MeasureFit c : candidates) {
            if (c.selectionError() < best.selectionError()) {
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
