package io.llmbench.report.internal;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import io.llmbench.report.ParetoFront;
import io.llmbench.report.PredictionCurve;
import io.llmbench.report.Ranking;
import io.llmbench.report.SweepCurve;
import io.llmbench.report.internal.ChartSpec.Axis;
import io.llmbench.report.internal.ChartSpec.Dataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/** Builds every chart of the HTML report from results and caller-supplied model outputs. Not API. */
public final class ReportCharts {
    public static final String COMPARISON = "Comparison across endpoints";
    public static final String PROMPTS = "Prompts and tokens";
    public static final String RELIABILITY = "Success and failures";
    public static final String DISTRIBUTIONS = "Latency percentiles";
    public static final String TIME = "Over time";
    public static final String SWEEPS = "Sweeps";
    public static final String MODEL = "Predictions and choices";

    private static final Axis ENDPOINTS = new Axis("endpoint", "category");
    private static final int PERCENTILE_TICKS = 5;

    private static final Axis PERCENTILES = new Axis("percentile", "category");
    /** Endpoints with a chart of their own (percentiles over time, latency histogram) at most. */
    static final int MAX_PER_ENDPOINT_CHARTS = 6;
    /** Buckets of the percentiles-over-time charts at most. */
    static final int MAX_PERCENTILE_BUCKETS = 60;
    /** Requests per bucket of the percentiles-over-time charts, on average, at least. */
    static final int MIN_PER_PERCENTILE_BUCKET = 10;
    /** Bins of a latency histogram. */
    static final int HISTOGRAM_BINS = 30;

    private final List<ChartSpec> charts = new ArrayList<>();
    /** One colour per endpoint name, the same in every chart. */
    private final Map<String, String> colors = new LinkedHashMap<>();
    private final Map<String, Integer> endpoints = new LinkedHashMap<>();
    private final Map<String, Integer> runsOf = new LinkedHashMap<>();

    private ReportCharts() {
    }

    /**
     * The series' colour, the same in every chart: one palette colour per endpoint (the name before
     * the first {@link Html#QUALIFIER}), assigned in the order endpoints first appear; several runs
     * of one endpoint ({@code fast-small · concurrency 4}) get lighter shades of it.
     */
    String color(String name) {
        return colors.computeIfAbsent(name, n -> {
            int q = n.indexOf(Html.QUALIFIER);
            String endpoint = q > 0 ? n.substring(0, q) : n;
            int index = endpoints.computeIfAbsent(endpoint, e -> endpoints.size());
            int run = runsOf.merge(endpoint, 1, Integer::sum) - 1;
            return Palette.shade(Palette.color(index), Math.max(0.35, 1 - 0.2 * run));
        });
    }

    /** Inputs to the charts. */
    public record Inputs(List<EndpointResult> endpoints, List<SweepCurve> sweeps, List<PredictionCurve> predictions,
                         List<Ranking> rankings, List<ParetoFront> paretos, int maxScatterPoints, int maxTimeBuckets) {
    }

    /** All charts that have data, with ids {@code chart-0, chart-1, ...}. */
    public static List<ChartSpec> build(Inputs in) {
        ReportCharts c = new ReportCharts();
        List<EndpointResult> eps = in.endpoints();
        eps.forEach(e -> c.color(e.name()));
        if (!eps.isEmpty()) {
            c.comparison(eps);
            List<RecordDigest> digests = new ArrayList<>();
            RecordDigest.Timeline timeline = RecordDigest.Timeline.covering(eps.stream().map(EndpointResult::records).toList(),
                    in.maxTimeBuckets());
            for (EndpointResult e : eps) {
                digests.add(RecordDigest.of(e.records(), in.maxScatterPoints(), timeline));
            }
            c.prompts(eps, digests);
            c.reliability(eps);
            c.percentiles(eps);
            c.histograms(eps);
            c.timeline(eps, digests, timeline);
            c.percentilesOverTime(eps, digests, timeline);
            c.charts.addAll(ServerCharts.build(eps, digests, timeline));
        }
        for (SweepCurve s : in.sweeps()) {
            c.sweep(s);
        }
        for (PredictionCurve p : in.predictions()) {
            c.prediction(p);
        }
        for (Ranking r : in.rankings()) {
            c.ranking(r);
        }
        for (ParetoFront p : in.paretos()) {
            c.pareto(p);
        }
        List<ChartSpec> out = new ArrayList<>();
        for (ChartSpec s : c.charts) {
            if (s.hasData()) {
                out.add(s.id("chart-" + out.size()));
            }
        }
        return out;
    }

