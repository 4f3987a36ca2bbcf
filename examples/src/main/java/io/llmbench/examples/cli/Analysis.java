package io.llmbench.examples.cli;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import io.llmbench.model.Alternative;
import io.llmbench.model.Criterion;
import io.llmbench.model.FittedModel;
import io.llmbench.model.Measure;
import io.llmbench.model.Observation;
import io.llmbench.model.Pareto;
import io.llmbench.model.Point;
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Prediction;
import io.llmbench.model.Ranked;
import io.llmbench.model.Rankings;
import io.llmbench.model.Topsis;
import io.llmbench.report.HtmlReport;
import io.llmbench.report.ParetoFront;
import io.llmbench.report.PredictionCurve.BandPoint;
import io.llmbench.report.PredictionCurve;
import io.llmbench.report.Ranking;
import io.llmbench.report.SweepCurve;
import io.llmbench.store.StoredRun;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the HTML report shows beyond one benchmark: sweep curves found in stored runs, prediction
 * curves from fitted models, rankings, TOPSIS and the Pareto front at a reference workload. Used by
 * {@code report}, {@code sweep} and {@code demo}. Stateless.
 */
final class Analysis {
    /** Runs whose token sizes are within this fraction of a point's count as measured at it. */
    static final double NEAR = 0.15;
    /** Points per prediction curve. */
    static final int CURVE_POINTS = 24;
    /** Measures ranked in reports and by {@code rank}, in this order. */
    static final List<Measure> RANKED = List.of(Measure.TTFT, Measure.TPOT, Measure.E2E, Measure.OUTPUT_THROUGHPUT,
            Measure.REQUEST_THROUGHPUT);

    /** An alternative and what it rests on ("predicted ..." or "measured run ..."). */
    record Choice(Alternative alternative, String basis) {
    }

    private Analysis() {
    }

