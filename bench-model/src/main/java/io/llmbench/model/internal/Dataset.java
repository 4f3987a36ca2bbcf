package io.llmbench.model.internal;

import io.llmbench.core.Traffic;
import io.llmbench.model.Extrapolation;
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
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Observations of one deployment turned into arrays. Raw coordinates are (input, output[, traffic
 * level]) in natural units; the coordinates that vary (by at least {@link Predictor#MIN_RELATIVE_SPREAD})
 * are the model's <em>active</em> dimensions and get normalised log coordinates in [0, 1]; the others
 * are <em>held</em> at their median. Validates the rules of {@link Predictor}. Immutable.
 */
public final class Dataset {
    static final int INPUT = 0;
    static final int OUTPUT = 1;
    static final int LEVEL = 2;

    private final List<Observation> observations;
    private final int n;
    private final Traffic.Mode mode;
    private final int width;
    private final double[][] raw;
    private final double[] lo;
    private final double[] hi;
    private final double[] held;
    private final int[] active;
    private final double[] logLo;
    private final double[] logRange;
    private final double[][] unit;
    private final Set<Measure> measures;
    private final double typicalSpacing;
    private final List<Fold> folds;

    private Dataset(List<Observation> observations) {
        this.observations = observations;
        this.n = observations.size();
        if (n < Predictor.MIN_OBSERVATIONS) {
            throw new InsufficientDataException("observations must number >= " + Predictor.MIN_OBSERVATIONS + ", but was " + n);
        }
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
        this.mode = m;
        this.width = m == null ? 2 : 3;
        this.raw = new double[n][width];
        for (int i = 0; i < n; i++) {
            Point p = observations.get(i).point();
            raw[i][INPUT] = p.inputTokens();
            raw[i][OUTPUT] = p.outputTokens();
            if (width == 3) {
                raw[i][LEVEL] = p.traffic().level();
            }
        }
        this.lo = new double[width];
        this.hi = new double[width];
        this.held = new double[width];
        List<Integer> act = new ArrayList<>();
        for (int d = 0; d < width; d++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = raw[i][d];
            }
            double[] sorted = col.clone();
            Arrays.sort(sorted);
            lo[d] = sorted[0];
            hi[d] = sorted[n - 1];
            held[d] = sorted[n / 2];
            if (hi[d] / lo[d] - 1 >= Predictor.MIN_RELATIVE_SPREAD) {
                act.add(d);
            }
        }
        if (act.isEmpty()) {
            throw new InsufficientDataException("observations must vary in at least one of " + String.join(", ", dimensionNames())
                    + " by at least " + Math.round(Predictor.MIN_RELATIVE_SPREAD * 100) + "%, but all " + n + " were measured at "
                    + describeHeld());
        }
        this.active = act.stream().mapToInt(Integer::intValue).toArray();
        this.logLo = new double[active.length];
        this.logRange = new double[active.length];
        for (int k = 0; k < active.length; k++) {
            logLo[k] = Math.log(lo[active[k]]);
            logRange[k] = Math.log(hi[active[k]]) - logLo[k];
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
        this.folds = List.copyOf(makeFolds());
    }

    /**
     * An extrapolation fold: fit on {@code train} (at most {@link #FOLD_LIMIT} rows, evenly strided),
     * predict {@code test}, which lie beyond the training rows along one active dimension.
     */
    record Fold(int dim, int[] train, int[] test) {
    }

    /** Folds train on at most this many rows. */
    static final int FOLD_LIMIT = 300;

    /**
     * Per active dimension with 3 or more distinct values: the upper half of its values from the
     * lower half, its largest value from the rest, its smallest from the rest.
     */
    private List<Fold> makeFolds() {
        List<Fold> out = new ArrayList<>();
        for (int k = 0; k < active.length; k++) {
            double[][] v = levels(k);
            int m = v[0].length;
            if (m < 3) {
                continue;
            }
            fold(out, k, v[1][(m + 1) / 2 - 1], true);
            if (m > 3) {
                fold(out, k, v[1][m - 2], true);
            }
            fold(out, k, v[0][1], false);
        }
        return out;
    }

    /**
     * The distinct values of active dimension k in normalised coordinates, values within
     * {@link Predictor#MIN_RELATIVE_SPREAD} (in natural units) of the previous distinct one merged
     * into it (measured token means wobble): [smallest, largest] value of each cluster.
     */
    private double[][] levels(int k) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = unit[i][k];
        }
        Arrays.sort(u);
        double tol = Math.log1p(Predictor.MIN_RELATIVE_SPREAD) / logRange[k];
        List<Double> mins = new ArrayList<>();
        List<Double> maxs = new ArrayList<>();
        double start = u[0];
        double last = u[0];
        mins.add(start);
        for (double x : u) {
            if (x - start > tol) {
                maxs.add(last);
                mins.add(x);
                start = x;
            }
            last = x;
        }
        maxs.add(last);
        return new double[][] {mins.stream().mapToDouble(Double::doubleValue).toArray(), maxs.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    private void fold(List<Fold> out, int k, double edge, boolean upward) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        double tol = 1e-9;
        for (int i = 0; i < n; i++) {
            double u = unit[i][k];
            boolean in = upward ? u <= edge + tol : u >= edge - tol;
            (in ? train : test).add(i);
        }
        if (train.size() < 3 || test.isEmpty()) {
            return;
        }
        int size = Math.min(train.size(), FOLD_LIMIT);
        int[] t = new int[size];
        for (int j = 0; j < size; j++) {
            t[j] = train.get((int) ((long) j * train.size() / size));
        }
        out.add(new Fold(k, t, test.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** The extrapolation folds (possibly none). */
    List<Fold> folds() {
        return folds;
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

    private List<String> dimensionNames() {
        List<String> names = new ArrayList<>();
        for (int d = 0; d < width; d++) {
            names.add(dimensionName(d));
        }
        return names;
    }

    /** The name of a raw coordinate, e.g. {@code input tokens}, {@code concurrency}, {@code request rate}. */
    String dimensionName(int d) {
        return switch (d) {
            case INPUT -> "input tokens";
            case OUTPUT -> "output tokens";
            default -> mode == Traffic.Mode.RATE ? "request rate" : "concurrency";
        };
    }

    private String describeHeld() {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < width; d++) {
            sb.append(d == 0 ? "" : ", ").append(dimensionName(d)).append(' ').append(fmt(held[d]));
        }
        return sb.toString();
    }

    static String fmt(double d) {
        return Format.number(d);
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

    /** Normalised log coordinates (active dimensions only) of raw coordinates. */
    public double[] toUnit(double[] r) {
        double[] u = new double[active.length];
        for (int k = 0; k < active.length; k++) {
            u[k] = logRange[k] > 0 ? (Math.log(r[active[k]]) - logLo[k]) / logRange[k] : 0;
        }
        return u;
    }

    /** Raw coordinates with the active dimensions at normalised coordinates {@code u} and the others as in {@code base}. */
    double[] fromUnit(double[] u, double[] base) {
        double[] r = base.clone();
        for (int k = 0; k < active.length; k++) {
            r[active[k]] = Math.exp(logLo[k] + u[k] * logRange[k]);
        }
        return r;
    }

    /**
     * Raw coordinates of a point. A point without traffic takes the held level when the level never
     * varied.
     *
     * @throws IllegalArgumentException when the point's traffic does not fit the observations' (no
     *                                  traffic where they had one that varied, another mode, or a
     *                                  traffic where they had none)
     */
    public double[] toRaw(Point p) {
        Traffic t = p.traffic();
        if (mode == null) {
            if (t != null) {
                throw new IllegalArgumentException("point traffic must be none, as the observations carry no traffic level, but was " + t);
            }
            return new double[] {p.inputTokens(), p.outputTokens()};
        }
        if (t == null) {
            if (levelVaries()) {
                throw new IllegalArgumentException("point traffic must be a " + mode.csvName()
                        + " level, as the model was fitted on, but was none");
            }
            return new double[] {p.inputTokens(), p.outputTokens(), held[LEVEL]};
        }
        if (t.mode() != mode) {
            throw new IllegalArgumentException("point traffic must be a " + mode.csvName()
                    + " level, as the model was fitted on, but was " + t);
        }
        return new double[] {p.inputTokens(), p.outputTokens(), t.level()};
    }

    /** The concurrency at raw coordinates, or NaN when the traffic is not a concurrency. */
    public double concurrency(double[] r) {
        return mode == Traffic.Mode.CONCURRENCY ? r[LEVEL] : Double.NaN;
    }

    /** Whether every observation's traffic is a concurrency (closed loop). */
    public boolean closedLoop() {
        return mode == Traffic.Mode.CONCURRENCY;
    }

    /** Whether the traffic level is an active dimension. */
    public boolean levelVaries() {
        return mode != null && isActive(LEVEL);
    }

    boolean isActive(int d) {
        for (int a : active) {
            if (a == d) {
                return true;
            }
        }
        return false;
    }

    /** How far raw coordinates lie from the data: beyond the measured range, away from a held value, from the nearest run. */
    Reach reach(double[] r) {
        List<Extrapolation> out = new ArrayList<>();
        double beyond = 0;
        boolean heldMoved = false;
        for (int d = 0; d < width; d++) {
            double v = r[d];
            int k = activeIndex(d);
            if (k < 0) {
                if (Math.abs(v / held[d] - 1) > Predictor.MIN_RELATIVE_SPREAD) {
                    heldMoved = true;
                    out.add(new Extrapolation(dimensionName(d), v, lo[d], hi[d], true));
                }
                continue;
            }
            double u = (Math.log(v) - logLo[k]) / logRange[k];
            double b = Math.max(-u, u - 1);
            if (b > 1e-9) {
                beyond = Math.max(beyond, b);
                out.add(new Extrapolation(dimensionName(d), v, lo[d], hi[d], false));
            }
        }
        double[] u = toUnit(r);
        double nearest = nearestDistance(u);
        return new Reach(beyond, heldMoved, nearest / typicalSpacing, bracketed(u), List.copyOf(out));
    }

    /**
     * Where a point lies relative to the data. {@code beyond} is in fractions of the (log) range of
     * the active dimension it is farthest out in; {@code bracketed} whether, along every active
     * dimension, runs near the point in the other dimensions lie on both sides of it.
     */
    record Reach(double beyond, boolean heldMoved, double spacings, boolean bracketed, List<Extrapolation> extrapolations) {
        boolean inside() {
            return beyond <= 1e-9 && !heldMoved;
        }
    }

    /** How close, in normalised units of the other dimensions, runs must be to bracket a point along one dimension. */
    static final double BRACKET_RADIUS = 0.1;

    /**
     * Whether runs bracket normalised coordinates along each active dimension: among the runs
     * within {@link #BRACKET_RADIUS} of the point in the other active dimensions, one at or below
     * it and one at or above it (a run within 5% of the point's value counts as both). A point at
     * the edge of its own sweep (beyond the largest concurrency measured at its sizes) is not
     * bracketed even when other sizes were measured beyond it.
     */
    private boolean bracketed(double[] u) {
        for (int k = 0; k < active.length; k++) {
            boolean below = false;
            boolean above = false;
            double tol = Math.log1p(Predictor.MIN_RELATIVE_SPREAD) / logRange[k];
            for (int i = 0; i < n && !(below && above); i++) {
                double d = 0;
                for (int j = 0; j < active.length; j++) {
                    if (j != k) {
                        double x = unit[i][j] - u[j];
                        d += x * x;
                    }
                }
                if (Math.sqrt(d) <= BRACKET_RADIUS) {
                    below |= unit[i][k] <= u[k] + tol;
                    above |= unit[i][k] >= u[k] - tol;
                }
            }
            if (!(below && above)) {
                return false;
            }
        }
        return true;
    }

    private int activeIndex(int d) {
        for (int k = 0; k < active.length; k++) {
            if (active[k] == d) {
                return k;
            }
        }
        return -1;
    }

    /**
     * How far normalised coordinates lie beyond the box the given rows span, as a fraction of the
     * box's extent in the dimension where it is largest (the full unit extent for dimensions the rows
     * do not span).
     */
    double beyond(double[] u, int[] rows) {
        double worst = 0;
        for (int k = 0; k < active.length; k++) {
            double a = Double.POSITIVE_INFINITY;
            double b = Double.NEGATIVE_INFINITY;
            for (int i : rows) {
                a = Math.min(a, unit[i][k]);
                b = Math.max(b, unit[i][k]);
            }
            double extent = b - a > 1e-9 ? b - a : 1;
            double out = Math.max(a - u[k], u[k] - b) / extent;
            worst = Math.max(worst, out);
        }
        return worst;
    }

    /** How far normalised coordinates lie beyond the rows' extent along active dimension k, as a fraction of that extent. */
    double beyond(double[] u, int[] rows, int k) {
        double a = Double.POSITIVE_INFINITY;
        double b = Double.NEGATIVE_INFINITY;
        for (int i : rows) {
            a = Math.min(a, unit[i][k]);
            b = Math.max(b, unit[i][k]);
        }
        double extent = b - a > 1e-9 ? b - a : 1;
        return Math.max(0, Math.max(a - u[k], u[k] - b) / extent);
    }

    /** How far normalised coordinates lie beyond the whole data's box, as a fraction of its extent. */
    double beyond(double[] u) {
        double worst = 0;
        for (double c : u) {
            worst = Math.max(worst, Math.max(-c, c - 1));
        }
        return worst;
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

    /** The values of a measure, in observation order. */
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

    /** Raw coordinates per observation: 2 without traffic, 3 with. */
    public int width() {
        return width;
    }

    /** The raw indices of the active dimensions. */
    int[] active() {
        return active.clone();
    }

    /** The number of active dimensions. */
    public int dims() {
        return active.length;
    }

    /** The names of the active dimensions, e.g. {@code [concurrency]}. */
    List<String> activeNames() {
        List<String> names = new ArrayList<>();
        for (int d : active) {
            names.add(dimensionName(d));
        }
        return names;
    }

    public double[] raw(int i) {
        return raw[i].clone();
    }

    double rawValue(int i, int d) {
        return raw[i][d];
    }

    /** The smallest and largest measured value of a raw coordinate. */
    double min(int d) {
        return lo[d];
    }

    double max(int d) {
        return hi[d];
    }

    public double[] unit(int i) {
        return unit[i].clone();
    }

    /** Distance from normalised coordinates to observation i's. */
    double unitDistance(double[] u, int i) {
        return distance(u, unit[i]);
    }

    /** The traffic mode of the observations, or null when they carry none. */
    public Traffic.Mode mode() {
        return mode;
    }

    /** The traffic mode when the level is an active dimension, else null. */
    public Traffic.Mode fittedMode() {
        return levelVaries() ? mode : null;
    }

    /** The one traffic every observation shared (within 5%), when they carry one that did not vary. */
    public Traffic fixedTraffic() {
        return mode != null && !levelVaries() ? new Traffic(mode, held[LEVEL]) : null;
    }

    public Set<Measure> measures() {
        return measures;
    }

    public List<Observation> observations() {
        return observations;
    }
}