    // ---- comparison ----

    private void comparison(List<EndpointResult> eps) {
        // one bar per endpoint in its own colour, grouped by percentile: names stay in the legend
        for (Metric m : new Metric[] {Metric.E2E, Metric.TTFT, Metric.TPOT, Metric.ITL}) {
            ChartSpec c = ChartSpec.of(COMPARISON, title(m) + " by endpoint", "bar", PERCENTILES, new Axis(title(m) + " (ms)", "linear"))
                    .labels(List.of("p50", "p95", "p99"));
            for (EndpointResult e : eps) {
                MetricStats s = e.metric(m);
                c.add(Dataset.of(e.name(), java.util.Arrays.asList(finiteOrNull(s.p50()), finiteOrNull(s.p95()), finiteOrNull(s.p99())), color(e.name())));
            }
            charts.add(c);
        }
        ChartSpec t = ChartSpec.of(COMPARISON, "Token throughput by endpoint", "bar", new Axis("measure", "category"),
                new Axis("throughput (tokens/s)", "linear")).labels(List.of("output tokens/s", "total tokens/s", "peak output tokens/s (1 s)"));
        ChartSpec r = ChartSpec.of(COMPARISON, "Request throughput by endpoint", "bar", new Axis("measure", "category"),
                new Axis("throughput (requests/s)", "linear")).labels(List.of("requests/s", "goodput (requests/s meeting every SLO)"));
        for (EndpointResult e : eps) {
            JobStats j = e.job();
            t.add(Dataset.of(e.name(), java.util.Arrays.asList(finiteOrNull(j.outputTokenThroughput()), finiteOrNull(j.totalTokenThroughput()),
                    finiteOrNull(j.peakOutputTokensPerSecond())), color(e.name())));
            r.add(Dataset.of(e.name(), java.util.Arrays.asList(finiteOrNull(j.requestThroughput()), finiteOrNull(j.goodput())), color(e.name())));
        }
        charts.add(t);
        charts.add(r);
    }

    private static Object finiteOrNull(double v) {
        return finite(Num.round(v, 5));
    }

    // ---- prompts and tokens ----

    private void prompts(List<EndpointResult> eps, List<RecordDigest> digests) {
        int sampled = 0;
        int total = 0;
        int stride = 1;
        for (RecordDigest d : digests) {
            sampled += d.e2eVsInput.size();
            total += d.succeeded;
            stride = Math.max(stride, d.stride);
        }
        String note = stride > 1
                ? String.format(Locale.ROOT, "Showing %,d of %,d succeeded requests: every %,d-th in send order per endpoint.", sampled, total, stride)
                : null;
        Axis inputAxis = new Axis("input tokens", "linear");
        scatter(eps, digests, d -> d.e2eVsInput, "E2E latency by prompt length", inputAxis, new Axis("E2E latency (ms)", "linear"), note);
        scatter(eps, digests, d -> d.ttftVsInput, "TTFT by prompt length", inputAxis, new Axis("TTFT (ms)", "linear"), note);
        scatter(eps, digests, d -> d.outputVsInput, "Input vs output tokens", inputAxis, new Axis("output tokens", "linear"), note);
        groups(eps, digests, d -> d.byLength, "E2E median by prompt length class", "prompt length", List.of("short", "medium", "long"));
        groups(eps, digests, d -> d.byComplexity, "E2E median by prompt complexity", "complexity", List.of("simple", "moderate", "complex"));
        groups(eps, digests, d -> d.byCategory, "E2E median by prompt category", "category", List.of());
    }

