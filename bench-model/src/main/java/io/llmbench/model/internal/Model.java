package io.llmbench.model.internal;

import io.llmbench.core.Traffic;
import io.llmbench.model.Confidence;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Point;
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Prediction;
import io.llmbench.model.Predictor;
import io.llmbench.model.Saturation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link FittedModel} every predictor returns: one {@link MeasureFit} per measure over a
 * {@link Dataset}. It judges each value's confidence, caps throughputs at an offered request rate,
 * reports saturation, and converts between a concurrency and a request rate by Little's law when a
 * point's traffic is in the other mode than the runs'.
 */
final class Model implements FittedModel {
    /**
     * A rate-mode deployment is saturated at a rate where its predicted throughput falls below this
     * fraction of what it completes at light load (relative to the rate offered).
     */
    static final double SATURATION_EFFICIENCY = 0.8;
    private static final Measure[] LATENCIES = {Measure.TTFT, Measure.TPOT, Measure.ITL, Measure.E2E, Measure.USER_TPS};

    private final String predictorName;
    private final Dataset data;
    private final Map<Measure, MeasureFit> fits;
    /** Rate mode: completed / offered at the lightest loads (NaN when unknown). */
    private final double lightLoadEfficiency;
    /** Rate mode: the highest request throughput measured (NaN when unknown). */
    private final double measuredCapacity;

    Model(String predictorName, Dataset data, Map<Measure, MeasureFit> fits) {
        this.predictorName = predictorName;
        this.data = data;
        this.fits = Collections.unmodifiableMap(new EnumMap<>(fits));
        this.fits.values().forEach(MeasureFit::prepare);
        double[] eff = rateEfficiency();
        this.lightLoadEfficiency = eff[0];
        this.measuredCapacity = eff[1];
    }

    /** [median completed/offered over the lightest third of rates, highest completed rate] for rate-mode runs. */
    private double[] rateEfficiency() {
        if (data.mode() != Traffic.Mode.RATE) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int n = data.size();
        double[][] rows = new double[n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            Observation o = data.observations().get(i);
            double rate = o.point().traffic().level();
            double done = o.value(Measure.REQUEST_THROUGHPUT).orElse(
                    o.value(Measure.OUTPUT_THROUGHPUT).orElse(Double.NaN) / o.point().outputTokens());
            if (!Double.isNaN(done)) {
                rows[k++] = new double[] {rate, done};
            }
        }
        if (k == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[][] r = Arrays.copyOf(rows, k);
        Arrays.sort(r, (a, b) -> Double.compare(a[0], b[0]));
        int light = Math.max(1, k / 3);
        double[] e = new double[light];
        double cap = 0;
        for (int i = 0; i < k; i++) {
            if (i < light) {
                e[i] = Math.min(1, r[i][1] / r[i][0]);
            }
            cap = Math.max(cap, r[i][1]);
        }
        Arrays.sort(e);
        return new double[] {e[light / 2], cap};
    }

    @Override
    public String predictorName() {
        return predictorName;
    }

    @Override
    public Set<Measure> measures() {
        return fits.keySet();
    }

    @Override
    public Map<Measure, String> methods() {
        EnumMap<Measure, String> m = new EnumMap<>(Measure.class);
        fits.forEach((k, v) -> m.put(k, v.describe()));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public Optional<Traffic.Mode> trafficMode() {
        return Optional.ofNullable(data.fittedMode());
    }

    @Override
    public Optional<Traffic> fixedTraffic() {
        return Optional.ofNullable(data.fixedTraffic());
    }

    @Override
    public Prediction predict(Point point, double level) {
        Objects.requireNonNull(point, "point");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), but was " + level);
        }
        Traffic t = point.traffic();
        if (t != null && data.mode() != null && t.mode() != data.mode()) {
            return data.mode() == Traffic.Mode.CONCURRENCY ? rateOnClosedLoop(point, level) : concurrencyOnOpenLoop(point, level);
        }
        return at(point, data.toRaw(point), level, null, null);
    }

