package io.llmbench.model.internal;

import io.llmbench.core.Traffic;
import io.llmbench.model.Confidence;
import io.llmbench.model.InsufficientDataException;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.Predictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Observations of one deployment turned into arrays: raw coordinates (input, output[, level]),
 * normalised log coordinates in [0, 1] per dimension, and values per measure. Validates the rules
 * of {@link Predictor}. Immutable after construction.
 */
public final class Dataset {
    private final List<Observation> observations;
    private final int n;
    private final int dims;
    private final double[][] raw;
    private final double[][] unit;
    private final double[] logLo;
    private final double[] logRange;
    private final Traffic.Mode mode;
    private final Traffic fixed;
    private final Set<Measure> measures;
    private final double typicalSpacing;

    private Dataset(List<Observation> observations) {
        this.observations = observations;
        this.n = observations.size();
        if (n < Predictor.MIN_OBSERVATIONS) {
            throw new InsufficientDataException("observations must number >= " + Predictor.MIN_OBSERVATIONS + ", but was " + n);
        }
        // traffic: all or none, one mode
        int withTraffic = 0;
        Traffic.Mode m = null;
        for (Observation o : observations) {
            Traffic t = o.point().traffic();
            if (t != null) {
                withTraffic++;
                if (m == null) {
                    m = t.mode();
                } else if (m != t.mode()) {
                    throw new InsufficientDataException("observations must all share one traffic mode, but both "
                            + m.csvName() + " and " + t.mode().csvName() + " occur");
                }
            }
        }
        if (withTraffic != 0 && withTraffic != n) {
            throw new InsufficientDataException("observations must all carry a traffic level or none, but "
                    + withTraffic + " of " + n + " carry one");
        }
        double[] in = column(o -> o.point().inputTokens());
        double[] out = column(o -> o.point().outputTokens());
        requireSpread("input tokens", in);
        requireSpread("output tokens", out);
        boolean levelVaries = false;
        double[] level = null;
        if (withTraffic == n) {
            level = column(o -> o.point().traffic().level());
            levelVaries = spread(level) >= Predictor.MIN_RELATIVE_SPREAD;
        }
        this.mode = levelVaries ? m : null;
        this.fixed = withTraffic == n && !levelVaries ? new Traffic(m, median(level)) : null;
        this.dims = levelVaries ? 3 : 2;
        this.raw = new double[n][dims];
        for (int i = 0; i < n; i++) {
            raw[i][0] = in[i];
            raw[i][1] = out[i];
            if (dims == 3) {
                raw[i][2] = level[i];
            }
        }
        this.logLo = new double[dims];
        this.logRange = new double[dims];
        for (int d = 0; d < dims; d++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] r : raw) {
                lo = Math.min(lo, Math.log(r[d]));
                hi = Math.max(hi, Math.log(r[d]));
            }
            logLo[d] = lo;
            logRange[d] = hi - lo;
        }
        this.unit = new double[n][];
        for (int i = 0; i < n; i++) {
            unit[i] = toUnit(raw[i]);
        }
        EnumSet<Measure> shared = EnumSet.allOf(Measure.class);
        for (Observation o : observations) {
            shared.retainAll(o.values().keySet());
        }
        if (shared.isEmpty()) {
            throw new InsufficientDataException("observations must share at least one measure, but the "
                    + n + " observations have none in common");
        }
        this.measures = Collections.unmodifiableSet(shared);
        this.typicalSpacing = typicalSpacing();
    }

    /** Validates and wraps observations. */
    public static Dataset of(Collection<Observation> observations) {
        Objects.requireNonNull(observations, "observations");
        List<Observation> list = new ArrayList<>(observations.size());
        for (Observation o : observations) {
            list.add(Objects.requireNonNull(o, "observation"));
        }
        return new Dataset(Collections.unmodifiableList(list));
    }

    private interface Getter {
        double get(Observation o);
    }

    private double[] column(Getter g) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = g.get(observations.get(i));
        }
        return c;
    }

    private static double spread(double[] v) {
        double lo = Arrays.stream(v).min().orElseThrow();
        double hi = Arrays.stream(v).max().orElseThrow();
        return hi / lo - 1;
    }

    private void requireSpread(String what, double[] v) {
        if (spread(v) < Predictor.MIN_RELATIVE_SPREAD) {
            throw new InsufficientDataException(what + " must vary by at least " + Math.round(Predictor.MIN_RELATIVE_SPREAD * 100)
                    + "% across observations, but all " + n + " lie between " + fmt(Arrays.stream(v).min().orElseThrow())
                    + " and " + fmt(Arrays.stream(v).max().orElseThrow()));
        }
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.6g", d).replaceAll("\\.?0+$", "");
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private double typicalSpacing() {
        double[] nn = new double[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double d = distance(unit[i], unit[j]);
                    if (d > 1e-9 && d < best) {
                        best = d;
                    }
                }
            }
            if (best < Double.POSITIVE_INFINITY) {
                nn[count++] = best;
            }
        }
        if (count == 0) {
            return 1;
        }
        double[] s = Arrays.copyOf(nn, count);
        Arrays.sort(s);
        return s[count / 2];
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            double x = a[d] - b[d];
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Normalised log coordinates of raw coordinates. */
    public double[] toUnit(double[] r) {
        double[] u = new double[dims];
        for (int d = 0; d < dims; d++) {
            u[d] = logRange[d] > 0 ? (Math.log(r[d]) - logLo[d]) / logRange[d] : 0;
        }
        return u;
    }

    /**
     * Raw coordinates of a point in this dataset's dimensions.
     *
     * @throws IllegalArgumentException when the point's traffic does not fit the model
     */
    public double[] toRaw(Point p) {
        Traffic t = p.traffic();
        if (mode != null) {
            if (t == null || t.mode() != mode) {
                throw new IllegalArgumentException("point traffic must be a " + mode.csvName()
                        + " level, as the model was fitted on, but was " + (t == null ? "none" : t.toString()));
            }
            return new double[] {p.inputTokens(), p.outputTokens(), t.level()};
        }
        if (fixed != null && t != null && (t.mode() != fixed.mode() || Math.abs(t.level() / fixed.level() - 1) > Predictor.MIN_RELATIVE_SPREAD)) {
            throw new IllegalArgumentException("point traffic must be " + fixed + ", the only level the observations were measured at, but was " + t);
        }
        if (fixed == null && t != null) {
            throw new IllegalArgumentException("point traffic must be none, as the observations carry no traffic level, but was " + t);
        }
        return new double[] {p.inputTokens(), p.outputTokens()};
    }

    /** The concurrency at raw coordinates, or NaN when the traffic is not a concurrency. */
    public double concurrency(double[] r) {
        if (mode == Traffic.Mode.CONCURRENCY) {
            return r[2];
        }
        if (fixed != null && fixed.mode() == Traffic.Mode.CONCURRENCY) {
            return fixed.level();
        }
        return Double.NaN;
    }

    /** Whether every observation's traffic is a concurrency (fitted or fixed). */
    public boolean closedLoop() {
        return mode == Traffic.Mode.CONCURRENCY || (fixed != null && fixed.mode() == Traffic.Mode.CONCURRENCY);
    }

    /** How far a point lies from the data. */
    public Confidence confidence(double[] u) {
        double outside = 0;
        for (double c : u) {
            outside = Math.max(outside, Math.max(-c, c - 1));
        }
        if (outside > Confidence.EXTRAPOLATION_LIMIT) {
            return Confidence.LOW;
        }
        if (outside <= 1e-9 && nearestDistance(u) <= 2 * typicalSpacing) {
            return Confidence.HIGH;
        }
        return Confidence.MEDIUM;
    }

    private double nearestDistance(double[] u) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] v : unit) {
            best = Math.min(best, distance(u, v));
        }
        return best;
    }

    /** The observation nearest to normalised coordinates. */
    public Observation nearest(double[] u) {
        int best = 0;
        double bd = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double d = distance(u, unit[i]);
            if (d < bd) {
                bd = d;
                best = i;
            }
        }
        return observations.get(best);
    }

    /** Values of a measure, one per observation. */
    public double[] values(Measure m) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = observations.get(i).values().get(m);
        }
        return y;
    }

    public int size() {
        return n;
    }

    public int dims() {
        return dims;
    }

    public double[] raw(int i) {
        return raw[i].clone();
    }

    double rawValue(int i, int d) {
        return raw[i][d];
    }

    public double[] unit(int i) {
        return unit[i].clone();
    }

    /** Distance from normalised coordinates to observation i's. */
    double unitDistance(double[] u, int i) {
        return distance(u, unit[i]);
    }

    public Traffic.Mode mode() {
        return mode;
    }

    public Traffic fixedTraffic() {
        return fixed;
    }

    public Set<Measure> measures() {
        return measures;
    }

    public List<Observation> observations() {
        return observations;
    }
}
