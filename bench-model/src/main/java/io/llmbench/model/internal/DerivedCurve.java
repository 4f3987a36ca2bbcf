package io.llmbench.model.internal;

import io.llmbench.model.Measure;

/**
 * A measure computed from other measures' curves by an identity that holds per request or per job,
 * so that a measure inherits the accuracy of the ones it is made of:
 * <ul>
 *   <li>{@link Law#E2E_FROM_TTFT_TPOT}: E2E = TTFT + (output − 1)·TPOT (the definition of TPOT);</li>
 *   <li>{@link Law#USER_TPS_FROM_TPOT}: user TPS = 1000·output / ((output − 1)·TPOT) (both definitions);</li>
 *   <li>{@link Law#OUTPUT_THROUGHPUT_FROM_E2E}: output tokens/s = 1000·concurrency·output / E2E (Little's law, closed loop);</li>
 *   <li>{@link Law#REQUEST_THROUGHPUT_FROM_E2E}: requests/s = 1000·concurrency / E2E (Little's law, closed loop).</li>
 * </ul>
 * Spreads combine the parts' log-space spreads to first order. Residuals are log ratios.
 */
final class DerivedCurve implements Curve {
    enum Law {
        E2E_FROM_TTFT_TPOT(Measure.E2E, "TTFT + (output-1)*TPOT"),
        USER_TPS_FROM_TPOT(Measure.USER_TPS, "1000*output/((output-1)*TPOT)"),
        OUTPUT_THROUGHPUT_FROM_E2E(Measure.OUTPUT_THROUGHPUT, "1000*concurrency*output/E2E"),
        REQUEST_THROUGHPUT_FROM_E2E(Measure.REQUEST_THROUGHPUT, "1000*concurrency/E2E");

        final Measure target;
        final String formula;

        Law(Measure target, String formula) {
            this.target = target;
            this.formula = formula;
        }
    }

    private final Law law;
    private final Dataset data;
    private final Curve a;
    private final Curve b;
    private final String description;
    private final double[] loo;
    private final double[] looSpread;

    private DerivedCurve(Law law, Dataset data, Curve a, Curve b) {
        this.law = law;
        this.data = data;
        this.a = a;
        this.b = b;
        this.description = law.formula + " with " + a.describe() + (b == null ? "" : " and " + b.describe());
        int n = data.size();
        double[] la = a.loo();
        double[] sa = a.looSpread();
        double[] lb = b == null ? null : b.loo();
        double[] sb = b == null ? null : b.looSpread();
        this.loo = new double[n];
        this.looSpread = new double[n];
        for (int i = 0; i < n; i++) {
            ValueSpread v = combine(data.raw(i), la[i], sa[i], lb == null ? Double.NaN : lb[i], sb == null ? Double.NaN : sb[i]);
            loo[i] = v.value();
            looSpread[i] = v.spread();
        }
    }

    /**
     * The law as a curve, or null when it does not apply to this data (needs log-scale parts,
     * output tokens above 1, and a known concurrency for the throughput laws).
     *
     * @param a the first part (TTFT for E2E; TPOT for user TPS; E2E for throughputs)
     * @param b the second part (TPOT for E2E), or null
     */
    static DerivedCurve of(Law law, Dataset data, Curve a, Curve b) {
        if (a == null || !a.logScale() || (law == Law.E2E_FROM_TTFT_TPOT && (b == null || !b.logScale()))) {
            return null;
        }
        for (int i = 0; i < data.size(); i++) {
            double[] r = data.raw(i);
            if ((law == Law.USER_TPS_FROM_TPOT || law == Law.E2E_FROM_TTFT_TPOT) && r[1] <= 1.0001) {
                return null;
            }
        }
        if ((law == Law.OUTPUT_THROUGHPUT_FROM_E2E || law == Law.REQUEST_THROUGHPUT_FROM_E2E) && !data.closedLoop()) {
            return null;
        }
        return new DerivedCurve(law, data, a, b);
    }

    Law law() {
        return law;
    }

    private ValueSpread combine(double[] raw, double va, double sa, double vb, double sb) {
        double out = raw[1];
        switch (law) {
            case E2E_FROM_TTFT_TPOT: {
                double decode = (out - 1) * vb;
                double v = va + decode;
                double s = Math.sqrt(va * sa * va * sa + decode * sb * decode * sb) / v;
                return new ValueSpread(v, s);
            }
            case USER_TPS_FROM_TPOT:
                return new ValueSpread(1000 * out / ((out - 1) * va), sa);
            case OUTPUT_THROUGHPUT_FROM_E2E:
                return new ValueSpread(1000 * data.concurrency(raw) * out / va, sa);
            case REQUEST_THROUGHPUT_FROM_E2E:
                return new ValueSpread(1000 * data.concurrency(raw) / va, sa);
            default:
                throw new AssertionError(law);
        }
    }

    @Override
    public ValueSpread at(double[] raw) {
        ValueSpread pa = a.at(raw);
        ValueSpread pb = b == null ? null : b.at(raw);
        return combine(raw, pa.value(), pa.spread(), pb == null ? Double.NaN : pb.value(), pb == null ? Double.NaN : pb.spread());
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
        return description;
    }
}