    /**
     * The prediction at raw coordinates.
     *
     * @param via        how the point was converted to the runs' traffic mode, or null
     * @param saturation the saturation found while converting, or null
     */
    private Prediction at(Point point, double[] raw, double level, String via, Saturation saturation) {
        Dataset.Reach reach = data.reach(raw);
        Confidence where = location(reach, via != null, data.size());
        EnumMap<Measure, MeasureFit.Band> bands = new EnumMap<>(Measure.class);
        for (MeasureFit f : fits.values()) {
            bands.put(f.measure, f.band(raw, level));
        }
        if (data.mode() == Traffic.Mode.RATE) {
            saturation = openLoopSaturation(raw, bands);
        }
        boolean saturated = saturation != null && saturation.saturated();
        EnumMap<Measure, PredictedValue> values = new EnumMap<>(Measure.class);
        List<String> wide = new ArrayList<>();
        for (MeasureFit f : fits.values()) {
            MeasureFit.Band b = sane(bands.get(f.measure));
            double v = b.value();
            double lower;
            double upper;
            if (f.logScale()) {
                lower = Double.isInfinite(b.half()) ? 0 : v * Math.exp(-b.half());
                upper = Double.isInfinite(b.half()) ? Double.POSITIVE_INFINITY : v * Math.exp(b.half());
            } else {
                lower = v - b.half();
                upper = v + b.half();
            }
            double half90 = f.logScale() ? b.half90() : logHalf(v, b.half90());
            Confidence c = where.min(width(half90));
            if (saturated && isLatency(f.measure)) {
                c = Confidence.LOW;
            }
            if (width(half90).compareTo(where) > 0) {
                wide.add(f.measure.key() + " ±" + Math.round(100 * Math.expm1(Math.min(half90, 50))) + "%");
            }
            values.put(f.measure, new PredictedValue(f.measure, v, Math.min(lower, v), Math.max(upper, v), c));
        }
        double offered = data.mode() == Traffic.Mode.RATE ? raw[Dataset.LEVEL]
                : saturation != null ? saturation.offeredRate() : Double.NaN;
        if (!Double.isNaN(offered)) {
            capAtOffered(values, offered, raw[Dataset.OUTPUT]);
        }
        Confidence overall = Confidence.HIGH;
        for (PredictedValue v : values.values()) {
            overall = overall.min(v.confidence());
        }
        return new Prediction(point, level, overall, values, reason(reach, via, wide, saturation), reach.extrapolations(), saturation);
    }

    /** A band whose half-widths could not be computed (too few runs for a quantile) counts as unbounded. */
    private static MeasureFit.Band sane(MeasureFit.Band b) {
        if (Double.isNaN(b.half()) || Double.isNaN(b.half90())) {
            return new MeasureFit.Band(b.value(), Double.isNaN(b.half()) ? Double.POSITIVE_INFINITY : b.half(),
                    Double.isNaN(b.half90()) ? Double.POSITIVE_INFINITY : b.half90());
        }
        return b;
    }

    private static boolean isLatency(Measure m) {
        for (Measure l : LATENCIES) {
            if (l == m) {
                return true;
            }
        }
        return false;
    }

    /** The most a point's position (and the number of runs) allows. */
    private static Confidence location(Dataset.Reach r, boolean converted, int runs) {
        if (r.heldMoved() || r.beyond() > Confidence.EXTRAPOLATION_LIMIT) {
            return Confidence.LOW;
        }
        if (r.inside() && r.bracketed() && r.spacings() <= Confidence.NEAR_SPACINGS && !converted && runs >= Confidence.HIGH_MIN_RUNS) {
            return Confidence.HIGH;
        }
        return Confidence.MEDIUM;
    }

    /** The most a 90% log half-width allows. */
    private static Confidence width(double half90) {
        if (half90 <= Math.log1p(Confidence.HIGH_HALF_WIDTH) + 1e-12) {
            return Confidence.HIGH;
        }
        if (half90 <= Math.log1p(Confidence.MEDIUM_HALF_WIDTH) + 1e-12) {
            return Confidence.MEDIUM;
        }
        return Confidence.LOW;
    }

    /** An absolute half-width as a log half-width: half of ln(upper / lower), infinite when lower &lt;= 0. */
    private static double logHalf(double v, double half) {
        return v - half > 0 ? 0.5 * Math.log((v + half) / (v - half)) : Double.POSITIVE_INFINITY;
    }

