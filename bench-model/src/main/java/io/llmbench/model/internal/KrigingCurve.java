package io.llmbench.model.internal;

import io.llmbench.model.ModelException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The physically informed curve: in log space, a linear model of the features (power laws in input
 * tokens, output tokens and traffic level, plus a hinge that switches on when the tokens in flight,
 * level·(input + output), pass a KV-cache capacity and requests start to queue), and a Gaussian
 * process (Matérn 5/2, one length scale per feature) on what the power laws miss. The linear part is
 * folded into the covariance as a Gaussian prior on its coefficients, so leave-one-out residuals
 * and variances have closed forms (Rasmussen &amp; Williams 2006, §5.4.2); the length scales, noise and
 * capacity are chosen by coordinate search to minimise the leave-one-out squared error.
 */
final class KrigingCurve implements Curve {
    static final double[] LENGTHS = {0.1, 0.15, 0.25, 0.4, 0.6, 1, 1.6, 2.5, 4, 8};
    static final double[] NOISES = {1e-5, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1};
    /** Candidate capacities as quantiles of the observed ln(tokens in flight); NaN means no saturation term. */
    static final double[] CAP_QUANTILES = {Double.NaN, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95};
    /** Prior variance of the coefficients of the log-linear part, in standardised units. */
    static final double BASIS_PRIOR = 10;
    /** Hyper-parameters are searched on at most this many observations (evenly strided). */
    static final int SEARCH_LIMIT = 200;
    /** The most observations one curve is fitted on. */
    static final int FIT_LIMIT = 2000;
    private static final int PASSES = 2;
    private static final double SQRT5 = Math.sqrt(5);

    private final Dataset data;
    private final boolean hinge;
    private final double capLog;
    private final double loadRange;
    private final double[] lengths;
    private final double noise;
    private final int p;
    private final int n;
    private final double[][] z;
    private final double[] alpha;
    private final double[] lowerInverse;
    private final double yMean;
    private final double ySd;
    private final double[] loo;
    private final double[] looSpread;

