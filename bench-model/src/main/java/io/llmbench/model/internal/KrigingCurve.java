package io.llmbench.model.internal;

import io.llmbench.model.ModelException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The physically informed curve, in log space: a trend, and a Gaussian process (Matérn 5/2, one
 * length scale per feature) on what the trend misses. Two trends:
 * <ul>
 *   <li><b>power law</b>: linear in the log coordinates (power laws in input tokens, output tokens and
 *       traffic level), plus a hinge that switches on when the tokens in flight, level·(input +
 *       output), pass a capacity;</li>
 *   <li><b>queueing</b> (closed loop with varying concurrency): the {@link QueueMean} of a
 *       continuous-batching server with a KV-cache capacity, which extrapolates in load the way
 *       servers behave (linear growth, then a plateau of decode speed and a queue).</li>
 * </ul>
 * The log-linear part is folded into the covariance as a Gaussian prior on its coefficients, so
 * leave-one-out residuals and variances have closed forms (Rasmussen &amp; Williams 2006, §5.4.2); the
 * length scales, noise and capacity are chosen by coordinate search to minimise the leave-one-out
 * squared error (in log units).
 */
final class KrigingCurve implements Curve {
    static final double[] LENGTHS = {0.1, 0.15, 0.25, 0.4, 0.6, 1, 1.6, 2.5, 4, 8};
    static final double[] NOISES = {1e-5, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1};
    /** Candidate capacities as quantiles of the observed ln(tokens in flight); NaN means none. */
    static final double[] CAP_QUANTILES = {Double.NaN, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95};
    /** Prior variance of the coefficients of the log-linear part, in standardised units. */
    static final double BASIS_PRIOR = 10;
    /** The same over the queueing trend, whose shape the log-linear part should only nudge. */
    static final double QUEUE_BASIS_PRIOR = 0.1;
    /** Hyper-parameters are searched on at most this many observations (evenly strided). */
    static final int SEARCH_LIMIT = 200;
    /** The most observations one curve is fitted on. */
    static final int FIT_LIMIT = 2000;
    private static final int PASSES = 2;
    private static final double SQRT5 = Math.sqrt(5);

    /** What a search settles on. */
    private record Settings(QueueMean.Kind queue, boolean hinge, double capLog, double loadRange, double[] lengths, double noise) {
        double basisPrior() {
            return queue == null ? BASIS_PRIOR : QUEUE_BASIS_PRIOR;
        }
    }

    private final Dataset data;
    private final double[] y;
    private final Settings settings;
    private final QueueMean mean;
    private final int n;
    private final double[][] z;
    private final double[] alpha;
    private final double[] lowerInverse;
    private final double yMean;
    private final double ySd;
    private final double[] loo;
    private final double[] looSpread;

    private KrigingCurve(Dataset data, double[] y, int[] rows, Settings settings) {
        this.data = data;
        this.y = y;
        this.settings = settings;
        this.n = rows.length;
        this.mean = settings.queue == null ? null
                : QueueMean.fit(settings.queue, data, y, rows, Double.isNaN(settings.capLog) ? Double.POSITIVE_INFINITY : Math.exp(settings.capLog));
        double[] ly = new double[n];
        for (int j = 0; j < n; j++) {
            ly[j] = Math.log(y[rows[j]]) - trend(data.raw(rows[j]));
        }
        this.yMean = mean(ly);
        this.ySd = sd(ly, yMean);
        double[] yn = standardise(ly, yMean, ySd);
        this.z = new double[n][];
        for (int j = 0; j < n; j++) {
            z[j] = features(data.raw(rows[j]));
        }
        Solved s = solve(z, yn, settings.lengths, settings.noise, settings.basisPrior(), true);
        if (s == null) {
            throw new ModelException("covariance matrix is not positive definite for " + n + " observations; "
                    + "are there duplicated points with very different values?");
        }
        this.alpha = s.alpha;
        this.lowerInverse = s.lowerInverse;
        this.loo = new double[n];
        this.looSpread = new double[n];
        for (int j = 0; j < n; j++) {
            double r = alpha[j] / s.diag[j];
            loo[j] = Math.exp((yn[j] - r) * ySd + yMean + trend(data.raw(rows[j])));
            looSpread[j] = Math.sqrt(1 / s.diag[j]) * ySd;
        }
    }

