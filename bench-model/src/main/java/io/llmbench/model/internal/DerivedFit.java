package io.llmbench.model.internal;

import io.llmbench.model.Measure;
import io.llmbench.model.Predictor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A measure computed from other measures' fits by an identity that holds per request or per job, so
 * that it inherits their accuracy <em>and</em> their uncertainty:
 * <ul>
 *   <li>{@link Law#E2E_FROM_TTFT_TPOT}: E2E = TTFT + (output − 1)·TPOT (the definition of TPOT);</li>
 *   <li>{@link Law#USER_TPS_FROM_TPOT}: user TPS = 1000·output / ((output − 1)·TPOT) (both definitions);</li>
 *   <li>{@link Law#OUTPUT_THROUGHPUT_FROM_E2E}: output tokens/s = 1000·concurrency·output / E2E (Little's law, closed loop);</li>
 *   <li>{@link Law#REQUEST_THROUGHPUT_FROM_E2E}: requests/s = 1000·concurrency / E2E (Little's law, closed loop);</li>
 *   <li>{@link Law#REQUEST_THROUGHPUT_FROM_OUTPUT}: requests/s = output tokens/s / output tokens per request.</li>
 * </ul>
 *
 * <p>Intervals are propagated, never borrowed: the log half-width is
 * {@code sqrt(Σ (w_k·h_k)² + m(L)²)}, where h_k is part k's own calibrated half-width at the point (its
 * extrapolation growth included), w_k = ∂ln(value)/∂ln(part k) (for E2E: each part's share of the
 * total), and m(L) the law's own misfit on this measure's runs (how far the measured values stray
 * from the identity applied to the parts' leave-one-out predictions, beyond what the parts' widths
 * explain). No factor learnt on one measure scales another's width. Residuals are log ratios.
 */
final class DerivedFit extends MeasureFit {
    enum Law {
        E2E_FROM_TTFT_TPOT(Measure.E2E, "TTFT + (output - 1) x TPOT", Measure.TTFT, Measure.TPOT),
        USER_TPS_FROM_TPOT(Measure.USER_TPS, "1000 x output / ((output - 1) x TPOT)", Measure.TPOT),
        OUTPUT_THROUGHPUT_FROM_E2E(Measure.OUTPUT_THROUGHPUT, "concurrency x output / E2E (Little's law)", Measure.E2E),
        REQUEST_THROUGHPUT_FROM_E2E(Measure.REQUEST_THROUGHPUT, "concurrency / E2E (Little's law)", Measure.E2E),
        REQUEST_THROUGHPUT_FROM_OUTPUT(Measure.REQUEST_THROUGHPUT, "output throughput / output tokens", Measure.OUTPUT_THROUGHPUT);

        final Measure target;
        final String formula;
        final Measure[] parts;

        Law(Measure target, String formula, Measure... parts) {
            this.target = target;
            this.formula = formula;
            this.parts = parts;
        }

        /** Whether the law holds for this data: tokens beyond 1 for the per-token laws, a closed loop for Little's law. */
        boolean appliesTo(Dataset data) {
            if (this == E2E_FROM_TTFT_TPOT || this == USER_TPS_FROM_TPOT) {
                for (int i = 0; i < data.size(); i++) {
                    if (data.rawValue(i, Dataset.OUTPUT) <= 1.0001) {
                        return false;
                    }
                }
                return true;
            }
            return this == REQUEST_THROUGHPUT_FROM_OUTPUT || data.closedLoop();
        }
    }

    private static final int CACHE_LIMIT = 16;

    private final Law law;
    private final Dataset data;
    private final MeasureFit[] parts;
    private final double[] y;
    private final double[] loo;
    private final double[] looWeights;
    private final double looError;
    private final double[][] foldPredictions;
    private final double foldError;
    private final int rankOffset;
    private final ConcurrentHashMap<Double, Double> factors = new ConcurrentHashMap<>();

    private DerivedFit(Law law, Dataset data, MeasureFit[] parts, double[] y, int rankOffset) {
        super(law.target);
        this.law = law;
        this.data = data;
        this.parts = parts;
        this.y = y;
        this.rankOffset = rankOffset;
        int n = data.size();
        this.loo = new double[n];
        this.looWeights = new double[n * parts.length];
        double[][] partLoo = new double[parts.length][];
        for (int k = 0; k < parts.length; k++) {
            partLoo[k] = parts[k].loo();
        }
        double[] v = new double[parts.length];
        double[] w = new double[parts.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < parts.length; k++) {
                v[k] = partLoo[k][i];
            }
            loo[i] = combine(data.raw(i), v, w);
            System.arraycopy(w, 0, looWeights, i * parts.length, parts.length);
        }
        this.looError = meanError(y, loo);
        double[][][] partFolds = new double[parts.length][][];
        for (int k = 0; k < parts.length; k++) {
            partFolds[k] = parts[k].foldPredictions();
        }
        int folds = partFolds[0].length;
        this.foldPredictions = new double[folds][n];
        double err = 0;
        int count = 0;
        for (int f = 0; f < folds; f++) {
            for (int i = 0; i < n; i++) {
                boolean ok = true;
                for (int k = 0; k < parts.length; k++) {
                    v[k] = partFolds[k][f][i];
                    ok &= v[k] > 0;
                }
                foldPredictions[f][i] = ok ? combine(data.raw(i), v, w) : Double.NaN;
                if (ok) {
                    err += relativeError(y[i], foldPredictions[f][i]);
                    count++;
                }
            }
        }
        this.foldError = count == 0 ? Double.NaN : err / count;
    }

    @Override
    double[][] foldPredictions() {
        return foldPredictions;
    }

    @Override
    double foldError() {
        return foldError;
    }

    /**
     * The law over the given part fits, or null when it does not apply (a part missing or on an
     * absolute scale, output tokens of 1, no concurrency for Little's law).
     */
    static DerivedFit of(Law law, Dataset data, double[] y, MeasureFit... parts) {
        for (MeasureFit p : parts) {
            if (p == null || !p.logScale()) {
                return null;
            }
        }
        if (!law.appliesTo(data)) {
            return null;
        }
        return new DerivedFit(law, data, parts, y, 1);
    }

    /** The value from the parts' values, and each part's log-sensitivity into {@code w}. */
    private double combine(double[] raw, double[] v, double[] w) {
        double out = raw[Dataset.OUTPUT];
        switch (law) {
            case E2E_FROM_TTFT_TPOT: {
                double decode = (out - 1) * v[1];
                double total = v[0] + decode;
                w[0] = v[0] / total;
                w[1] = decode / total;
                return total;
            }
            case USER_TPS_FROM_TPOT:
                w[0] = 1;
                return 1000 * out / ((out - 1) * v[0]);
            case OUTPUT_THROUGHPUT_FROM_E2E:
                w[0] = 1;
                return 1000 * data.concurrency(raw) * out / v[0];
            case REQUEST_THROUGHPUT_FROM_E2E:
                w[0] = 1;
                return 1000 * data.concurrency(raw) / v[0];
            case REQUEST_THROUGHPUT_FROM_OUTPUT:
                w[0] = 1;
                return v[0] / out;
            default:
                throw new AssertionError(law);
        }
    }

    /** The propagated (uncorrected) half-width at training row i under leave-one-out. */
    private double looPropagated(int i, double level) {
        double s = 0;
        for (int k = 0; k < parts.length; k++) {
            double w = looWeights[i * parts.length + k];
            double h = w == 0 ? 0 : w * parts[k].looHalf(i, level);
            s += h * h;
        }
        return Math.sqrt(s);
    }

    /**
     * The law's own misfit at a level: the half-width that, added in quadrature to the propagated
     * one, puts the level's share of this measure's leave-one-out residuals inside (the conformal
     * quantile of sqrt(max(0, r² − h²))).
     */
    double misfit(double level) {
        Double cached = factors.get(level);
        if (cached != null) {
            return cached;
        }
        int n = y.length;
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double h = looPropagated(i, level);
            double r = loo[i] > 0 ? Math.abs(Math.log(y[i] / loo[i])) : Double.POSITIVE_INFINITY;
            scores[i] = Double.isInfinite(r) ? r : Math.sqrt(Math.max(0, r * r - h * h));
        }
        double f = intervalQuantile(sorted(scores), level, rankOffset);
        if (factors.size() < CACHE_LIMIT) {
            factors.put(level, f);
        }
        return f;
    }

    private static double plus(double a, double b) {
        return Math.sqrt(a * a + b * b);
    }

    @Override
    Band band(double[] raw, double level) {
        double[] v = new double[parts.length];
        double[] h = new double[parts.length];
        double[] h90 = new double[parts.length];
        for (int k = 0; k < parts.length; k++) {
            Band b = parts[k].band(raw, level);
            v[k] = b.value();
            h[k] = b.half();
            h90[k] = b.half90();
        }
        double[] w = new double[parts.length];
        double value = combine(raw, v, w);
        return new Band(value, plus(norm(w, h), misfit(level)), plus(norm(w, h90), misfit(Predictor.DEFAULT_LEVEL)));
    }

    private static double norm(double[] w, double[] h) {
        double s = 0;
        for (int k = 0; k < w.length; k++) {
            double x = w[k] == 0 ? 0 : w[k] * h[k];
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Override
    double[] loo() {
        return loo;
    }

    @Override
    double looHalf(int i, double level) {
        return plus(looPropagated(i, level), misfit(level));
    }

    @Override
    boolean logScale() {
        return true;
    }

    @Override
    double looError() {
        return looError;
    }

    @Override
    String describe() {
        return law.formula;
    }

    @Override
    MeasureFit selected() {
        return this;
    }

    @Override
    void prepare() {
        for (MeasureFit p : parts) {
            p.prepare();
        }
        misfit(Predictor.DEFAULT_LEVEL);
    }

    Law law() {
        return law;
    }
}