    private String reason(Dataset.Reach r, String via, List<String> wide, Saturation saturation) {
        List<String> parts = new ArrayList<>();
        if (via != null) {
            parts.add(via);
        }
        if (r.extrapolations().isEmpty()) {
            parts.add(r.spacings() > Confidence.NEAR_SPACINGS
                    ? String.format(Locale.ROOT, "inside the measured range, but %.1f times the usual spacing from the nearest run", r.spacings())
                    : r.bracketed() ? "inside the measured range, near measured runs"
                    : "inside the measured range, but at the edge of the runs near it (measured on one side only)");
        } else {
            r.extrapolations().forEach(e -> parts.add(e.toString()));
        }
        if (!wide.isEmpty()) {
            parts.add("90% intervals " + String.join(", ", wide));
        }
        if (saturation != null && saturation.saturated()) {
            parts.add(saturation.toString());
        }
        if (data.size() < Confidence.HIGH_MIN_RUNS) {
            parts.add("only " + data.size() + " runs (" + Confidence.HIGH_MIN_RUNS + " or more for high confidence)");
        }
        return String.join("; ", parts);
    }

    /** Completed requests per second a rate-mode value set implies, or NaN. */
    private static double completed(Map<Measure, MeasureFit.Band> bands, double outputTokens) {
        MeasureFit.Band r = bands.get(Measure.REQUEST_THROUGHPUT);
        if (r != null) {
            return r.value();
        }
        MeasureFit.Band o = bands.get(Measure.OUTPUT_THROUGHPUT);
        return o != null ? o.value() / outputTokens : Double.NaN;
    }

    private Saturation openLoopSaturation(double[] raw, Map<Measure, MeasureFit.Band> bands) {
        double rate = raw[Dataset.LEVEL];
        double done = completed(bands, raw[Dataset.OUTPUT]);
        if (Double.isNaN(done) || Double.isNaN(lightLoadEfficiency)) {
            return null;
        }
        boolean saturated = done < SATURATION_EFFICIENCY * lightLoadEfficiency * rate;
        return new Saturation(rate, Math.max(measuredCapacity, Math.min(done, rate)), saturated);
    }

    /** Throughputs never above what is offered: the offered rate (and its output tokens) below saturation, the capacity above. */
    private static void capAtOffered(Map<Measure, PredictedValue> values, double rate, double outputTokens) {
        cap(values, Measure.REQUEST_THROUGHPUT, rate);
        cap(values, Measure.OUTPUT_THROUGHPUT, rate * outputTokens);
    }

    private static void cap(Map<Measure, PredictedValue> values, Measure m, double limit) {
        PredictedValue v = values.get(m);
        if (v != null && v.upper() > limit) {
            double value = Math.min(v.value(), limit);
            values.put(m, new PredictedValue(m, value, Math.min(v.lower(), value), limit, v.confidence()));
        }
    }

    // ------------------------------------------------------------------ Little's law conversions

    /** Request throughput (req/s) of a closed loop at raw coordinates: predicted, or concurrency / E2E. */
    private double closedLoopRate(double[] raw) {
        MeasureFit r = fits.get(Measure.REQUEST_THROUGHPUT);
        if (r != null) {
            return r.band(raw, Predictor.DEFAULT_LEVEL).value();
        }
        MeasureFit o = fits.get(Measure.OUTPUT_THROUGHPUT);
        if (o != null) {
            return o.band(raw, Predictor.DEFAULT_LEVEL).value() / raw[Dataset.OUTPUT];
        }
        return 1000 * raw[Dataset.LEVEL] / fits.get(Measure.E2E).band(raw, Predictor.DEFAULT_LEVEL).value();
    }

    /** Requests in flight of an open loop at raw coordinates: rate × E2E (Little's law). */
    private double openLoopInFlight(double[] raw) {
        return raw[Dataset.LEVEL] * fits.get(Measure.E2E).band(raw, Predictor.DEFAULT_LEVEL).value() / 1000;
    }