    private void scatter(List<EndpointResult> eps, List<RecordDigest> digests, Function<RecordDigest, List<Object>> data, String title,
                         Axis x, Axis y, String note) {
        ChartSpec c = ChartSpec.of(PROMPTS, title, "scatter", x, y).note(note);
        for (int i = 0; i < eps.size(); i++) {
            c.add(Dataset.of(eps.get(i).name(), data.apply(digests.get(i)), color(eps.get(i).name())).radius(2.5));
        }
        charts.add(c);
    }

    private void groups(List<EndpointResult> eps, List<RecordDigest> digests, Function<RecordDigest, Map<String, Histogram>> groups,
                        String title, String axis, List<String> known) {
        List<String> keys = RecordDigest.keys(digests, groups, known);
        if (keys.isEmpty()) {
            return;
        }
        ChartSpec c = ChartSpec.of(PROMPTS, title, "bar", new Axis(axis, "category"), new Axis("E2E p50 (ms)", "linear")).labels(keys);
        for (int i = 0; i < eps.size(); i++) {
            Map<String, Histogram> g = groups.apply(digests.get(i));
            List<Object> v = new ArrayList<>();
            for (String k : keys) {
                Histogram h = g.get(k);
                v.add(h == null ? null : Num.round(RecordDigest.median(h), 4));
            }
            c.add(Dataset.of(eps.get(i).name(), v, color(eps.get(i).name())));
        }
        charts.add(c.note("Median end-to-end latency of succeeded requests, all of them, per group."));
    }

    // ---- reliability ----

    private void reliability(List<EndpointResult> eps) {
        List<String> names = eps.stream().map(EndpointResult::name).toList();
        ChartSpec c = ChartSpec.of(RELIABILITY, "Outcomes by endpoint", "bar", ENDPOINTS, new Axis("requests", "linear"))
                .labels(names).asStacked().asHorizontal();
        c.add(Dataset.of("succeeded", values(eps, e -> e.job().succeeded()), Palette.color(2)));
        Map<FailureKind, Boolean> seen = new EnumMap<>(FailureKind.class);
        eps.forEach(e -> e.job().failures().keySet().forEach(k -> seen.put(k, true)));
        int i = 0;
        String[] failColors = {"#D55E00", "#CC79A7", "#E69F00", "#7F7F7F", "#8C564B", "#000000", "#F0E442", "#56B4E9", "#BCBD22", "#17BECF", "#0072B2", "#009E73"};
        for (FailureKind k : seen.keySet()) {
            c.add(Dataset.of(k.name(), values(eps, e -> e.job().failures().getOrDefault(k, 0L)), failColors[i++ % failColors.length]));
        }
        charts.add(c);
        ChartSpec rate = ChartSpec.of(RELIABILITY, "Success rate by endpoint", "bar", new Axis(null, "category"),
                new Axis("requests that succeeded (%)", "linear")).labels(List.of("success rate"));
        for (EndpointResult e : eps) {
            rate.add(Dataset.of(e.name(), java.util.Arrays.asList(finiteOrNull(e.job().successRate() * 100)), color(e.name())));
        }
        charts.add(rate);
    }

    // ---- percentiles ----

    private void percentiles(List<EndpointResult> eps) {
        for (Metric m : new Metric[] {Metric.E2E, Metric.TTFT, Metric.TPOT, Metric.ITL}) {
            ChartSpec c = ChartSpec.of(DISTRIBUTIONS, title(m) + " percentile curve", "line", new Axis("percentile", "nines"),
                    new Axis(title(m) + " (ms, log scale)", "logarithmic"));
            boolean fixedOnly = false;
            for (int i = 0; i < eps.size(); i++) {
                MetricStats s = eps.get(i).metric(m);
                if (s.count() > 0 && !s.hasHistogram()) {
                    fixedOnly = true;
                }
                c.add(Dataset.of(eps.get(i).name(), curve(s), color(eps.get(i).name())).radius(0));
            }
            charts.add(c.note("HdrHistogram percentile distribution; x axis: 90%, 99%, 99.9%, ... equally spaced."
                    + (fixedOnly ? " Imported runs without a histogram show their fixed percentiles only." : "")));
        }
    }

