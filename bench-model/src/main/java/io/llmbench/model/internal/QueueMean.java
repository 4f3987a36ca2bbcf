package io.llmbench.model.internal;

import io.llmbench.model.Measure;
import java.util.Arrays;

/**
 * A first-principles mean for a continuous-batching server in a closed loop, fitted by non-negative
 * least squares on relative errors. With c requests in flight, I prompt and O output tokens, at most
 * B = min(c, K / (I + O)) requests run at once (K: the tokens the KV cache holds; K = ∞ when the
 * runs never fill it) and the other c − B queue.
 * <ul>
 *   <li><b>Decode</b> (TPOT, ITL): a step costs a fixed time, a time per running request, per token
 *       of their context (I + O/2), and the prefill work the step interleaves (B/O new requests per
 *       step, each I tokens, with attention quadratic in I): features 1, B, B·(I + O/2), B·I/O, B·I²/O.</li>
 *   <li><b>Prefill</b> (TTFT): a fixed time, linear and quadratic in I, the running batch it waits
 *       behind (B, B·(I + O/2), B·I), and the queue: (c/B − 1)·O and (c/B − 1)·O·B·(I + O/2) (a
 *       queued request waits for running ones to finish their O tokens).</li>
 *   <li><b>Request</b> (E2E, when TTFT and TPOT are not measured): prefill plus (O − 1) × decode.</li>
 * </ul>
 * Every coefficient is &gt;= 0, so the mean never falls as load grows and extrapolates linearly in
 * load until the cache fills, as servers do. Immutable.
 */
final class QueueMean {
    enum Kind {
        DECODE, PREFILL, REQUEST;

        /** The kind for a measure, or null when the measure has no first-principles mean here. */
        static Kind of(Measure m) {
            return switch (m) {
                case TPOT, ITL -> DECODE;
                case TTFT -> PREFILL;
                case E2E -> REQUEST;
                default -> null;
            };
        }
    }

    /** Ridge penalty on the scaled coefficients, relative to the data's weight: keeps collinear features bounded. */
    static final double RIDGE = 1e-6;
    private static final int SWEEPS = 400;

    private final Kind kind;
    private final double kvTokens;
    private final double[] beta;
    private final double floor;

    private QueueMean(Kind kind, double kvTokens, double[] beta, double floor) {
        this.kind = kind;
        this.kvTokens = kvTokens;
        this.beta = beta;
        this.floor = floor;
    }

    /** Fits the mean of the given rows (raw coordinates with a concurrency) to positive values. */
    static QueueMean fit(Kind kind, Dataset data, double[] y, int[] rows, double kvTokens) {
        int n = rows.length;
        double[][] x = new double[n][];
        for (int j = 0; j < n; j++) {
            x[j] = features(kind, data.raw(rows[j]), kvTokens);
        }
        int p = x[0].length;
        // weights 1/y²: least squares on relative errors; columns scaled to unit weighted RMS
        double[] scale = new double[p];
        for (int j = 0; j < n; j++) {
            double w = 1 / (y[rows[j]] * y[rows[j]]);
            for (int k = 0; k < p; k++) {
                scale[k] += w * x[j][k] * x[j][k];
            }
        }
        for (int k = 0; k < p; k++) {
            scale[k] = scale[k] > 0 ? Math.sqrt(scale[k] / n) : 0;
        }
        double[] a = new double[p * p];
        double[] b = new double[p];
        for (int j = 0; j < n; j++) {
            double yj = y[rows[j]];
            double w = 1 / (yj * yj);
            for (int k = 0; k < p; k++) {
                if (scale[k] == 0) {
                    continue;
                }
                double xk = x[j][k] / scale[k];
                b[k] += w * xk * yj;
                for (int l = 0; l <= k; l++) {
                    if (scale[l] != 0) {
                        a[k * p + l] += w * xk * x[j][l] / scale[l];
                    }
                }
            }
        }
        for (int k = 0; k < p; k++) {
            for (int l = 0; l < k; l++) {
                a[l * p + k] = a[k * p + l];
            }
            a[k * p + k] += RIDGE * n;
        }
        double[] beta = nnls(a, b, p);
        for (int k = 0; k < p; k++) {
            beta[k] = scale[k] > 0 ? beta[k] / scale[k] : 0;
        }
        double[] ys = new double[n];
        for (int j = 0; j < n; j++) {
            ys[j] = y[rows[j]];
        }
        Arrays.sort(ys);
        return new QueueMean(kind, kvTokens, beta, ys[n / 2] * 1e-3);
    }

    /** Minimises ½βᵀAβ − bᵀβ over β &gt;= 0 by cyclic coordinate descent (A symmetric positive definite, small). */
    private static double[] nnls(double[] a, double[] b, int p) {
        double[] beta = new double[p];
        double[] grad = new double[p];
        for (int k = 0; k < p; k++) {
            grad[k] = -b[k];
        }
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            double change = 0;
            for (int k = 0; k < p; k++) {
                double d = a[k * p + k];
                if (!(d > 0)) {
                    continue;
                }
                double next = Math.max(0, beta[k] - grad[k] / d);
                double delta = next - beta[k];
                if (delta != 0) {
                    for (int l = 0; l < p; l++) {
                        grad[l] += a[l * p + k] * delta;
                    }
                    beta[k] = next;
                    change = Math.max(change, Math.abs(delta) * Math.sqrt(d));
                }
            }
            if (change < 1e-10) {
                break;
            }
        }
        return beta;
    }

    static double[] features(Kind kind, double[] raw, double kvTokens) {
        double in = raw[Dataset.INPUT];
        double out = raw[Dataset.OUTPUT];
        double c = raw[Dataset.LEVEL];
        double running = Double.isInfinite(kvTokens) ? c : Math.min(c, Math.max(1, kvTokens / (in + out)));
        double queued = c / running - 1;
        double ctx = in + out / 2;
        double[] decode = {1, running, running * ctx, running * in / out, running * in * in / out};
        double[] prefill = {1, in, in * in, running, running * ctx, running * in, queued * out, queued * out * running * ctx};
        return switch (kind) {
            case DECODE -> decode;
            case PREFILL -> prefill;
            case REQUEST -> {
                double[] r = Arrays.copyOf(prefill, prefill.length + decode.length);
                for (int k = 0; k < decode.length; k++) {
                    r[prefill.length + k] = (out - 1) * decode[k];
                }
                yield r;
            }
        };
    }

    /** The mean at raw coordinates, natural units, &gt; 0. */
    double at(double[] raw) {
        double[] f = features(kind, raw, kvTokens);
        double v = 0;
        for (int k = 0; k < f.length; k++) {
            v += beta[k] * f[k];
        }
        return Math.max(v, floor);
    }

    /** The KV-cache capacity in tokens (infinite when the runs did not show one). */
    double kvTokens() {
        return kvTokens;
    }
}
