package io.llmbench.examples.cli;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.Traffic;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.workload.Workload;
import io.llmbench.model.Alternative;
import io.llmbench.model.Compliance;
import io.llmbench.model.Measure;
import io.llmbench.model.Point;
import io.llmbench.model.PredictedValue;
import io.llmbench.model.Prediction;
import io.llmbench.model.Predictor;
import io.llmbench.model.Recommendation;
import io.llmbench.model.RecommendationResult;
import io.llmbench.model.Recommender;
import io.llmbench.model.Rejection;
import io.llmbench.model.Statistic;
import io.llmbench.report.HtmlReport;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo: simulated endpoints of different characters benchmarked over a grid of input and
 * output sizes and concurrency levels, every run stored, predictors fitted, an HTML report with
 * sweep curves, prediction curves and rankings written, and a summary printed. Needs nothing but
 * the JDK.
 */
final class Demo {
    /**
     * What the demo measures.
     *
     * @param inputs        prompt sizes in tokens
     * @param outputs       output sizes in tokens
     * @param concurrencies concurrency levels
     * @param reference     the measured cell shown in the summary and the comparison charts
     * @param unmeasured    a workload nobody measured, predicted and recommended for
     */
    record Plan(int[] inputs, int[] outputs, int[] concurrencies, Point reference, Point unmeasured) {
        /** Measured requests per endpoint at a concurrency: enough to fill the batch twice, few when sequential. */
        int requests(int concurrency) {
            return concurrency == 1 ? 3 : Math.min(2 * concurrency, 24);
        }

        int cells() {
            return inputs.length * outputs.length * concurrencies.length;
        }
    }

    /** About a minute on two cores: 3 × 2 × 3 cells. */
    static final Plan FULL = new Plan(new int[] {128, 512, 2048}, new int[] {32, 96}, new int[] {1, 4, 16},
            Point.atConcurrency(512, 96, 4), Point.atConcurrency(1024, 64, 8));
    /** A few seconds, for tests: 2 × 2 × 2 cells. */
    static final Plan QUICK = new Plan(new int[] {128, 1024}, new int[] {16, 48}, new int[] {1, 4},
            Point.atConcurrency(1024, 48, 4), Point.atConcurrency(512, 32, 2));
    /** The demo's SLOs for the recommendation: p95 TTFT and TPOT. */
    static final List<Slo> SLOS = List.of(Slo.of(Metric.TTFT, 150), Slo.of(Metric.TPOT, 12));
    /** The presets benchmarked. */
    static final List<SimPreset> PRESETS = List.of(SimPreset.FAST, SimPreset.BIG, SimPreset.SATURATING);

    private final Plan plan;
    private final PrintWriter out;
    private final int width;
    private final PrintWriter err;

    Demo(Plan plan, PrintWriter out, PrintWriter err, int width) {
        this.width = width;
        this.plan = plan;
        this.out = out;
        this.err = err;
    }

    /** How often the demo scrapes its simulators' metrics: its cells take a second or two. */
    static final java.time.Duration SCRAPE_INTERVAL = java.time.Duration.ofMillis(200);

    /** Where the demo wrote its results. */
    record Outcome(int runs, Path report, List<String> recommended) {
    }