    static List<Object> curve(MetricStats s) {
        List<Object> out = new ArrayList<>();
        if (s.count() == 0) {
            return out;
        }
        if (!s.hasHistogram()) {
            double[][] fixed = {{5, s.p05()}, {50, s.p50()}, {80, s.p80()}, {95, s.p95()}, {99, s.p99()}, {99.9, s.p999()}};
            for (double[] p : fixed) {
                if (!Double.isNaN(p[1]) && p[1] > 0) {
                    out.add(new double[] {Num.round(nines(p[0], s.count()), 4), Num.round(p[1], 4)});
                }
            }
            return out;
        }
        double last = -1;
        for (double[] p : s.percentileCurve(PERCENTILE_TICKS)) {
            double x = Num.round(nines(p[0], s.count()), 4);
            if (x <= last || !(p[1] > 0)) {
                continue;
            }
            last = x;
            out.add(new double[] {x, Num.round(p[1], 4)});
        }
        return out;
    }

    /** -log10(1 - p/100), with 100% placed at 1 - 1/(2·count). */
    static double nines(double percentile, long count) {
        double tail = 1 - percentile / 100.0;
        double floor = 1.0 / (2.0 * Math.max(1, count));
        return -Math.log10(Math.max(tail, floor));
    }

    /**
     * A latency histogram per endpoint (Gatling's response time distribution): E2E latency of the
     * succeeded requests in {@value #HISTOGRAM_BINS} equal bins from the minimum to the p99.9, the
     * slowest 0.1% folded into the last bin, from the run's HdrHistogram (all requests).
     */
    private void histograms(List<EndpointResult> eps) {
        int drawn = 0;
        for (EndpointResult e : eps) {
            MetricStats s = e.metric(Metric.E2E);
            if (s.count() == 0 || !s.hasHistogram() || drawn >= MAX_PER_ENDPOINT_CHARTS) {
                continue;
            }
            drawn++;
            Histogram h = io.llmbench.core.internal.Histograms.decode(s.histogram());
            double scale = Metric.E2E.unit().scale();
            double lo = s.min();
            double hi = Math.max(s.p999(), lo + 1e-3);
            double width = (hi - lo) / HISTOGRAM_BINS;
            long[] bins = new long[HISTOGRAM_BINS];
            // each recorded value falls in exactly one bin; the slowest 0.1% fold into the last
            for (org.HdrHistogram.HistogramIterationValue v : h.recordedValues()) {
                double ms = h.highestEquivalentValue(v.getValueIteratedTo()) / scale;
                int b = (int) Math.floor((ms - lo) / width);
                bins[Math.max(0, Math.min(HISTOGRAM_BINS - 1, b))] += v.getCountAtValueIteratedTo();
            }
            List<String> labels = new ArrayList<>();
            List<Object> counts = new ArrayList<>();
            for (int b = 0; b < HISTOGRAM_BINS; b++) {
                labels.add(HtmlPage.fmt(lo + (b + 0.5) * width));
                counts.add(bins[b]);
            }
            ChartSpec c = ChartSpec.of(DISTRIBUTIONS, "E2E latency distribution: " + e.name(), "bar",
                    new Axis("E2E latency (ms, bin centre)", "category"), new Axis("requests", "linear")).labels(labels);
            c.add(Dataset.of(e.name(), counts, color(e.name())));
            charts.add(c.note(String.format(Locale.ROOT, "%d succeeded requests in %d bins of %s ms from the fastest; "
                    + "the last bin also holds the slowest 0.1%%.", s.count(), HISTOGRAM_BINS, HtmlPage.fmt(width))));
        }
    }