    /** The workload most runs used (by description), at its median measured sizes and most common traffic. */
    static Point reference(Collection<StoredRun> runs) {
        Map<String, List<StoredRun>> byWorkload = new HashMap<>();
        for (StoredRun r : runs) {
            if (r.result().job().succeeded() > 0) {
                byWorkload.computeIfAbsent(r.result().run().workload(), k -> new ArrayList<>()).add(r);
            }
        }
        List<StoredRun> best = byWorkload.values().stream().max(Comparator.comparingInt(List::size)).orElse(List.of());
        if (best.isEmpty()) {
            return null;
        }
        List<Observation> obs = RunModels.observations(best, io.llmbench.model.Statistic.MEAN, null);
        double in = median(obs.stream().mapToDouble(o -> o.point().inputTokens()).toArray());
        double out = median(obs.stream().mapToDouble(o -> o.point().outputTokens()).toArray());
        Map<Traffic, Integer> traffic = new HashMap<>();
        best.forEach(r -> traffic.merge(r.result().run().traffic(), 1, Integer::sum));
        Traffic t = traffic.entrySet().stream().max(Map.Entry.<Traffic, Integer>comparingByValue()
                .thenComparing(e -> -e.getKey().level())).map(Map.Entry::getKey).orElse(null);
        return Point.of(in, out, t);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * The workload a sweep holds fixed: its description, and the mean input and output tokens
     * when the description does not give them (an imported summary CSV names no sizes, so three
     * input sizes would otherwise join one zig-zag curve).
     */
    static String workload(EndpointResult e) {
        String w = e.run().workload();
        if (w.matches(".*\\bin=\\d.*")) {
            return w;
        }
        double in = e.metric(io.llmbench.core.Metric.INPUT_TOKENS).mean();
        double out = e.metric(io.llmbench.core.Metric.OUTPUT_TOKENS).mean();
        return w + (Double.isNaN(in) ? "" : " in≈" + roughly(in)) + (Double.isNaN(out) ? "" : " out≈" + roughly(out));
    }

    /** The workload in a name: its description when that gives sizes, else the sizes ({@code in≈12000 out≈150}). */
    static String workloadTag(EndpointResult e) {
        String w = workload(e);
        String own = e.run().workload();
        return w.equals(own) ? own : w.substring(own.length()).strip();
    }

    /** Two significant digits: runs within a few percent of one size belong to one sweep. */
    private static String roughly(double tokens) {
        return new java.math.BigDecimal(tokens).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /**
     * Sweeps: runs of one endpoint and workload in one traffic mode at two or more levels (the
     * latest run per level), with the knee marked when SLOs are given.
     */
    static List<SweepCurve> sweeps(Collection<StoredRun> runs, List<Slo> slos) {
        Map<String, TreeMap<Double, StoredRun>> groups = new TreeMap<>();
        for (StoredRun r : runs) {
            EndpointResult e = r.result();
            String key = e.name() + " · " + workload(e) + " · " + RunModels.mode(e.run().traffic()).csvName();
            groups.computeIfAbsent(key, k -> new TreeMap<>()).merge(e.run().traffic().level(), r,
                    (a, b) -> a.result().run().startedAt().isAfter(b.result().run().startedAt()) ? a : b);
        }
        List<SweepCurve> out = new ArrayList<>();
        groups.forEach((key, levels) -> {
            if (levels.size() < 2) {
                return;
            }
            List<EndpointResult> steps = levels.values().stream().map(StoredRun::result).toList();
            SweepCurve s = SweepCurve.of(key, steps);
            if (!slos.isEmpty()) {
                double knee = Double.NaN;
                for (EndpointResult step : steps) {
                    if (Summaries.sloMisses(List.of(step), slos).isEmpty()) {
                        knee = step.run().traffic().level();
                    }
                }
                s = s.withKnee(knee, slos);
            }
            out.add(s);
        });
        return out;
    }

    /**
     * Prediction curves at the reference sizes: TTFT, E2E and output throughput against the traffic
     * level (for models fitted over levels), and E2E against output tokens (for all).
     */
    static List<PredictionCurve> predictionCurves(Map<String, RunModels.Fit> fits, Point ref) {
        List<PredictionCurve> curves = new ArrayList<>();
        if (ref == null) {
            return curves;
        }
        Map<Traffic.Mode, List<RunModels.Fit>> byMode = new TreeMap<>();
        for (RunModels.Fit f : fits.values()) {
            f.fitted().flatMap(FittedModel::trafficMode).ifPresent(m -> byMode.computeIfAbsent(m, k -> new ArrayList<>()).add(f));
        }
        byMode.forEach((mode, list) -> {
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            for (RunModels.Fit f : list) {
                for (Observation o : f.observations()) {
                    lo = Math.min(lo, o.point().traffic().level());
                    hi = Math.max(hi, o.point().traffic().level());
                }
            }
            double[] xs = logSpace(lo, hi * 1.5);
            String x = mode == Traffic.Mode.RATE ? "requests per second" : "concurrency";
            for (Measure m : List.of(Measure.TTFT, Measure.E2E, Measure.OUTPUT_THROUGHPUT)) {
                List<PredictionCurve.Series> series = new ArrayList<>();
                for (RunModels.Fit f : list) {
                    if (!f.model().measures().contains(m)) {
                        continue;
                    }
                    List<BandPoint> pts = new ArrayList<>();
                    for (double level : xs) {
                        band(f.model(), Point.of(ref.inputTokens(), ref.outputTokens(), new Traffic(mode, level)), m, level, pts);
                    }
                    List<BandPoint> observed = new ArrayList<>();
                    for (Observation o : f.observations()) {
                        if (near(o.point(), ref) && o.has(m)) {
                            observed.add(BandPoint.of(o.point().traffic().level(), o.value(m).getAsDouble()));
                        }
                    }
                    if (!pts.isEmpty()) {
                        series.add(new PredictionCurve.Series(f.name() + " (" + f.model().predictorName() + ")", pts, observed));
                    }
                }
                if (!series.isEmpty()) {
                    curves.add(new PredictionCurve("Predicted " + m.key() + " vs " + x + " at " + sizes(ref),
                            x, m.key() + " (" + m.unitSymbol() + ")", series));
                }
            }
        });
        List<PredictionCurve.Series> byOutput = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (RunModels.Fit f : fits.values()) {
            for (Observation o : f.observations()) {
                lo = Math.min(lo, o.point().outputTokens());
                hi = Math.max(hi, o.point().outputTokens());
            }
        }
        if (hi > lo) {
            double[] xs = logSpace(lo, hi * 1.5);
            for (RunModels.Fit f : fits.values()) {
                if (f.model() == null || !f.model().measures().contains(Measure.E2E)) {
                    continue;
                }
                Traffic t = f.model().fixedTraffic().orElse(f.model().trafficMode().isPresent() ? ref.traffic() : null);
                if (t != null && f.model().trafficMode().isPresent() && RunModels.mode(t) != f.model().trafficMode().get()) {
                    continue;
                }
                List<BandPoint> pts = new ArrayList<>();
                for (double out : xs) {
                    band(f.model(), Point.of(ref.inputTokens(), out, t), Measure.E2E, out, pts);
                }
                if (!pts.isEmpty()) {
                    byOutput.add(PredictionCurve.Series.of(f.name() + (t == null ? "" : " at " + t), pts));
                }
            }
        }
        if (!byOutput.isEmpty()) {
            curves.add(new PredictionCurve("Predicted e2e vs output tokens at " + Math.round(ref.inputTokens()) + " input tokens",
                    "output tokens", "e2e (ms)", byOutput));
        }
        return curves;
    }

    private static void band(FittedModel model, Point p, Measure m, double x, List<BandPoint> out) {
        try {
            PredictedValue v = model.predict(p).value(m);
            out.add(new BandPoint(x, v.value(), finite(v.lower()), finite(v.upper())));
        } catch (IllegalArgumentException e) {
            // the model cannot predict there (another traffic): leave the point out
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }

    static boolean near(Point a, Point b) {
        return Math.abs(a.inputTokens() / b.inputTokens() - 1) <= NEAR && Math.abs(a.outputTokens() / b.outputTokens() - 1) <= NEAR;
    }

    static double[] logSpace(double lo, double hi) {
        if (!(lo > 0) || !(hi > lo)) {
            return new double[] {lo};
        }
        double[] xs = new double[CURVE_POINTS];
        for (int i = 0; i < CURVE_POINTS; i++) {
            xs[i] = lo * Math.pow(hi / lo, (double) i / (CURVE_POINTS - 1));
        }
        return xs;
    }

    static String sizes(Point p) {
        return Math.round(p.inputTokens()) + " input / " + Math.round(p.outputTokens()) + " output tokens";
    }

    /**
     * Each deployment at a point: predicted when its model can, else its measured run nearest the
     * point (in any traffic mode).
     */
    static Map<String, Choice> choices(Map<String, RunModels.Fit> fits, Point at) {
        Map<String, Choice> out = new LinkedHashMap<>();
        for (RunModels.Fit f : fits.values()) {
            if (f.model() != null) {
                try {
                    Prediction p = f.model().predict(at);
                    out.put(f.name(), new Choice(Alternative.predicted(f.name(), p),
                            "predicted (" + f.model().predictorName() + ", " + p.confidence().name().toLowerCase(java.util.Locale.ROOT) + " confidence)"));
                    continue;
                } catch (IllegalArgumentException e) {
                    // fall back to the nearest measurement
                }
            }
            if (!f.observations().isEmpty()) {
                Observation o = RunModels.nearest(f.observations(), at);
                out.put(f.name(), new Choice(Alternative.of(f.name(), o), "measured " + o.source() + " at " + o.point()));
            }
        }
        return out;
    }

    /** Rankings of each measure (best first), a TOPSIS ranking, and the Pareto front of TTFT against output throughput. */
    static void rankCharts(HtmlReport.Builder html, Collection<Alternative> alts, Point at) {
        if (alts.size() < 2) {
            return;
        }
        String where = " at " + sizes(at) + (at.traffic() == null ? "" : ", " + at.traffic());
        for (Measure m : RANKED) {
            List<Ranked> ranked = Rankings.rank(alts, m);
            if (ranked.size() >= 2) {
                html.ranking(new Ranking("Ranking by " + m.key().replace('_', ' ') + where, m.key().replace('_', ' ') + " (" + m.unitSymbol() + ")",
                        ranked.stream().map(r -> new Ranking.Entry(r.name(), r.value())).toList()));
            }
        }
        List<Criterion> criteria = criteria(alts);
        if (!criteria.isEmpty()) {
            List<Ranked> t = Topsis.rank(alts, criteria);
            html.ranking(new Ranking("TOPSIS (" + criteria.stream().map(c -> c.measure().key()).collect(Collectors.joining(", "))
                    + ", equal weights)" + where, "closeness (0..1, higher is better)",
                    t.stream().map(r -> new Ranking.Entry(r.name(), r.value())).toList()));
        }
        List<Alternative> both = alts.stream().filter(a -> a.value(Measure.TTFT).isPresent()
                && a.value(Measure.OUTPUT_THROUGHPUT).isPresent()).toList();
        if (both.size() >= 2) {
            Set<String> front = new HashSet<>();
            Pareto.front(both, Measure.TTFT, Measure.OUTPUT_THROUGHPUT).forEach(a -> front.add(a.name()));
            html.pareto(new ParetoFront("Pareto front: TTFT vs output throughput" + where, "TTFT (ms)", "output throughput (tokens/s)",
                    both.stream().map(a -> new ParetoFront.Point(a.name(), a.value(Measure.TTFT).getAsDouble(),
                            a.value(Measure.OUTPUT_THROUGHPUT).getAsDouble(), front.contains(a.name()))).toList()));
        }
    }

    /** TTFT, TPOT and output throughput at equal weights, those that every alternative has. */
    static List<Criterion> criteria(Collection<Alternative> alts) {
        List<Criterion> out = new ArrayList<>();
        for (Measure m : List.of(Measure.TTFT, Measure.TPOT, Measure.OUTPUT_THROUGHPUT)) {
            if (alts.stream().allMatch(a -> a.value(m).isPresent())) {
                out.add(Criterion.of(m, 1));
            }
        }
        return out;
    }

    /**
     * The full report over stored runs: the comparison charts of {@code compare}, every sweep in
     * {@code sweepRuns}, and (with {@code predict}) prediction curves, rankings, TOPSIS and the
     * Pareto front at the reference workload from models fitted on {@code runs}.
     *
     * @param ref the reference workload, or null to take the one most runs used
     */
    static HtmlReport.Builder full(String title, List<EndpointResult> compare, List<StoredRun> sweepRuns, List<StoredRun> runs,
                                   List<Slo> slos, boolean predict, Point ref, io.llmbench.model.Predictor predictor) {
        HtmlReport.Builder h = HtmlReport.builder().title(title).endpoints(compare);
        sweeps(sweepRuns, slos).forEach(h::sweep);
        if (!predict || runs.isEmpty()) {
            return h;
        }
        Point at = ref != null ? ref : reference(runs);
        if (at == null) {
            return h;
        }
        Map<String, RunModels.Fit> fits = RunModels.fitAll(RunModels.group(runs, RunModels.GroupBy.ENDPOINT), predictor,
                io.llmbench.model.Statistic.MEAN, null);
        predictionCurves(fits, at).forEach(h::prediction);
        fits.values().stream().filter(f -> f.model() == null)
                .forEach(f -> h.warning("no prediction for " + f.name() + ": " + f.problem()));
        Map<String, Choice> choices = choices(fits, at);
        rankCharts(h, choices.values().stream().map(Choice::alternative).toList(), at);
        return h;
    }

    /**
     * Results whose names clash get the traffic, then the workload, then the run id added, so the
     * comparison charts tell them apart.
     */
    static List<EndpointResult> distinctNames(List<StoredRun> runs) {
        // "name · load", then "· workload", then "· #id": the report keeps what follows the first
        // " · " whole when it shortens a long name
        Map<String, Long> count = runs.stream().collect(Collectors.groupingBy(r -> r.result().name(), Collectors.counting()));
        Map<String, Long> withLoad = runs.stream().collect(Collectors.groupingBy(
                r -> r.result().name() + " · " + r.result().run().load(), Collectors.counting()));
        Map<String, Long> withWorkload = runs.stream().collect(Collectors.groupingBy(
                r -> r.result().name() + " · " + r.result().run().load() + " · " + workloadTag(r.result()), Collectors.counting()));
        List<EndpointResult> out = new ArrayList<>();
        for (StoredRun r : runs) {
            EndpointResult e = r.result();
            String name = e.name();
            if (count.get(name) > 1) {
                name = name + " · " + e.run().load();
                if (withLoad.get(name) > 1) {
                    name = name + " · " + workloadTag(e);
                    if (withWorkload.get(name) > 1) {
                        name = name + " · #" + r.id().substring(0, Math.min(8, r.id().length()));
                    }
                }
            }
            out.add(name.equals(e.name()) ? e : renamed(e, name));
        }
        return out;
    }

    static EndpointResult renamed(EndpointResult e, String name) {
        Deployment d = e.deployment();
        Deployment n = new Deployment(name, d.provider(), d.model(), d.baseUrl(), d.hardware(), d.gpuCount(), d.engine(),
                d.quantization(), d.contextWindow(), d.modelSize(), d.labels());
        return new EndpointResult(n, e.run(), e.job(), e.metrics(), e.records(), e.warnings(), e.serverMetrics());
    }
}