    private KrigingCurve(Dataset data, double[] y, boolean hinge, double loadRange, double capLog,
                         double[] lengths, double noise) {
        this.data = data;
        this.hinge = hinge;
        this.loadRange = loadRange;
        this.capLog = capLog;
        this.lengths = lengths;
        this.noise = noise;
        this.n = data.size();
        this.p = data.dims() + (hinge ? 1 : 0);
        double[] ly = logs(y);
        this.yMean = mean(ly);
        this.ySd = sd(ly, yMean);
        double[] yn = standardise(ly, yMean, ySd);
        this.z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = features(data.raw(i));
        }
        Solved s = solve(z, yn, lengths, noise, true);
        if (s == null) {
            throw new ModelException("covariance matrix is not positive definite for " + n + " observations; "
                    + "are there duplicated points with very different values?");
        }
        this.alpha = s.alpha;
        this.lowerInverse = s.lowerInverse;
        this.loo = new double[n];
        this.looSpread = new double[n];
        for (int i = 0; i < n; i++) {
            double r = alpha[i] / s.diag[i];
            loo[i] = Math.exp((yn[i] - r) * ySd + yMean);
            looSpread[i] = Math.sqrt(1 / s.diag[i]) * ySd;
        }
    }

    /** Fits a curve to positive values, searching its hyper-parameters. */
    static KrigingCurve fit(Dataset data, double[] y) {
        int n = data.size();
        if (n > FIT_LIMIT) {
            throw new ModelException("physical model fits at most " + FIT_LIMIT + " observations per deployment, but got " + n
                    + "; aggregate repeated runs or use Predictor.nearestNeighbour()");
        }
        boolean hinge = data.dims() == 3;
        double[] load = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            load[i] = lnLoad(data.raw(i));
            lo = Math.min(lo, load[i]);
            hi = Math.max(hi, load[i]);
        }
        double range = hi > lo ? hi - lo : 1;
        double[] sortedLoad = load.clone();
        Arrays.sort(sortedLoad);

        int[] sample = sample(n);
        double[] ly = logs(y);
        double m = mean(ly);
        double[] yn = standardise(ly, m, sd(ly, m));
        double[] ys = new double[sample.length];
        double[][] unitRows = new double[sample.length][];
        double[] loads = new double[sample.length];
        for (int j = 0; j < sample.length; j++) {
            ys[j] = yn[sample[j]];
            unitRows[j] = data.unit(sample[j]);
            loads[j] = load[sample[j]];
        }
        int p = data.dims() + (hinge ? 1 : 0);
        // state: p length indices, noise index, cap index
        int[] state = new int[p + 2];
        Arrays.fill(state, 0, p, 6);
        state[p] = 2;
        state[p + 1] = 0;
        Map<Long, Double> memo = new HashMap<>();
        double best = score(state, unitRows, loads, ys, hinge, sortedLoad, range, memo);
        for (int pass = 0; pass < PASSES; pass++) {
            int[] order = new int[p + 2];
            order[0] = p + 1;
            for (int d = 0; d < p; d++) {
                order[d + 1] = d;
            }
            order[p + 1] = p;
            for (int param : order) {
                if (param == p + 1 && !hinge) {
                    continue;
                }
                if (param == p - 1 && hinge && Double.isNaN(CAP_QUANTILES[state[p + 1]])) {
                    continue; // the hinge feature is all zeros without a capacity
                }
                int options = param < p ? LENGTHS.length : param == p ? NOISES.length : CAP_QUANTILES.length;
                int keep = state[param];
                int bestOption = keep;
                for (int o = 0; o < options; o++) {
                    if (o == keep) {
                        continue;
                    }
                    state[param] = o;
                    double s = score(state, unitRows, loads, ys, hinge, sortedLoad, range, memo);
                    if (s < best - 1e-12) {
                        best = s;
                        bestOption = o;
                    }
                }
                state[param] = bestOption;
            }
        }
        double[] lengths = new double[p];
        for (int d = 0; d < p; d++) {
            lengths[d] = LENGTHS[state[d]];
        }
        return new KrigingCurve(data, y, hinge, range, capLog(state[p + 1], sortedLoad), lengths, NOISES[state[p]]);
    }

    private static int[] sample(int n) {
        if (n <= SEARCH_LIMIT) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] s = new int[SEARCH_LIMIT];
        for (int j = 0; j < SEARCH_LIMIT; j++) {
            s[j] = (int) ((long) j * n / SEARCH_LIMIT);
        }
        return s;
    }

    private static double capLog(int capIndex, double[] sortedLoad) {
        double q = CAP_QUANTILES[capIndex];
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        double pos = q * (sortedLoad.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sortedLoad.length - 1);
        return sortedLoad[i] + (pos - i) * (sortedLoad[j] - sortedLoad[i]);
    }

    private static double score(int[] state, double[][] unitRows, double[] loads, double[] ys, boolean hinge,
                                double[] sortedLoad, double loadRange, Map<Long, Double> memo) {
        long key = 0;
        for (int s : state) {
            key = key * 16 + s;
        }
        Double cached = memo.get(key);
        if (cached != null) {
            return cached;
        }
        int p = unitRows[0].length + (hinge ? 1 : 0);
        double cap = hinge ? capLog(state[p + 1], sortedLoad) : Double.NaN;
        double[][] f = new double[unitRows.length][];
        for (int i = 0; i < f.length; i++) {
            f[i] = assemble(unitRows[i], hinge, loads[i], cap, loadRange);
        }
        double[] lengths = new double[p];
        for (int d = 0; d < p; d++) {
            lengths[d] = LENGTHS[state[d]];
        }
        Solved s = solve(f, ys, lengths, NOISES[state[p]], false);
        double result;
        if (s == null) {
            result = Double.POSITIVE_INFINITY;
        } else {
            double sum = 0;
            for (int i = 0; i < ys.length; i++) {
                double r = s.alpha[i] / s.diag[i];
                sum += r * r;
            }
            result = sum / ys.length;
        }
        memo.put(key, result);
        return result;
    }

    private record Solved(double[] alpha, double[] diag, double[] lowerInverse) {
    }

    private static Solved solve(double[][] f, double[] y, double[] lengths, double noise, boolean keepInverse) {
        int n = f.length;
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = kernel(f[i], f[j], lengths);
                k[i * n + j] = v;
                k[j * n + i] = v;
            }
            k[i * n + i] += noise;
        }
        if (!Cholesky.factor(k, n)) {
            return null;
        }
        double[] li = Cholesky.lowerInverse(k, n);
        double[] alpha = Cholesky.lowerTransposeTimes(li, n, Cholesky.lowerTimes(li, n, y));
        double[] diag = new double[n];
        for (int c = 0; c < n; c++) {
            double s = 0;
            for (int r = c; r < n; r++) {
                double v = li[r * n + c];
                s += v * v;
            }
            diag[c] = s;
        }
        return new Solved(alpha, diag, keepInverse ? li : null);
    }

    private static double kernel(double[] a, double[] b, double[] lengths) {
        double r2 = 0;
        double dot = 1;
        for (int d = 0; d < a.length; d++) {
            double x = (a[d] - b[d]) / lengths[d];
            r2 += x * x;
            dot += a[d] * b[d];
        }
        double s = SQRT5 * Math.sqrt(r2);
        return (1 + s + s * s / 3) * Math.exp(-s) + BASIS_PRIOR * dot;
    }

    private static double lnLoad(double[] raw) {
        return raw.length > 2 ? Math.log(raw[2] * (raw[0] + raw[1])) : 0;
    }

    private static double[] assemble(double[] unit, boolean hinge, double lnLoad, double capLog, double loadRange) {
        if (!hinge) {
            return unit;
        }
        double[] f = Arrays.copyOf(unit, unit.length + 1);
        f[unit.length] = Double.isNaN(capLog) ? 0 : Math.max(0, lnLoad - capLog) / loadRange;
        return f;
    }

    private double[] features(double[] raw) {
        return assemble(data.toUnit(raw), hinge, lnLoad(raw), capLog, loadRange);
    }

    @Override
    public ValueSpread at(double[] raw) {
        double[] f = features(raw);
        double[] kv = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            kv[i] = kernel(f, z[i], lengths);
            mean += kv[i] * alpha[i];
        }
        double[] w = Cholesky.lowerTimes(lowerInverse, n, kv);
        double var = kernel(f, f, lengths) + noise;
        for (double x : w) {
            var -= x * x;
        }
        var = Math.max(var, noise);
        return new ValueSpread(Math.exp(mean * ySd + yMean), Math.sqrt(var) * ySd);
    }

    @Override
    public double[] loo() {
        return loo.clone();
    }

    @Override
    public double[] looSpread() {
        return looSpread.clone();
    }

    @Override
    public boolean tuned() {
        return true;
    }

    @Override
    public boolean logScale() {
        return true;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("kriging(log; lengths=").append(Arrays.toString(lengths))
                .append(", noise=").append(noise);
        if (hinge && !Double.isNaN(capLog)) {
            sb.append(", saturation above ").append(String.format(Locale.ROOT, "%.3g", Math.exp(capLog))).append(" level*tokens");
        }
        return sb.append(')').toString();
    }

    private static double[] logs(double[] y) {
        double[] l = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            l[i] = Math.log(y[i]);
        }
        return l;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v, double m) {
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        double sd = Math.sqrt(s / v.length);
        return sd > 1e-12 ? sd : 1;
    }

    private static double[] standardise(double[] v, double m, double sd) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (v[i] - m) / sd;
        }
        return r;
    }
}