    Outcome run(ResultStore store, String storeName, Path dir, long seed) {
        long t0 = System.nanoTime();
        List<SimulatedEndpoint> sims = new ArrayList<>();
        try {
            List<Endpoint> endpoints = new ArrayList<>();
            java.util.Map<String, java.net.URI> serverMetrics = new java.util.LinkedHashMap<>();
            out.printf(Locale.ROOT, "llmbench demo: %d simulated endpoints, %d cells (input %s × output %s tokens × concurrency %s)%n",
                    PRESETS.size(), plan.cells(), list(plan.inputs()), list(plan.outputs()), list(plan.concurrencies()));
            for (SimPreset p : PRESETS) {
                SimulatedEndpoint sim = p.start(seed + sims.size());
                sims.add(sim);
                endpoints.add(p.endpoint(sim, p.endpointName()));
                serverMetrics.put(p.endpointName(), java.net.URI.create(sim.metricsUrl()));
                out.printf(Locale.ROOT, "  %-11s %-14s %s%n", p.endpointName(), p.model(), p.describe());
            }
            out.flush();
            warmUp(endpoints);
            List<EndpointResult> reference = measure(endpoints, serverMetrics, store);
            List<StoredRun> runs = store.runs(RunQuery.builder().label("llmbench.demo", "true").build());
            out.printf(Locale.ROOT, "%nstored %d runs in %s (%.0f s)%n", runs.size(), storeName, (System.nanoTime() - t0) / 1e9);
            Outcome o = analyse(runs, reference, dir, storeName);
            out.printf(Locale.ROOT, "demo done in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            out.flush();
            return o;
        } finally {
            sims.forEach(SimulatedEndpoint::close);
        }
    }

    private void warmUp(List<Endpoint> endpoints) {
        // JIT, connections and the simulators' first requests, not measured or stored.
        Benchmark.builder().endpoints(endpoints).workload(Workload.synthetic(32, 8)).load(Load.concurrency(4))
                .requests(8).build().run();
    }

    /**
     * Runs every cell, scraping each simulator's vLLM metrics every {@link #SCRAPE_INTERVAL}, stores
     * it, and returns the reference cell's results (with records).
     */
    private List<EndpointResult> measure(List<Endpoint> endpoints, java.util.Map<String, java.net.URI> serverMetrics, ResultStore store) {
        List<EndpointResult> reference = List.of();
        int n = 0;
        for (int in : plan.inputs()) {
            for (int outTokens : plan.outputs()) {
                for (int c : plan.concurrencies()) {
                    n++;
                    long start = System.nanoTime();
                    Benchmark.Builder b = Benchmark.builder().endpoints(endpoints).workload(Workload.synthetic(in, outTokens))
                            .load(Load.concurrency(c)).requests(plan.requests(c)).label("llmbench.demo", "true")
                            .serverMetricsInterval(SCRAPE_INTERVAL);
                    serverMetrics.forEach((name, url) -> b.serverMetrics(name, url));
                    BenchmarkResult r = b.build().run();
                    store.save(r);
                    err.printf(Locale.ROOT, "[%2d/%d] in=%-4d out=%-3d concurrency %-2d %5.1f s  e2e p50 %s ms%n", n, plan.cells(),
                            in, outTokens, c, (System.nanoTime() - start) / 1e9, r.endpoints().stream()
                                    .map(e -> e.name() + " " + Fmt.num(e.metric(Metric.E2E).p50())).collect(Collectors.joining(", ")));
                    err.flush();
                    if (in == plan.reference().inputTokens() && outTokens == plan.reference().outputTokens()
                            && c == plan.reference().traffic().level()) {
                        reference = r.endpoints();
                    }
                }
            }
        }
        return reference;
    }

    private Outcome analyse(List<StoredRun> runs, List<EndpointResult> reference, Path dir, String storeName) {
        Point ref = plan.reference();
        out.println();
        out.println("at the reference workload, " + Analysis.sizes(ref) + ", " + ref.traffic() + ":");
        Summaries.print(out, width, reference, List.of());

        String refWorkload = reference.isEmpty() ? null : reference.get(0).run().workload();
        List<StoredRun> sweepRuns = runs.stream().filter(r -> r.result().run().workload().equals(refWorkload)).toList();
        out.println();
        out.println("latency and throughput vs concurrency at " + Analysis.sizes(ref) + " (the saturating endpoint queues beyond "
                + SimPreset.SATURATING.timing().maxRunning() + " running requests):");
        TextTable sweep = new TextTable("endpoint", "concurrency", "ttft p50", "e2e p50", "out tok/s");
        sweepRuns.stream().map(StoredRun::result)
                .sorted(java.util.Comparator.comparing(EndpointResult::name).thenComparingDouble(e -> e.run().traffic().level()))
                .forEach(e -> sweep.row(e.name(), Fmt.level(e.run().traffic().level()), Fmt.num(e.metric(Metric.TTFT).p50()),
                        Fmt.num(e.metric(Metric.E2E).p50()), Fmt.num(e.job().outputTokenThroughput())));
        sweep.print(out, width);

        Map<String, List<StoredRun>> groups = RunModels.group(runs, RunModels.GroupBy.ENDPOINT);
        Map<String, RunModels.Fit> means = RunModels.fitAll(groups, Predictor.auto(), Statistic.MEAN, Traffic.Mode.CONCURRENCY);
        Point un = plan.unmeasured();
        out.println();
        out.println("predicted for a workload nobody measured, " + Analysis.sizes(un) + ", " + un.traffic()
                + " (means, 90% intervals):");
        TextTable pt = new TextTable("endpoint", "ttft ms", "ttft interval", "e2e ms", "e2e interval", "out tok/s", "confidence", "predictor");
        for (RunModels.Fit f : means.values()) {
            if (f.model() == null) {
                out.println("  " + f.name() + ": no model: " + f.problem());
                continue;
            }
            Prediction p = f.model().predict(un);
            PredictedValue ttft = p.value(Measure.TTFT);
            PredictedValue e2e = p.value(Measure.E2E);
            pt.row(f.name(), Fmt.num(ttft.value()), interval(ttft), Fmt.num(e2e.value()), interval(e2e),
                    p.find(Measure.OUTPUT_THROUGHPUT).map(v -> Fmt.num(v.value())).orElse("-"),
                    p.confidence().name().toLowerCase(Locale.ROOT), f.model().predictorName());
        }
        pt.print(out, width);

        Map<String, RunModels.Fit> p95 = RunModels.fitAll(groups, Predictor.auto(), Statistic.P95, Traffic.Mode.CONCURRENCY);
        List<Alternative> alts = Analysis.choices(p95, un).values().stream().map(Analysis.Choice::alternative).toList();
        RecommendationResult rec = Recommender.builder().slos(SLOS).compliance(Compliance.POINT).build().recommend(alts);
        out.println();
        out.println("recommended for that workload under " + SLOS + " (p95 predictions):");
        for (Recommendation r : rec.recommended()) {
            out.printf(Locale.ROOT, "  %d. %s (TOPSIS score %.2f)%n", r.rank(), r.name(), r.score());
        }
        if (rec.recommended().isEmpty()) {
            out.println("  none meets every SLO");
        }
        for (Rejection r : rec.rejected()) {
            out.printf(Locale.ROOT, "  rejected %s: %s (predicted %s)%n", r.name(), r.violated(), Fmt.num(r.value()));
        }

        HtmlReport html = Analysis.full("llmbench demo: three simulated endpoints", reference, sweepRuns, runs, SLOS, true,
                ref, Predictor.auto()).build();
        Path report = dir.resolve("report.html");
        html.write(report);
        out.println();
        out.println("report: " + report.toAbsolutePath());
        out.println("store:  " + storeName);
        String store = storeName.equals(StoreOptions.DEMO_STORE + ".mv.db") ? "" : " --store " + storeName;
        out.println("next:   " + Llmbench.invocation() + " models" + store);
        out.println("        " + Llmbench.invocation() + " predict" + store + " --endpoint big-slow --input-tokens 1500 --output-tokens 300 --concurrency 8");
        out.flush();
        return new Outcome(runs.size(), report, rec.recommended().stream().map(Recommendation::name).toList());
    }

    private static String interval(PredictedValue v) {
        if (Double.isInfinite(v.upper()) || Double.isInfinite(v.lower())) {
            return "(too few runs)";
        }
        return "[" + Fmt.num(v.lower()) + ", " + Fmt.num(v.upper()) + "]";
    }

    private static String list(int[] v) {
        return java.util.Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining("/"));
    }
}