    // ---- time ----

    /**
     * Gatling's response time percentiles over time: p50, p90, p95 and p99 of the E2E latency of
     * the requests that completed in each timeline bucket, one chart per endpoint.
     */
    private void percentilesOverTime(List<EndpointResult> eps, List<RecordDigest> digests, RecordDigest.Timeline t) {
        double[] ps = {50, 90, 95, 99};
        double[] alpha = {1.0, 0.8, 0.62, 0.45};
        int drawn = 0;
        for (int i = 0; i < eps.size() && drawn < MAX_PER_ENDPOINT_CHARTS; i++) {
            RecordDigest d = digests.get(i);
            if (d.succeeded == 0) {
                continue;
            }
            drawn++;
            String n = eps.get(i).name();
            // wider buckets than the timeline's: at most 60, with about 10 requests or more each
            int merge = Math.max(1, Math.max((int) Math.ceil(t.buckets / (double) MAX_PERCENTILE_BUCKETS),
                    (int) Math.ceil(MIN_PER_PERCENTILE_BUCKET * t.buckets / (double) d.succeeded)));
            List<float[]> merged = new ArrayList<>();
            for (int b = 0; b < t.buckets; b += merge) {
                merged.add(RecordDigest.mergeSorted(java.util.Arrays.asList(d.e2eByBucket).subList(b, Math.min(t.buckets, b + merge))));
            }
            ChartSpec c = ChartSpec.of(TIME, "E2E latency percentiles over time: " + n, "line", new Axis("time since start (s)", "linear"),
                    new Axis("E2E latency (ms)", "linear"));
            for (int k = 0; k < ps.length; k++) {
                List<Object> pts = new ArrayList<>();
                for (int b = 0; b < merged.size(); b++) {
                    double v = RecordDigest.percentile(merged.get(b), ps[k]);
                    if (!Double.isNaN(v)) {
                        pts.add(new double[] {t.at(b * merge), Num.round(v, 4)});
                    }
                }
                Dataset ds = Dataset.of("p" + trim(ps[k]), pts, Palette.shade(color(n), alpha[k])).radius(pts.size() > 60 ? 0 : 2);
                c.add(k == 0 ? ds : ds.dashed());
            }
            charts.add(c.note(String.format(Locale.ROOT, "Succeeded requests by the %s s bucket they completed in; a bucket with "
                    + "fewer than 100 requests shows its slowest as p99.", Num.python(t.widthSeconds * merge).replaceAll("\\.0$", ""))));
        }
    }

    private void timeline(List<EndpointResult> eps, List<RecordDigest> digests, RecordDigest.Timeline t) {
        ChartSpec c = ChartSpec.of(TIME, "Throughput and concurrency over time", "line", new Axis("time since start (s)", "linear"),
                new Axis("output throughput (tokens/s)", "linear")).y2(new Axis("requests in flight; completed requests/s", "linear"));
        for (int i = 0; i < eps.size(); i++) {
            RecordDigest d = digests.get(i);
            String n = eps.get(i).name();
            c.add(Dataset.of(n + " output tokens/s", series(t, d.tokensPerSecond), color(n)).radius(0));
            c.add(Dataset.of(n + " in flight", series(t, d.inFlight), color(n)).axis("y2").dashed().radius(0));
            c.add(Dataset.of(n + " completed/s", series(t, d.completionsPerSecond), color(n)).axis("y2").radius(0).hiddenAtFirst());
        }
        if (eps.stream().anyMatch(e -> !e.records().isEmpty())) {
            charts.add(c.note(String.format(Locale.ROOT,
                    "Buckets of %s s from the first scheduled send; in flight = time-averaged requests open in the bucket.",
                    Num.python(t.widthSeconds).replaceAll("\\.0$", ""))));
        }
    }

