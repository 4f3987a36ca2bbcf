package io.llmbench.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The result of an {@link Evaluation}: every held-out prediction, and accuracy per measure (overall,
 * or over the values predicted at one {@link Confidence}). Immutable and thread-safe.
 *
 * @param predictor the evaluated predictor's name
 * @param split     how runs were held out
 * @param level     the interval level predictions were made at
 * @param heldOut   every held-out run that could be predicted, in group order
 * @param skipped   runs or groups that could not be fitted or predicted, with the reason
 */
public record AccuracyReport(String predictor, Split split, double level, List<HeldOut> heldOut, List<String> skipped) {
    public AccuracyReport {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(split, "split");
        heldOut = List.copyOf(heldOut);
        skipped = List.copyOf(skipped);
    }

    /** Measures at least one held-out run predicted and observed. */
    public Set<Measure> measures() {
        EnumSet<Measure> s = EnumSet.noneOf(Measure.class);
        for (HeldOut h : heldOut) {
            for (Measure m : h.prediction().values().keySet()) {
                if (h.observed().has(m)) {
                    s.add(m);
                }
            }
        }
        return s;
    }

    /** Accuracy of every measure. */
    public Map<Measure, Accuracy> accuracy() {
        Map<Measure, Accuracy> m = new EnumMap<>(Measure.class);
        for (Measure measure : measures()) {
            accuracy(measure).ifPresent(a -> m.put(measure, a));
        }
        return Collections.unmodifiableMap(m);
    }

    /** Accuracy of one measure over all held-out runs. */
    public Optional<Accuracy> accuracy(Measure measure) {
        return accuracy(measure, (h, v) -> true);
    }

    /** Accuracy of one measure over the held-out values predicted at a confidence. */
    public Optional<Accuracy> accuracy(Measure measure, Confidence confidence) {
        return accuracy(measure, (h, v) -> v.confidence() == confidence);
    }

    private Optional<Accuracy> accuracy(Measure measure, BiPredicate<HeldOut, PredictedValue> filter) {
        List<double[]> rows = new ArrayList<>();
        for (HeldOut h : heldOut) {
            Optional<PredictedValue> v = h.prediction().find(measure);
            var e = h.absolutePercentageError(measure);
            if (v.isEmpty() || e.isEmpty() || !filter.test(h, v.get())) {
                continue;
            }
            PredictedValue pv = v.get();
            rows.add(new double[] {e.getAsDouble(), pv.relativeWidth(), pv.widthRatio(),
                    h.covered(measure).orElse(false) ? 1 : 0});
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int n = rows.size();
        double[] e = new double[n];
        double[] w = new double[n];
        double[] ratio = new double[n];
        int covered = 0;
        int wide = 0;
        int missed = 0;
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            e[i] = r[0];
            w[i] = r[1];
            ratio[i] = r[2];
            covered += (int) r[3];
            wide += r[2] > Accuracy.WIDE ? 1 : 0;
            missed += r[0] > Accuracy.MISS ? 1 : 0;
        }
        return Optional.of(new Accuracy(measure, n, quantile(e, 0.5), quantile(e, 0.9), (double) covered / n, quantile(w, 0.5),
                quantile(ratio, 0.5), quantile(ratio, 0.9), (double) wide / n, (double) missed / n));
    }

    /** Linear interpolation between order statistics (type 7, as R and NumPy default). */
    static double quantile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, s.length - 1);
        if (Double.isInfinite(s[i]) || Double.isInfinite(s[j])) {
            return pos - i > 0 ? s[j] : s[i];
        }
        return s[i] + (pos - i) * (s[j] - s[i]);
    }
}
