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
 * spread (the Gaussian process's predictive sd; 1 for curves without one), kept between the median
 * and the largest of its leave-one-out spreads (a spread the search made tiny must not make a scale
 * factor huge, and how uncertainty grows beyond the data is learnt from the folds below), and
 * q(L) the conformal quantile of the leave-one-out residuals divided by their (so floored) spreads (a
 * jackknife / split-conformal construction). When the same residuals also chose the curve (its settings, or the curve among
 * candidates), they are a little smaller than a new point's will be; such fits take the score one
 * rank higher (never beyond n).
 *
 * <p><b>Beyond the data</b> the half-width grows: {@code q(L)·s(x) + sqrt(Σ_k (a_k·δ_k(x))²)·z(L)/z(90%)},
 * δ_k the distance beyond the measured range of active dimension k as a fraction of it (at least
 * {@value #DISTANCE_FLOOR} when a_k is learnt), z the normal quantile. Each growth a_k is learnt on
 * the deployment's own runs: the curve is refitted (same settings) on the
 * {@linkplain Dataset#folds() extrapolation folds} along dimension k, the held-out runs are predicted,
 * and a_k is the smallest growth that puts {@value #GROWTH_LEVEL} of them inside their intervals; a
 * dimension with too few values for folds takes {@link #DEFAULT_GROWTH}. The same folds' errors take
 * part in choosing between candidate curves.
 */
final class DirectFit extends MeasureFit {
    /** The coverage the extrapolation growth is calibrated for. */
    static final double GROWTH_LEVEL = 0.9;
    /**
     * The growth used when the runs allow no extrapolation fold (fewer than 3 values in every varying
     * dimension): ln 2 per range for log-scale curves (absolute curves take their own 90% half-width).
     */
    static final double DEFAULT_GROWTH = Math.log(2);
    /**
     * The least growth along a dimension, as a fraction of how steeply the measure changes along it
     * over the data (its log change across the measured range): a curve that changes a lot along a
     * dimension is uncertain beyond it even when the deployment's own folds looked benign. Chosen on
     * nim.csv's extrapolation splits (docs/MODEL-ACCURACY.md).
     */
    static final double MIN_GROWTH = 1.0;
    /** Distances beyond the data below this fraction of the range count as this much when the growth is learnt. */
    static final double DISTANCE_FLOOR = 0.2;

    private final Dataset data;
    private final Curve curve;
    private final double[] y;
    private final double[] loo;
    private final double[] looSpread;
    private final double[] sortedScores;
    /** The median leave-one-out spread: no spread counts as less (see the class documentation). */
    private final double spreadFloor;
    /** The largest leave-one-out spread: no spread counts as more; growth beyond the data is the folds' business. */
    private final double spreadCap;
    private final double looError;
    private final int rankOffset;
    private final Folds folds;

    /** What the extrapolation folds found: predictions at each fold's test rows, the growth, the mean error. */
    record Folds(double[][] predictions, double[] growth, double error) {
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
        double[] ls = curve.looSpread();
        this.spreadFloor = median(ls);
        this.spreadCap = Math.max(spreadFloor, Arrays.stream(ls).filter(Double::isFinite).max().orElse(spreadFloor));
        this.looSpread = floored(ls, spreadFloor);
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

    static double median(double[] v) {
        double[] s = sorted(v);
        return s.length == 0 ? 0 : s[s.length / 2];
    }

    static double[] floored(double[] v, double floor) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.max(v[i], floor);
        }
        return r;
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
        double spread = Math.min(Math.max(vs.spread(), spreadFloor), spreadCap);
        double extra = extrapolation(data.toUnit(raw));
        return new Band(vs.value(), quantile(level) * spread + extra * z(level),
                quantile(Predictor.DEFAULT_LEVEL) * spread + extra);
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

    /** The extrapolation term at 90%: the root sum of squares of each active dimension's growth × distance beyond the data. */
    private double extrapolation(double[] u) {
        double s = 0;
        for (int k = 0; k < u.length; k++) {
            double d = Math.max(0, Math.max(-u[k], u[k] - 1));
            if (d > 0) {
                double e = folds.growth()[k] * d;
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }

    /** The extrapolation growth per active dimension (see the class documentation). */
    double[] growth() {
        return folds.growth().clone();
    }

    /**
     * How steeply the measure changes along each active dimension over the data: the mean absolute
     * derivative of the fitted curve (of its log, for log-scale curves) with respect to the
     * normalised coordinate, by central differences at the runs.
     */
    private double[] trendSlopes() {
        int n = data.size();
        int dims = data.dims();
        double[] out = new double[dims];
        double h = 0.05;
        for (int i = 0; i < n; i++) {
            double[] u = data.unit(i);
            double[] base = data.raw(i);
            for (int k = 0; k < dims; k++) {
                double lo = Math.max(0, u[k] - h);
                double hi = Math.min(1, u[k] + h);
                if (hi - lo < 1e-9) {
                    continue;
                }
                double[] a = u.clone();
                double[] b = u.clone();
                a[k] = lo;
                b[k] = hi;
                double fa = curve.at(data.fromUnit(a, base)).value();
                double fb = curve.at(data.fromUnit(b, base)).value();
                double d = curve.logScale() ? (fa > 0 && fb > 0 ? Math.log(fb / fa) : 0) : fb - fa;
                out[k] += Math.abs(d) / (hi - lo) / n;
            }
        }
        return out;
    }

    /** Refits the curve on each fold of the dataset and predicts its test rows. */
    private Folds runFolds() {
        int n = data.size();
        int dims = data.dims();
        List<Dataset.Fold> fs = data.folds();
        double[][] preds = new double[fs.size()][];
        List<List<Double>> slopes = new ArrayList<>();
        for (int k = 0; k < dims; k++) {
            slopes.add(new ArrayList<>());
        }
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
            double[] fls = c.looSpread();
            double floor = median(fls);
            double cap = Math.max(floor, Arrays.stream(fls).filter(Double::isFinite).max().orElse(floor));
            double[] cs = floored(fls, floor);
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
                double need = score(y[i], vs.value(), 1, c.logScale()) - q * Math.min(Math.max(vs.spread(), floor), cap);
                double delta = data.beyond(data.unit(i), rows, fold.dim());
                if (delta > 1e-9 && !Double.isNaN(need)) {
                    slopes.get(fold.dim()).add(Double.isInfinite(need) ? Double.POSITIVE_INFINITY : need / Math.max(delta, DISTANCE_FLOOR));
                }
            }
        }
        double q90 = intervalQuantile(sortedScores, GROWTH_LEVEL, 0);
        double fallback = curve.logScale() || Double.isInfinite(q90) ? DEFAULT_GROWTH : q90;
        double[] growth = new double[dims];
        double[] trend = trendSlopes();
        for (int k = 0; k < dims; k++) {
            List<Double> sl = slopes.get(k);
            double floor = MIN_GROWTH * trend[k];
            if (sl.size() < 3) {
                growth[k] = Math.max(fallback, floor);
                continue;
            }
            double[] s = sl.stream().mapToDouble(Double::doubleValue).toArray();
            double a = conformal(sorted(s), GROWTH_LEVEL, 0);
            if (Double.isInfinite(a)) {
                a = Arrays.stream(s).filter(Double::isFinite).max().orElse(fallback);
            }
            growth[k] = Math.max(floor, a);
        }
        return new Folds(preds, growth, count == 0 ? Double.NaN : err / count);
    }
}