    static List<Object> series(RecordDigest.Timeline t, double[] v) {
        List<Object> out = new ArrayList<>(v.length);
        for (int i = 0; i < v.length; i++) {
            out.add(new double[] {t.at(i), Num.round(v[i], 4)});
        }
        return out;
    }

    // ---- sweeps ----

    private void sweep(SweepCurve s) {
        Traffic.Mode mode = s.steps().get(0).run().traffic().mode();
        Axis load = new Axis(mode == Traffic.Mode.RATE ? "offered load (requests/s)" : "concurrency (requests in flight)", "linear");
        // E2E latency is seconds where TTFT and TPOT are milliseconds: each gets an axis of its own
        ChartSpec e2e = ChartSpec.of(SWEEPS, "E2E latency vs load: " + s.name(), "line", load, new Axis("E2E latency (ms)", "linear"));
        ChartSpec first = ChartSpec.of(SWEEPS, "TTFT and TPOT vs load: " + s.name(), "line", load, new Axis("TTFT (ms)", "linear"))
                .y2(new Axis("TPOT (ms per output token)", "linear"));
        double[] max = {0, 0, 0};
        sweepLine(e2e, s, "E2E p50", m -> m.metric(Metric.E2E).p50(), Palette.color(0), null, max, 0);
        sweepLine(e2e, s, "E2E p95", m -> m.metric(Metric.E2E).p95(), Palette.color(1), null, max, 0);
        sweepLine(first, s, "TTFT p50", m -> m.metric(Metric.TTFT).p50(), Palette.color(2), null, max, 1);
        sweepLine(first, s, "TTFT p95", m -> m.metric(Metric.TTFT).p95(), Palette.color(3), null, max, 1);
        sweepLine(first, s, "TPOT p50", m -> m.metric(Metric.TPOT).p50(), Palette.color(4), "y2", max, 2);
        sweepLine(first, s, "TPOT p95", m -> m.metric(Metric.TPOT).p95(), Palette.color(5), "y2", max, 2);
        double x0 = s.steps().get(0).run().traffic().level();
        double x1 = s.steps().get(s.steps().size() - 1).run().traffic().level();
        for (Slo slo : s.slos()) {
            if (slo.metric().unit() != Metric.Unit.MILLISECONDS) {
                continue;
            }
            boolean isE2e = slo.metric() == Metric.E2E || slo.metric() == Metric.E2E_FROM_SCHEDULED;
            boolean isTpot = slo.metric() == Metric.TPOT || slo.metric() == Metric.ITL;
            ChartSpec target = isE2e ? e2e : first;
            String axis = isTpot ? "y2" : null;
            int slot = isE2e ? 0 : isTpot ? 2 : 1;
            String name = shortName(slo.metric()) + " p" + trim(slo.percentile());
            if (!name.equals(shortName(slo.metric()) + " p50") && !name.equals(shortName(slo.metric()) + " p95")) {
                sweepLine(target, s, name, e -> percentileOf(e.metric(slo.metric()), slo.percentile()), Palette.color(6), axis, max, slot);
            }
            target.add(Dataset.of("SLO " + slo, List.of(new double[] {x0, slo.threshold()}, new double[] {x1, slo.threshold()}),
                    Palette.SLO).dashed().radius(0).axis(axis));
            max[slot] = Math.max(max[slot], slo.threshold());
        }
        if (!Double.isNaN(s.kneeLevel())) {
            e2e.add(Dataset.of("SLO knee at " + trim(s.kneeLevel()), List.of(new double[] {s.kneeLevel(), 0},
                    new double[] {s.kneeLevel(), Num.round(max[0] * 1.05, 4)}), "#000000").radius(0).dashed());
            first.add(Dataset.of("SLO knee at " + trim(s.kneeLevel()), List.of(new double[] {s.kneeLevel(), 0},
                    new double[] {s.kneeLevel(), Num.round(max[1] * 1.05, 4)}), "#000000").radius(0).dashed());
        }
        charts.add(e2e);
        boolean tpot = first.datasets().stream().anyMatch(d -> "y2".equals(d.axis()) && !d.data().isEmpty());
        charts.add(tpot ? first : new ChartSpec(first.id(), first.group(), "TTFT vs load: " + s.name(), first.note(), first.kind(),
                first.horizontal(), first.stacked(), first.x(), first.y(), null, first.labels(),
                first.datasets().stream().filter(d -> !"y2".equals(d.axis())).collect(java.util.stream.Collectors.toCollection(ArrayList::new))));
        ChartSpec thr = ChartSpec.of(SWEEPS, "Throughput vs load: " + s.name(), "line", load, new Axis("throughput (requests/s)", "linear"))
                .y2(new Axis("output throughput (tokens/s)", "linear"));
        thr.add(Dataset.of("achieved requests/s", points(s.steps(), e -> e.job().requestThroughput()), Palette.color(0)).radius(3));
        thr.add(Dataset.of("goodput (req/s)", points(s.steps(), e -> e.job().goodput()), Palette.color(2)).radius(3));
        if (mode == Traffic.Mode.RATE) {
            thr.add(Dataset.of("offered requests/s", points(s.steps(), e -> e.run().traffic().level()), "#7F7F7F").dashed().radius(0));
        }
        thr.add(Dataset.of("output tokens/s", points(s.steps(), e -> e.job().outputTokenThroughput()), Palette.color(1)).axis("y2").radius(3));
        if (!Double.isNaN(s.kneeLevel())) {
            double top = s.steps().stream().mapToDouble(e -> Math.max(e.job().requestThroughput(), e.run().traffic().level())).max().orElse(1);
            thr.add(Dataset.of("SLO knee at " + trim(s.kneeLevel()), List.of(new double[] {s.kneeLevel(), 0},
                    new double[] {s.kneeLevel(), Num.round(top * 1.05, 4)}), "#000000").radius(0).dashed());
        }
        charts.add(thr);
    }