    private double trend(double[] raw) {
        return mean == null ? 0 : Math.log(mean.at(raw));
    }

    @Override
    public Curve refit(int[] rows) {
        if (rows.length < 3) {
            return null;
        }
        try {
            return new KrigingCurve(data, y, rows, settings);
        } catch (ModelException e) {
            return null;
        }
    }

    /** The power-law curve, its settings searched. */
    static KrigingCurve fit(Dataset data, double[] y) {
        return search(data, y, null);
    }

    /**
     * The queueing curve of a kind, its settings searched; null when the data are not a closed loop
     * whose concurrency varies (the queueing mean needs requests in flight).
     */
    static KrigingCurve fitQueue(Dataset data, double[] y, QueueMean.Kind kind) {
        if (!data.closedLoop() || !data.levelVaries() || kind == null) {
            return null;
        }
        return search(data, y, kind);
    }

    private static KrigingCurve search(Dataset data, double[] y, QueueMean.Kind queue) {
        int n = data.size();
        if (n > FIT_LIMIT) {
            throw new ModelException("physical model fits at most " + FIT_LIMIT + " observations per deployment, but got " + n
                    + "; aggregate repeated runs or use Predictor.nearestNeighbour()");
        }
        boolean hinge = queue == null && data.levelVaries();
        boolean capacity = hinge || queue != null;
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
        int p = data.dims() + (hinge ? 1 : 0);
        Search s = new Search(data, y, sample, queue, hinge, sortedLoad, range, p);
        // state: p length indices, noise index, capacity index
        int[] state = new int[p + 2];
        Arrays.fill(state, 0, p, 6);
        state[p] = 2;
        state[p + 1] = 0;
        double best = s.score(state);
        for (int pass = 0; pass < PASSES; pass++) {
            int[] order = new int[p + 2];
            order[0] = p + 1;
            for (int d = 0; d < p; d++) {
                order[d + 1] = d;
            }
            order[p + 1] = p;
            for (int param : order) {
                if (param == p + 1 && !capacity) {
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
                    double sc = s.score(state);
                    if (sc < best - 1e-12) {
                        best = sc;
                        bestOption = o;
                    }
                }
                state[param] = bestOption;
            }
        }
        return new KrigingCurve(data, y, LinearCurve.all(n), s.settings(state));
    }

    /** The coordinate search's state: the sample, and the leave-one-out score of each setting (memoised). */
    private static final class Search {
        final Dataset data;
        final double[] y;
        final int[] sample;
        final QueueMean.Kind queue;
        final boolean hinge;
        final double[] sortedLoad;
        final double loadRange;
        final int p;
        final Map<Long, Double> memo = new HashMap<>();
        final Map<Integer, double[]> targets = new HashMap<>();

        Search(Dataset data, double[] y, int[] sample, QueueMean.Kind queue, boolean hinge, double[] sortedLoad, double loadRange, int p) {
            this.data = data;
            this.y = y;
            this.sample = sample;
            this.queue = queue;
            this.hinge = hinge;
            this.sortedLoad = sortedLoad;
            this.loadRange = loadRange;
            this.p = p;
        }

        Settings settings(int[] state) {
            double[] lengths = new double[p];
            for (int d = 0; d < p; d++) {
                lengths[d] = LENGTHS[state[d]];
            }
            return new Settings(queue, hinge, capLog(state[p + 1], sortedLoad), loadRange, lengths, NOISES[state[p]]);
        }

        /** Log values minus the trend at a capacity, over the sample; [values..., sd] (standardised). */
        double[] target(int capIndex) {
            return targets.computeIfAbsent(queue == null ? 0 : capIndex, c -> {
                double[] t = new double[sample.length + 1];
                QueueMean m = queue == null ? null : QueueMean.fit(queue, data, y, sample,
                        Double.isNaN(CAP_QUANTILES[c]) ? Double.POSITIVE_INFINITY : Math.exp(capLog(c, sortedLoad)));
                double[] ly = new double[sample.length];
                for (int j = 0; j < sample.length; j++) {
                    double[] raw = data.raw(sample[j]);
                    ly[j] = Math.log(y[sample[j]]) - (m == null ? 0 : Math.log(m.at(raw)));
                }
                double mu = mean(ly);
                double sd = sd(ly, mu);
                System.arraycopy(standardise(ly, mu, sd), 0, t, 0, sample.length);
                t[sample.length] = sd;
                return t;
            });
        }

