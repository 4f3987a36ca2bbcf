package io.llmbench.model.internal;

import io.llmbench.model.Measure;
import io.llmbench.model.PredictedValue;
import java.util.Arrays;

/**
 * A curve plus the conformity scores of its leave-one-out residuals, from which it builds intervals
 * at any level: the score at rank ⌈(n + 1)·level⌉ (a jackknife / split-conformal quantile), scaled
 * by the curve's local spread. Immutable.
 *
 * <p>When the same residuals also chose the curve (its hyper-parameters, or the curve among
 * candidates), they are a little smaller than a new point's will be; such fits take the score one
 * rank higher (never beyond n). On the NIM sweep this moves 90% coverage from 86-87% to 88-89%
 * (docs/MODEL-ACCURACY.md).
 */
final class MeasureFit {
    private final Measure measure;
    private final Curve curve;
    private final double[] sortedScores;
    private final double looError;
    private final int rankOffset;
    private final double[] y;

    MeasureFit(Measure measure, Curve curve, double[] y) {
        this(measure, curve, y, curve.tuned() ? 1 : 0);
    }

    private MeasureFit(Measure measure, Curve curve, double[] y, int rankOffset) {
        this.rankOffset = rankOffset;
        this.measure = measure;
        this.curve = curve;
        double[] loo = curve.loo();
        double[] spread = curve.looSpread();
        double[] scores = new double[y.length];
        double err = 0;
        for (int i = 0; i < y.length; i++) {
            scores[i] = score(y[i], loo[i], spread[i], curve.logScale());
            err += relativeError(y[i], loo[i]);
        }
        Arrays.sort(scores);
        this.sortedScores = scores;
        this.looError = err / y.length;
        this.y = y;
    }

    /** This fit, marked as chosen on its own residuals (see the class documentation). */
    MeasureFit selected() {
        return rankOffset == 1 ? this : new MeasureFit(measure, curve, y, 1);
    }

    private static double score(double y, double pred, double spread, boolean log) {
        if (Double.isNaN(pred) || !(spread > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        if (log) {
            return pred > 0 ? Math.abs(Math.log(y / pred)) / spread : Double.POSITIVE_INFINITY;
        }
        return Math.abs(y - pred) / spread;
    }

    /**
     * The error used to choose between curves: |ln(pred / actual)| when the prediction is positive,
     * otherwise ln(1 + relative error) + 1 (a prediction of a positive quantity at or below zero is
     * worse than any positive one).
     */
    static double relativeError(double y, double pred) {
        if (Double.isNaN(pred)) {
            return 10;
        }
        if (pred > 0) {
            return Math.abs(Math.log(pred / y));
        }
        return Math.log1p(Math.abs(pred - y) / y) + 1;
    }

    /** Mean leave-one-out {@linkplain #relativeError relative error}. */
    double looError() {
        return looError;
    }

    Curve curve() {
        return curve;
    }

    Measure measure() {
        return measure;
    }

    /** The conformal quantile for a level: the score at rank ⌈(n + 1)·level⌉, infinite when that exceeds n. */
    double quantile(double level) {
        int n = sortedScores.length;
        int k = (int) Math.ceil((n + 1) * level - 1e-9);
        if (k > n) {
            return Double.POSITIVE_INFINITY;
        }
        k = Math.min(k + rankOffset, n);
        return sortedScores[Math.max(k, 1) - 1];
    }

    PredictedValue predict(double[] raw, double level) {
        Curve.ValueSpread vs = curve.at(raw);
        double v = vs.value();
        double half = quantile(level) * vs.spread();
        if (curve.logScale()) {
            if (Double.isInfinite(half)) {
                return new PredictedValue(measure, v, 0, Double.POSITIVE_INFINITY);
            }
            return new PredictedValue(measure, v, v * Math.exp(-half), v * Math.exp(half));
        }
        if (Double.isInfinite(half)) {
            return new PredictedValue(measure, v, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        return new PredictedValue(measure, v, v - half, v + half);
    }
}
