package io.llmbench.model.internal;

import io.llmbench.model.Measure;
import io.llmbench.model.Predictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A curve with intervals calibrated on its own residuals.
 *
 * <p><b>Inside the data</b> the half-width at level L is {@code q(L)·s(x)}: s(x) the curve's local
 * spread (the Gaussian process's predictive sd; 1 for curves without one) and q(L) the conformal
 * quantile of the leave-one-out residuals divided by their spreads (a jackknife / split-conformal
 * construction). When the same residuals also chose the curve (its settings, or the curve among
 * candidates), they are a little smaller than a new point's will be; such fits take the score one
 * rank higher (never beyond n).
 *
 * <p><b>Beyond the data</b> the half-width grows: {@code q(L)·s(x) + a·δ(x)·z(L)/z(90%)}, δ the
 * distance beyond the measured range as a fraction of it (at least {@value #DISTANCE_FLOOR} when a is
 * learnt), z the normal quantile. The growth a is learnt on the deployment's own runs: the curve is
 * refitted (same settings) on the {@linkplain Dataset#folds() extrapolation folds}, the held-out runs
 * are predicted, and a is the smallest growth that puts {@value #GROWTH_LEVEL} of them inside their
 * intervals. The same folds' errors take part in choosing between candidate curves.
 */
final class DirectFit extends MeasureFit {
    /** The coverage the extrapolation growth is calibrated for. */
    static final double GROWTH_LEVEL = 0.9;
    /**
     * The growth used when the runs allow no extrapolation fold (fewer than 3 values in every varying
     * dimension): ln 2 per range for log-scale curves (absolute curves take their own 90% half-width).
     */
    static final double DEFAULT_GROWTH = Math.log(2);
    /** Distances beyond the data below this fraction of the range count as this much when the growth is learnt. */
    static final double DISTANCE_FLOOR = 0.2;

    private final Dataset data;
    private final Curve curve;
    private final double[] y;
    private final double[] loo;
    private final double[] looSpread;
    private final double[] sortedScores;
    private final double looError;
    private final int rankOffset;
    private final Folds folds;

    /** What the extrapolation folds found: predictions at each fold's test rows, the growth, the mean error. */
    record Folds(double[][] predictions, double growth, double error) {
    }

    DirectFit(Measure measure, Dataset data, Curve curve, double[] y) {
        this(measure, data, curve, y, curve.tuned() ? 1 : 0, null);
    }

    private DirectFit(Measure measure, Dataset data, Curve curve, double[] y, int rankOffset, Folds folds) {
        super(measure);
        this.data = data;
        this.curve = curve;
        this.y = y;
        this.rankOffset = rankOffset;
        this.loo = curve.loo();
        this.looSpread = curve.looSpread();
        double[] scores = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            scores[i] = score(y[i], loo[i], looSpread[i], curve.logScale());
        }
        this.sortedScores = sorted(scores);
        this.looError = meanError(y, loo);
        this.folds = folds != null ? folds : runFolds();
    }

    Curve curve() {
        return curve;
    }

    @Override
    MeasureFit selected() {
        return rankOffset == 1 ? this : new DirectFit(measure, data, curve, y, 1, folds);
    }

    double quantile(double level) {
        return intervalQuantile(sortedScores, level, rankOffset);
    }

    @Override
    Band band(double[] raw, double level) {
        Curve.ValueSpread vs = curve.at(raw);
        double extra = folds.growth() * data.beyond(data.toUnit(raw));
        return new Band(vs.value(), quantile(level) * vs.spread() + extra * z(level),
                quantile(Predictor.DEFAULT_LEVEL) * vs.spread() + extra);
    }

    @Override
    double[] loo() {
        return loo;
    }

    @Override
    double[][] foldPredictions() {
        return folds.predictions();
    }

    @Override
    double foldError() {
        return folds.error();
    }

    @Override
    double looHalf(int i, double level) {
        return quantile(level) * looSpread[i];
    }

    @Override
    boolean logScale() {
        return curve.logScale();
    }

    @Override
    double looError() {
        return looError;
    }

    @Override
    String describe() {
        return curve.describe();
    }

    @Override
    void prepare() {
    }

    /**
     * How the extrapolation term scales with the interval level: the ratio of the normal quantiles
     * at the level and at 90% (it was calibrated at 90%).
     */
    static double z(double level) {
        return Z90 == 0 ? 1 : NORMAL.inverseCumulativeProbability(0.5 + level / 2) / Z90;
    }

    private static final org.apache.commons.math3.distribution.NormalDistribution NORMAL =
            new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);
    private static final double Z90 = NORMAL.inverseCumulativeProbability(0.5 + GROWTH_LEVEL / 2);

    /** The extrapolation growth a (see the class documentation). */
    double growth() {
        return folds.growth();
    }

    /** Refits the curve on each fold of the dataset and predicts its test rows. */
    private Folds runFolds() {
        int n = data.size();
        List<Dataset.Fold> fs = data.folds();
        double[][] preds = new double[fs.size()][];
        List<Double> slopes = new ArrayList<>();
        double err = 0;
        int count = 0;
        for (int f = 0; f < fs.size(); f++) {
            double[] p = new double[n];
            Arrays.fill(p, Double.NaN);
            preds[f] = p;
            Dataset.Fold fold = fs.get(f);
            int[] rows = fold.train();
            Curve c = curve.refit(rows);
            if (c == null) {
                continue;
            }
            double[] cl = c.loo();
            double[] cs = c.looSpread();
            double[] scores = new double[rows.length];
            for (int j = 0; j < rows.length; j++) {
                scores[j] = score(y[rows[j]], cl[j], cs[j], c.logScale());
            }
            double q = intervalQuantile(sorted(scores), GROWTH_LEVEL, 0);
            for (int i : fold.test()) {
                Curve.ValueSpread vs = c.at(data.raw(i));
                p[i] = vs.value();
                err += relativeError(y[i], vs.value());
                count++;
                if (!(q > 0) || Double.isInfinite(q)) {
                    continue;
                }
                double need = score(y[i], vs.value(), 1, c.logScale()) - q * vs.spread();
                double delta = data.beyond(data.unit(i), rows);
                if (delta > 1e-9 && !Double.isNaN(need)) {
                    slopes.add(Double.isInfinite(need) ? Double.POSITIVE_INFINITY : need / Math.max(delta, DISTANCE_FLOOR));
                }
            }
        }
        double growth;
        if (slopes.size() < 3) {
            double q = intervalQuantile(sortedScores, GROWTH_LEVEL, 0);
            growth = curve.logScale() || Double.isInfinite(q) ? DEFAULT_GROWTH : q;
        } else {
            double[] s = slopes.stream().mapToDouble(Double::doubleValue).toArray();
            double a = conformal(sorted(s), GROWTH_LEVEL, 0);
            if (Double.isInfinite(a)) {
                a = Arrays.stream(s).filter(Double::isFinite).max().orElse(DEFAULT_GROWTH);
            }
            growth = Math.max(0, a);
        }
        return new Folds(preds, growth, count == 0 ? Double.NaN : err / count);
    }
}