    private static void sweepLine(ChartSpec c, SweepCurve s, String name, ToDoubleFunction<EndpointResult> f, String color, String axis,
                                  double[] max, int slot) {
        List<Object> pts = new ArrayList<>();
        for (EndpointResult e : s.steps()) {
            double v = f.applyAsDouble(e);
            if (!Double.isNaN(v)) {
                pts.add(new double[] {e.run().traffic().level(), Num.round(v, 4)});
                max[slot] = Math.max(max[slot], v);
            }
        }
        if (!pts.isEmpty()) {
            c.add(Dataset.of(name, pts, color).radius(3).axis(axis));
        }
    }

    private static double percentileOf(MetricStats s, double p) {
        if (s.count() == 0) {
            return Double.NaN;
        }
        if (s.hasHistogram()) {
            return s.percentile(p);
        }
        return p == 50 ? s.p50() : p == 80 ? s.p80() : p == 95 ? s.p95() : p == 99 ? s.p99() : p == 99.9 ? s.p999() : Double.NaN;
    }

    private static List<Object> points(List<EndpointResult> steps, ToDoubleFunction<EndpointResult> f) {
        List<Object> out = new ArrayList<>();
        for (EndpointResult e : steps) {
            double v = f.applyAsDouble(e);
            if (!Double.isNaN(v)) {
                out.add(new double[] {e.run().traffic().level(), Num.round(v, 5)});
            }
        }
        return out;
    }

    // ---- model outputs ----

