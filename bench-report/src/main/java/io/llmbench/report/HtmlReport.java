package io.llmbench.report;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Clock;
import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.model.history.RunDiff;
import io.llmbench.model.history.Trend;
import io.llmbench.report.internal.Assets;
import io.llmbench.report.internal.ChartSpec;
import io.llmbench.report.internal.HistorySections;
import io.llmbench.report.internal.Html;
import io.llmbench.report.internal.HtmlPage;
import io.llmbench.report.internal.ReportCharts;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A self-contained, interactive HTML report: one file that opens offline on a laptop or a phone,
 * with Chart.js inlined from its WebJar and a Content-Security-Policy that lets the page load
 * nothing from the network.
 *
 * <pre>{@code
 * HtmlReport.builder()
 *         .title("vLLM vs TGI, 2025-03-01")
 *         .result(benchmarkResult)                 // summary table, warnings, comparison charts
 *         .sweep(SweepCurve.of("llama-vllm", steps).withKnee(6.0, slos))
 *         .prediction(curve)                       // filled from a predictor
 *         .ranking(ranking).pareto(front)          // filled from a ranking / multi-criteria choice
 *         .build()
 *         .write(Path.of("report.html"));
 * }</pre>
 *
 * <p>The page has a summary table (headline numbers per endpoint; percentiles resting on too few
 * samples are starred), the warnings of the result and of each endpoint, and charts with hover
 * values and legends that toggle series: latency, TTFT, TPOT, ITL and throughput by endpoint;
 * E2E latency and TTFT by prompt length, input vs output tokens, E2E medians by prompt length
 * class, complexity and category; outcomes and success rate; percentile curves on a log scale from
 * the histograms; throughput and concurrency over time; for each sweep latency and throughput vs
 * offered load with SLO lines and the knee; prediction curves with interval bands; rankings and
 * Pareto fronts; for each run comparison ({@link RunDiff}) a table of every statistic with its
 * change, interval and verdict (regressions and improvements highlighted), the two runs side by
 * side in every chart above (named {@code baseline: NAME} and {@code candidate: NAME}) and the
 * changes as bars; for each {@link Trend} the statistic over runs with regressions marked. Charts
 * without data are left out; run metadata closes the page.
 *
 * <p><b>Size:</b> the page does not grow with the number of request records. Scatter charts show
 * a systematic sample, every k-th succeeded request in send order with k chosen so that at most
 * {@link #DEFAULT_MAX_SCATTER_POINTS} points per endpoint remain (the chart says so); groupings use
 * histograms of all requests; the timeline has at most {@link #DEFAULT_MAX_TIME_BUCKETS} buckets.
 *
 * <p><b>Escaping:</b> every caller-supplied string (names, models, labels, notes, warnings,
 * titles) is HTML-escaped in the page and written as JSON with {@code <}, {@code >}, {@code &},
 * {@code '}, U+2028 and U+2029 escaped inside the data {@code <script>} element; charts draw text
 * on a canvas, never as HTML.
 *
 * <p>Immutable and thread-safe once built; the builder is not thread-safe.
 */
public final class HtmlReport {
    /** Scatter points per endpoint and chart at most. */
    public static final int DEFAULT_MAX_SCATTER_POINTS = 2_000;
    /** Timeline buckets at most. */
    public static final int DEFAULT_MAX_TIME_BUCKETS = 300;
    /** The title when none is given. */
    public static final String DEFAULT_TITLE = "llmbench report";

    private final String title;
    private final List<EndpointResult> endpoints;
    private final List<String> warnings;
    private final List<SweepCurve> sweeps;
    private final List<PredictionCurve> predictions;
    private final List<Ranking> rankings;
    private final List<ParetoFront> paretos;
    private final List<RunDiff> diffs;
    private final List<Trend> trends;
    private final int maxScatterPoints;
    private final int maxTimeBuckets;
    private final Clock clock;

    private HtmlReport(Builder b) {
        title = b.title;
        endpoints = List.copyOf(b.endpoints);
        warnings = List.copyOf(b.warnings);
        sweeps = List.copyOf(b.sweeps);
        predictions = List.copyOf(b.predictions);
        rankings = List.copyOf(b.rankings);
        paretos = List.copyOf(b.paretos);
        diffs = List.copyOf(b.diffs);
        trends = List.copyOf(b.trends);
        maxScatterPoints = b.maxScatterPoints;
        maxTimeBuckets = b.maxTimeBuckets;
        clock = b.clock;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Writes the page as UTF-8 to a file, replacing it. */
    public void write(Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out);
        } catch (IOException e) {
            throw new ReportException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the page. Does not close the writer. */
    public void write(Writer out) {
        List<EndpointResult> tableRows = endpoints;
        if (tableRows.isEmpty()) {
            tableRows = sweeps.stream().flatMap(s -> s.steps().stream()).toList();
        }
        List<String> allWarnings = new ArrayList<>(warnings);
        for (EndpointResult e : tableRows) {
            // the summary table stars the percentiles it shows that rest on few samples
            for (String w : e.warnings().stream().filter(w -> !w.contains("rests on too few samples")).toList()) {
                allWarnings.add(e.name() + " (" + e.run().load() + "): " + w);
            }
        }
        List<ChartSpec> charts = new ArrayList<>(charts());
        HistorySections.Parts history = HistorySections.build(diffs, trends);
        for (ChartSpec s : history.charts()) {
            if (s.hasData()) {
                charts.add(s.id("chart-" + charts.size()));
            }
        }
        try {
            // distinct runs on the page: a sweep step may be a renamed copy of a table row
            java.util.Set<List<Object>> all = new java.util.HashSet<>();
            tableRows.forEach(r -> all.add(List.of(r.run(), r.deployment().model(), r.job(), r.metric(io.llmbench.core.Metric.E2E))));
            sweeps.forEach(s -> s.steps().forEach(r -> all.add(List.of(r.run(), r.deployment().model(), r.job(),
                    r.metric(io.llmbench.core.Metric.E2E)))));
            HtmlPage.write(new HtmlPage.Content(title, clock.instant(), tableRows, all.size(), allWarnings, charts,
                    history.sections()), out);
        } catch (IOException e) {
            throw new ReportException("could not write the HTML report: " + e.getMessage(), e);
        }
    }

    private List<ChartSpec> charts() {
        return ReportCharts.build(new ReportCharts.Inputs(endpoints, sweeps, predictions, rankings, paretos,
                maxScatterPoints, maxTimeBuckets));
    }

    /**
     * The report's charts as the JSON array its chart script draws, for applications that show
     * them in pages of their own: load {@link #chartLibraryScript()} and {@link #chartScript()},
     * then call {@code llmbenchCharts.draw(spec)} for each element, on a page with a
     * {@code <canvas>} whose id is the element's {@code id}. Escaped like the page's data
     * ({@code <}, {@code >}, {@code &}, {@code '} as backslash-u escapes).
     */
    public String chartsJson() {
        return Html.scriptJson(charts());
    }

    /** Chart.js as the report inlines it (from its WebJar, without the source-map comment). */
    public static String chartLibraryScript() {
        return Assets.get().chartJs;
    }

    /**
     * The report's chart script: draws the page's own data when it has any, and offers
     * {@code window.llmbenchCharts.draw(spec)} (returns the Chart.js chart) and
     * {@code llmbenchCharts.drawn(chart)} (whether it has pixels) to other pages.
     */
    public static String chartScript() {
        return Assets.get().reportJs;
    }

    /** The page as a string. */
    public String render() {
        StringWriter out = new StringWriter();
        write(out);
        return out.toString();
    }

    /** Builds an {@link HtmlReport}. Not thread-safe. */
    public static final class Builder {
        private String title = DEFAULT_TITLE;
        private final List<EndpointResult> endpoints = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<SweepCurve> sweeps = new ArrayList<>();
        private final List<PredictionCurve> predictions = new ArrayList<>();
        private final List<Ranking> rankings = new ArrayList<>();
        private final List<ParetoFront> paretos = new ArrayList<>();
        private final List<RunDiff> diffs = new ArrayList<>();
        private final List<Trend> trends = new ArrayList<>();
        private int maxScatterPoints = DEFAULT_MAX_SCATTER_POINTS;
        private int maxTimeBuckets = DEFAULT_MAX_TIME_BUCKETS;
        private Clock clock = Clock.system();

        private Builder() {
        }

        /** The page title; default {@link #DEFAULT_TITLE}. */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** Adds a benchmark's endpoints and its run-wide warnings. */
        public Builder result(BenchmarkResult result) {
            endpoints.addAll(result.endpoints());
            warnings.addAll(result.warnings());
            return this;
        }

        /** Adds endpoint results (e.g. runs loaded from a store) to compare. */
        public Builder endpoints(List<EndpointResult> results) {
            endpoints.addAll(results);
            return this;
        }

        /** Adds a run-wide warning. */
        public Builder warning(String warning) {
            warnings.add(Objects.requireNonNull(warning, "warning"));
            return this;
        }

        /** Adds a sweep. */
        public Builder sweep(SweepCurve sweep) {
            sweeps.add(Objects.requireNonNull(sweep, "sweep"));
            return this;
        }

        /** Adds a prediction chart. */
        public Builder prediction(PredictionCurve curve) {
            predictions.add(Objects.requireNonNull(curve, "curve"));
            return this;
        }

        /** Adds a ranking chart. */
        public Builder ranking(Ranking ranking) {
            rankings.add(Objects.requireNonNull(ranking, "ranking"));
            return this;
        }

        /** Adds a Pareto front chart. */
        public Builder pareto(ParetoFront front) {
            paretos.add(Objects.requireNonNull(front, "front"));
            return this;
        }

        /**
         * Adds a comparison: its section, and its two runs (renamed {@code baseline: NAME} and
         * {@code candidate: NAME}) to the summary table and every chart, so their distributions show side by side.
         */
        public Builder diff(RunDiff diff) {
            diffs.add(Objects.requireNonNull(diff, "diff"));
            endpoints.add(renamed(diff.baseline(), HistorySections.baselineName(diff)));
            endpoints.add(renamed(diff.candidate(), HistorySections.candidateName(diff)));
            return this;
        }

        /** Adds a trend: a table of the runs and a chart of the statistic with regressions marked. */
        public Builder trend(Trend trend) {
            trends.add(Objects.requireNonNull(trend, "trend"));
            return this;
        }

        private static EndpointResult renamed(EndpointResult r, String name) {
            Deployment d = r.deployment();
            Deployment n = new Deployment(name, d.provider(), d.model(), d.baseUrl(), d.hardware(), d.gpuCount(), d.engine(),
                    d.quantization(), d.contextWindow(), d.modelSize(), d.labels());
            return r.withDeployment(n);
        }

        /** Scatter points per endpoint and chart at most; default {@link #DEFAULT_MAX_SCATTER_POINTS}. */
        public Builder maxScatterPoints(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxScatterPoints must be >= 1, but was " + max);
            }
            this.maxScatterPoints = max;
            return this;
        }

        /** Timeline buckets at most; default {@link #DEFAULT_MAX_TIME_BUCKETS}. */
        public Builder maxTimeBuckets(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxTimeBuckets must be >= 1, but was " + max);
            }
            this.maxTimeBuckets = max;
            return this;
        }

        /** The clock for the "generated" time; default {@link Clock#system()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public HtmlReport build() {
            return new HtmlReport(this);
        }
    }
}
