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
import java.util.function.Predicate;

/**
 * The result of a leave-one-out {@link Evaluation}: every fold, and accuracy per measure (overall or
 * by confidence level). Immutable and thread-safe.
 *
 * @param predictor the evaluated predictor's name
 * @param level     the interval level predictions were made at
 * @param heldOut   every fold that could be fitted, in group order
 * @param skipped   folds that could not be fitted or predicted (the rest broke a rule of {@link Predictor}), with the reason
 */
public record AccuracyReport(String predictor, double level, List<HeldOut> heldOut, List<String> skipped) {
    public AccuracyReport {
        Objects.requireNonNull(predictor, "predictor");
        heldOut = List.copyOf(heldOut);
        skipped = List.copyOf(skipped);
    }

    /** Measures at least one fold predicted and observed. */
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

    /** Accuracy of one measure over all folds. */
    public Optional<Accuracy> accuracy(Measure measure) {
        return accuracy(measure, h -> true);
    }

    /** Accuracy of one measure over the folds predicted at a confidence level. */
    public Optional<Accuracy> accuracy(Measure measure, Confidence confidence) {
        return accuracy(measure, h -> h.prediction().confidence() == confidence);
    }

    private Optional<Accuracy> accuracy(Measure measure, Predicate<HeldOut> filter) {
        List<Double> errors = new ArrayList<>();
        List<Double> widths = new ArrayList<>();
        int covered = 0;
        for (HeldOut h : heldOut) {
            if (!filter.test(h)) {
                continue;
            }
            var e = h.absolutePercentageError(measure);
            if (e.isEmpty()) {
                continue;
            }
            errors.add(e.getAsDouble());
            widths.add(h.prediction().value(measure).relativeWidth());
            if (h.covered(measure).orElse(false)) {
                covered++;
            }
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        double[] e = errors.stream().mapToDouble(Double::doubleValue).toArray();
        double[] w = widths.stream().mapToDouble(Double::doubleValue).toArray();
        return Optional.of(new Accuracy(measure, e.length, quantile(e, 0.5), quantile(e, 0.9),
                (double) covered / e.length, quantile(w, 0.5)));
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