    private void prediction(PredictionCurve p) {
        ChartSpec c = ChartSpec.of(MODEL, p.title(), "line", new Axis(p.xLabel(), "linear"), new Axis(p.yLabel(), "linear"));
        int i = 0;
        for (PredictionCurve.Series s : p.series()) {
            String color = Palette.color(i++);
            List<PredictionCurve.BandPoint> pts = s.points().stream().sorted(Comparator.comparingDouble(PredictionCurve.BandPoint::x)).toList();
            boolean banded = pts.stream().anyMatch(b -> !Double.isNaN(b.lower()) && !Double.isNaN(b.upper()));
            if (banded) {
                c.add(Dataset.of(s.name() + " lower", xy(pts, PredictionCurve.BandPoint::lower), color).radius(0).noLegend().asBand());
                c.add(Dataset.of(s.name() + " interval", xy(pts, PredictionCurve.BandPoint::upper), color).radius(0).fill("-1").asBand());
            }
            c.add(Dataset.of(s.name(), xy(pts, PredictionCurve.BandPoint::y), color).radius(2));
            if (!s.observed().isEmpty()) {
                c.add(Dataset.of(s.name() + " measured", xy(s.observed(), PredictionCurve.BandPoint::y), color).type("scatter").radius(4));
            }
        }
        charts.add(c.note("Shaded: the prediction interval."));
    }

    private static List<Object> xy(List<PredictionCurve.BandPoint> pts, ToDoubleFunction<PredictionCurve.BandPoint> y) {
        List<Object> out = new ArrayList<>();
        for (PredictionCurve.BandPoint b : pts) {
            double v = y.applyAsDouble(b);
            out.add(new Object[] {b.x(), Double.isNaN(v) || Double.isInfinite(v) ? null : v});
        }
        return out;
    }

    private void ranking(Ranking r) {
        ChartSpec c = ChartSpec.of(MODEL, r.title(), "bar", new Axis(null, "category"), new Axis(r.valueLabel(), "linear"))
                .asHorizontal().asStacked().labels(r.entries().stream().map(e -> (r.entries().indexOf(e) + 1) + ". " + e.name()).toList());
        // one stacked dataset per deployment, holding only its own bar: each keeps its colour
        for (int i = 0; i < r.entries().size(); i++) {
            List<Object> v = new ArrayList<>(java.util.Collections.nCopies(r.entries().size(), null));
            v.set(i, finite(r.entries().get(i).value()));
            c.add(Dataset.of(r.entries().get(i).name(), v, color(r.entries().get(i).name())).noLegend());
        }
        charts.add(c);
    }

    private void pareto(ParetoFront p) {
        ChartSpec c = ChartSpec.of(MODEL, p.title(), "scatter", new Axis(p.xLabel(), "linear"), new Axis(p.yLabel(), "linear"));
        List<Object> front = new ArrayList<>();
        List<Object> rest = new ArrayList<>();
        p.points().stream().sorted(Comparator.comparingDouble(ParetoFront.Point::x)).forEach(pt -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("x", finite(pt.x()));
            o.put("y", finite(pt.y()));
            o.put("name", pt.name());
            (pt.onFront() ? front : rest).add(o);
        });
        c.add(Dataset.of("Pareto front", front, Palette.color(3)).line(true).radius(5));
        c.add(Dataset.of("dominated", rest, "#7F7F7F").radius(4));
        charts.add(c.note("Each point is labelled with its deployment; hover for the full name and values."));
    }

    // ---- helpers ----

    private static List<Object> values(List<EndpointResult> eps, ToDoubleFunction<EndpointResult> f) {
        List<Object> out = new ArrayList<>();
        for (EndpointResult e : eps) {
            out.add(finite(Num.round(f.applyAsDouble(e), 5)));
        }
        return out;
    }

    static Double finite(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    static String title(Metric m) {
        return switch (m) {
            case E2E -> "E2E latency";
            case TTFT -> "TTFT";
            case TPOT -> "TPOT";
            case ITL -> "ITL";
            default -> m.key();
        };
    }

    static String shortName(Metric m) {
        return m == Metric.E2E ? "E2E" : title(m);
    }

    static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Counts failures of a kind, 0 when none; a helper for tests. */
    static long failures(JobStats j, FailureKind k) {
        return j.failures().getOrDefault(k, 0L);
    }
}