        double score(int[] state) {
            long key = 0;
            for (int s : state) {
                key = key * 16 + s;
            }
            Double cached = memo.get(key);
            if (cached != null) {
                return cached;
            }
            Settings st = settings(state);
            double[] t = target(state[p + 1]);
            double[] ys = Arrays.copyOf(t, sample.length);
            double sd = t[sample.length];
            double[][] f = new double[sample.length][];
            for (int j = 0; j < sample.length; j++) {
                double[] raw = data.raw(sample[j]);
                f[j] = assemble(data.toUnit(raw), hinge, lnLoad(raw), st.capLog(), loadRange);
            }
            Solved s = solve(f, ys, st.lengths(), st.noise(), st.basisPrior(), false);
            double result;
            if (s == null) {
                result = Double.POSITIVE_INFINITY;
            } else {
                double sum = 0;
                for (int i = 0; i < ys.length; i++) {
                    double r = s.alpha[i] / s.diag[i] * sd;
                    sum += r * r;
                }
                result = sum / ys.length;
            }
            memo.put(key, result);
            return result;
        }
    }

    private static int[] sample(int n) {
        if (n <= SEARCH_LIMIT) {
            return LinearCurve.all(n);
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

    private record Solved(double[] alpha, double[] diag, double[] lowerInverse) {
    }

    private static Solved solve(double[][] f, double[] y, double[] lengths, double noise, double prior, boolean keepInverse) {
        int n = f.length;
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = kernel(f[i], f[j], lengths, prior);
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

    private static double kernel(double[] a, double[] b, double[] lengths, double prior) {
        double r2 = 0;
        double dot = 1;
        for (int d = 0; d < a.length; d++) {
            double x = (a[d] - b[d]) / lengths[d];
            r2 += x * x;
            dot += a[d] * b[d];
        }
        double s = SQRT5 * Math.sqrt(r2);
        return (1 + s + s * s / 3) * Math.exp(-s) + prior * dot;
    }

    private static double lnLoad(double[] raw) {
        return raw.length > 2 ? Math.log(raw[Dataset.LEVEL] * (raw[Dataset.INPUT] + raw[Dataset.OUTPUT])) : 0;
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
        return assemble(data.toUnit(raw), settings.hinge, lnLoad(raw), settings.capLog, settings.loadRange);
    }

    @Override
    public ValueSpread at(double[] raw) {
        double[] f = features(raw);
        double[] kv = new double[n];
        double m = 0;
        for (int i = 0; i < n; i++) {
            kv[i] = kernel(f, z[i], settings.lengths, settings.basisPrior());
            m += kv[i] * alpha[i];
        }
        double[] w = Cholesky.lowerTimes(lowerInverse, n, kv);
        double var = kernel(f, f, settings.lengths, settings.basisPrior()) + settings.noise;
        for (double x : w) {
            var -= x * x;
        }
        var = Math.max(var, settings.noise);
        return new ValueSpread(Math.exp(m * ySd + yMean + trend(raw)), Math.sqrt(var) * ySd);
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
        String load = data.closedLoop() ? " tokens in flight" : " tokens/s offered";
        String cap = Double.isNaN(settings.capLog) ? null
                : Format.number(Math.exp(settings.capLog), 2);
        if (settings.queue != null) {
            return "queueing model of a batching server" + (cap == null ? "" : " with a KV cache of about " + cap + " tokens")
                    + ", with a smooth correction fitted to the runs";
        }
        StringBuilder sb = new StringBuilder("power law in ").append(String.join(", ", data.activeNames()));
        if (settings.hinge && cap != null) {
            sb.append(", rising faster above ").append(cap).append(load).append(" (saturation)");
        }
        return sb.append(", with a smooth correction fitted to the runs").toString();
    }

    /** The settings chosen by the search, for tests and diagnostics. */
    @Override
    public String toString() {
        return "kriging(" + (settings.queue == null ? "power law" : "queue " + settings.queue) + ", lengths=" + Arrays.toString(settings.lengths)
                + ", noise=" + settings.noise + (Double.isNaN(settings.capLog) ? "" : ", capacity=" + Math.exp(settings.capLog)) + ")";
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