    private double[] measuredLevels() {
        TreeSet<Double> levels = new TreeSet<>();
        for (int i = 0; i < data.size(); i++) {
            levels.add(data.rawValue(i, Dataset.LEVEL));
        }
        return levels.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A closed-loop model asked at a request rate: the concurrency whose throughput is that rate. */
    private Prediction rateOnClosedLoop(Point point, double level) {
        if (!fits.containsKey(Measure.REQUEST_THROUGHPUT) && !fits.containsKey(Measure.OUTPUT_THROUGHPUT) && !fits.containsKey(Measure.E2E)) {
            throw new IllegalArgumentException("point traffic must be a concurrency level, as the model was fitted on, but was "
                    + point.traffic() + " (converting a rate by Little's law needs e2e or a throughput)");
        }
        double rate = point.traffic().level();
        double[] raw = {point.inputTokens(), point.outputTokens(), 1};
        double capacity = 0;
        double atCapacity = 1;
        for (double c : measuredLevels()) {
            raw[Dataset.LEVEL] = c;
            double x = closedLoopRate(raw);
            if (x > capacity) {
                capacity = x;
                atCapacity = c;
            }
        }
        double[] levels = measuredLevels();
        double lo = levels[0];
        raw[Dataset.LEVEL] = lo;
        while (closedLoopRate(raw) > rate && lo > 1e-3) {
            lo /= 2;
            raw[Dataset.LEVEL] = lo;
        }
        boolean saturated = rate > capacity;
        double c;
        if (saturated) {
            c = atCapacity;
        } else {
            c = solve(raw, lo, atCapacity, rate, this::closedLoopRate);
        }
        raw[Dataset.LEVEL] = c;
        String via = "converted from " + Dataset.fmt(rate) + " req/s by Little's law to about " + Format.number(c, 3)
                + " requests in flight (the runs were closed-loop; open-loop arrivals queue more, so latencies may be higher)";
        return at(point, raw, level, via, new Saturation(rate, capacity, saturated));
    }

    /** An open-loop model asked at a concurrency: the rate at which that many requests are in flight. */
    private Prediction concurrencyOnOpenLoop(Point point, double level) {
        if (!fits.containsKey(Measure.E2E)) {
            throw new IllegalArgumentException("point traffic must be a " + data.mode().csvName() + " level, as the model was fitted on, but was "
                    + point.traffic() + " (converting a concurrency by Little's law needs e2e)");
        }
        double concurrency = point.traffic().level();
        double[] levels = measuredLevels();
        double[] raw = {point.inputTokens(), point.outputTokens(), levels[0]};
        double lo = levels[0];
        while (openLoopInFlight(raw) > concurrency && lo > 1e-6) {
            lo /= 2;
            raw[Dataset.LEVEL] = lo;
        }
        double hi = levels[levels.length - 1];
        raw[Dataset.LEVEL] = hi;
        int grow = 0;
        while (openLoopInFlight(raw) < concurrency && grow++ < 10) {
            hi *= 2;
            raw[Dataset.LEVEL] = hi;
        }
        double rate = solve(raw, lo, hi, concurrency, this::openLoopInFlight);
        raw[Dataset.LEVEL] = rate;
        String via = "converted from concurrency " + Dataset.fmt(concurrency) + " by Little's law to about "
                + Format.number(rate, 3) + " req/s offered";
        return at(point, raw, level, via, null);
    }

    private interface Curve1 {
        double at(double[] raw);
    }

    /** Bisection in log space for f(level) = target on [lo, hi], f increasing; the nearer end when the target is outside. */
    private static double solve(double[] raw, double lo, double hi, double target, Curve1 f) {
        double a = Math.log(lo);
        double b = Math.log(Math.max(hi, lo));
        for (int i = 0; i < 60 && b - a > 1e-9; i++) {
            double m = (a + b) / 2;
            raw[Dataset.LEVEL] = Math.exp(m);
            if (f.at(raw) < target) {
                a = m;
            } else {
                b = m;
            }
        }
        return Math.exp((a + b) / 2);
    }

    @Override
    public Observation nearest(Point point) {
        Objects.requireNonNull(point, "point");
        Traffic t = point.traffic();
        if (data.mode() != null && (t == null ? data.levelVaries() : t.mode() != data.mode())) {
            return nearestTokens(point);
        }
        return data.nearest(data.toUnit(data.toRaw(point)));
    }

    /** The run nearest in tokens only (when the point's traffic is in another mode). */
    private Observation nearestTokens(Point p) {
        Observation best = null;
        double bd = Double.POSITIVE_INFINITY;
        for (Observation o : data.observations()) {
            double d = Math.pow(Math.log(o.point().inputTokens() / p.inputTokens()), 2)
                    + Math.pow(Math.log(o.point().outputTokens() / p.outputTokens()), 2);
            if (d < bd) {
                bd = d;
                best = o;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return predictorName + " fitted on " + data.size() + " observations: " + methods();
    }
}
