package io.llmbench.model.internal;

import io.llmbench.model.Measure;
import java.util.Arrays;

/**
 * One measure's prediction with calibrated uncertainty: a central value and a half-width at any
 * interval level, in log units (relative error) or natural units (absolute error, the linear
 * baseline). Two kinds: {@link DirectFit}, a curve calibrated on its own leave-one-out residuals,
 * and {@link DerivedFit}, an identity over other fits whose half-width follows from theirs.
 * Immutable once {@link #prepare() prepared}; thread-safe.
 */
abstract class MeasureFit {
    final Measure measure;

    MeasureFit(Measure measure) {
        this.measure = measure;
    }

    /** The central value and half-widths at raw coordinates. */
    abstract Band band(double[] raw, double level);

    /** Leave-one-out predictions at the training rows, natural units; NaN where undefined. */
    abstract double[] loo();

    /**
     * Predictions of each {@linkplain Dataset#folds() extrapolation fold}: [fold][row], NaN for rows
     * the fold trained on or could not predict.
     */
    abstract double[][] foldPredictions();

    /** Mean {@linkplain #relativeError relative error} over the extrapolation folds' test rows; NaN when there are none. */
    abstract double foldError();

    /** What candidates are compared by: leave-one-out error plus, when there are folds, the extrapolation folds' error. */
    double selectionError() {
        double f = foldError();
        return Double.isNaN(f) ? looError() : looError() + f;
    }

    /** The half-width the fit would have given row i when it was left out, at a level. */
    abstract double looHalf(int i, double level);

    /** Whether half-widths are log ratios (else absolute, in the measure's unit). */
    abstract boolean logScale();

    /** Mean leave-one-out {@linkplain #relativeError relative error}: how candidates are compared. */
    abstract double looError();

    /** How it predicts, in words. */
    abstract String describe();

    /** This fit, marked as chosen among candidates on the same residuals that measure it (its quantiles take one rank more). */
    abstract MeasureFit selected();

    /** Computes what is computed once (the extrapolation calibration), before the fit is shared. */
    abstract void prepare();

    /**
     * A value and its half-widths: at the requested level, and at {@link io.llmbench.model.Predictor#DEFAULT_LEVEL}
     * (the one the confidence word is judged by).
     */
    record Band(double value, double half, double half90) {
    }

    /**
     * A quantile of sorted non-negative scores (|residual| / spread) for intervals: the conformal one,
     * the score at rank ⌈(n + 1)·level⌉ plus {@code rankOffset} (at most n); when that rank exceeds n
     * (fewer than about 10 runs at 90%), the root-mean-square score times Student's t quantile with
     * n − 1 − rankOffset degrees of freedom (normal residuals), infinite when no degree is left.
     */
    static double intervalQuantile(double[] sorted, double level, int rankOffset) {
        double q = conformal(sorted, level, rankOffset);
        int n = sorted.length;
        if (!Double.isInfinite(q) || n == 0 || Double.isInfinite(sorted[n - 1])) {
            return q;
        }
        int df = n - 1 - rankOffset;
        if (df < 1) {
            return Double.POSITIVE_INFINITY;
        }
        double ss = 0;
        for (double s : sorted) {
            ss += s * s;
        }
        return Math.sqrt(ss / n) * new org.apache.commons.math3.distribution.TDistribution(null, df)
                .inverseCumulativeProbability(0.5 + level / 2);
    }

    /**
     * The conformal quantile of sorted non-negative scores: the score at rank ⌈(n + 1)·level⌉ plus
     * {@code rankOffset} (at most n); infinite when ⌈(n + 1)·level⌉ exceeds n.
     */
    static double conformal(double[] sorted, double level, int rankOffset) {
        int n = sorted.length;
        int k = (int) Math.ceil((n + 1) * level - 1e-9);
        if (k > n || n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        k = Math.min(k + rankOffset, n);
        return sorted[Math.max(k, 1) - 1];
    }

    static double[] sorted(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    /** |residual| / spread: log ratio for log-scale curves, difference otherwise; infinite where undefined. */
    static double score(double y, double pred, double spread, boolean log) {
        if (Double.isNaN(pred) || !(spread > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        if (log) {
            return pred > 0 ? Math.abs(Math.log(y / pred)) / spread : Double.POSITIVE_INFINITY;
        }
        return Math.abs(y - pred) / spread;
    }

    /**
     * The error used to choose between fits: |ln(pred / actual)| when the prediction is positive,
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

    static double meanError(double[] y, double[] loo) {
        double err = 0;
        for (int i = 0; i < y.length; i++) {
            err += relativeError(y[i], loo[i]);
        }
        return err / y.length;
    }
}
