package io.llmbench.examples.cli;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.RunningBenchmark;
import io.llmbench.core.workload.Workload;
import io.llmbench.model.Alternative;
import io.llmbench.model.Observation;
import io.llmbench.report.HtmlReport;
import io.llmbench.store.ResultStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench run}: one benchmark of one or more endpoints side by side. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark one or more endpoints side by side with the same requests, print a summary, "
                + "keep the runs in the store and write report files.", "",
                "Example: llmbench run --url http://localhost:8000/v1 --model meta-llama/Llama-3.1-8B-Instruct "
                        + "--api-key-env API_KEY --concurrency 16 --requests 200 --slo ttft=500"})
final class RunCommand extends BenchCommand {
    @Mixin
    WorkloadOptions workload;

    @Mixin
    LoadOptions load;

    @Mixin
    ServerMetricsOptions serverMetrics;

    @Option(names = "--prometheus-port", paramLabel = "PORT", order = 42,
            description = "Serve this run's client metrics live for Prometheus at http://127.0.0.1:PORT/metrics (0: any free port).")
    Integer prometheusPort;

    @Option(names = "--dry-run", description = "Check the flags and print what would run; send nothing.")
    boolean dryRun;

    /** How long an interrupted run may take to save and report what it measured. */
    static final int INTERRUPT_SAVE_SECONDS = 30;

    @Override
    int execute() {
        Load l = load.build();
        Workload w = workload.build();
        if (dryRun) {
            return dryRun(l, w);
        }
        List<Endpoint> endpoints = endpoints();
        // released once results are saved and the store is closed; an interrupt waits for it
        CountDownLatch saved = new CountDownLatch(1);
        PrometheusExport export = null;
        try (ResultStore store = openStore()) {
            Benchmark.Builder b = Benchmark.builder().endpoints(endpoints).workload(w).load(l);
            limits.apply(b, w);
            serverMetrics.apply(b, endpoints);
            if (prometheusPort != null) {
                export = PrometheusExport.start(prometheusPort);
                b.meterRegistry(export.registry());
                err().println("serving live client metrics at " + export.url());
            }
            if (!quiet) {
                b.listener(new ProgressLine(err(), ctx().interactive(), ""));
            }
            Benchmark bench = build(b);
            err().printf(Locale.ROOT, "running %d endpoint%s: %s, %s, %s%n", endpoints.size(), endpoints.size() == 1 ? "" : "s",
                    l, w.description(), bench.requests() > 0 ? bench.requests() + " requests each" : "for " + Fmt.duration(bench.duration()));
            RunningBenchmark running = bench.start();
            // Ctrl-C (SIGINT/SIGTERM): stop sending, record what is in flight as cancelled, and let
            // this thread save and report what was measured before the JVM exits
            String previous = ctx().onInterrupt("interrupted: cancelling, saving what was measured");
            Thread onInterrupt = new Thread(() -> {
                running.cancel();
                try {
                    saved.await(INTERRUPT_SAVE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "llmbench-interrupt");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                return finish(store, running.await());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: nothing to remove
                }
                ctx().onInterrupt(previous);
            }
        } finally {
            if (export != null) {
                export.close();
            }
            stopSimulations();
            saved.countDown();
        }
    }

    private int finish(ResultStore store, BenchmarkResult result) {
        warnings(result);
        Summaries.print(out(), ctx().tableWidth(), result.endpoints(), limits.slos);
        ServerLines.printFew(out(), result.endpoints());
        List<String> ids = save(store, result);
        if (!ids.isEmpty()) {
            out().println("stored " + ids.size() + " run" + (ids.size() == 1 ? "" : "s") + " in " + storeOptions.describe() + ":");
            for (int i = 0; i < ids.size(); i++) {
                out().println("  " + ids.get(i) + "  " + result.endpoints().get(i).name());
            }
        }
        if (!noReport) {
            Path dir = output.dir("run");
            printWritten(output.write(dir, result.endpoints(), result.warnings(), () -> html(result)));
        }
        failIfNothingSucceeded(result.endpoints());
        return sloExit(result.endpoints());
    }

    private int dryRun(Load l, Workload w) {
        if (endpointSpecs.isEmpty() && sims.isEmpty()) {
            throw CliException.usage("no endpoint given: add --url URL --model MODEL (repeatable), --sim, or --config FILE");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (EndpointSpec s : endpointSpecs) {
            endpoints.add(s.build(ctx()));
        }
        Benchmark.Builder b = Benchmark.builder().endpoints(endpoints).workload(w).load(l);
        for (String p : sims) {
            SimPreset preset = SimPreset.of(p);
            // a stand-in address, so that the plan is checked like a real one
            b.endpoints(Endpoint.openAi("http://127.0.0.1:1/v1").model(preset.model()).name(preset.endpointName() + "-sim").build());
        }
        limits.apply(b, w);
        serverMetrics.apply(b, build(b).endpoints());
        if (prometheusPort != null && (prometheusPort < 0 || prometheusPort > 65535)) {
            throw CliException.badFlag("--prometheus-port", "must be between 0 and 65535, but was " + prometheusPort);
        }
        Benchmark bench = build(b);
        out().println("would run " + (endpoints.size() + sims.size()) + " endpoint" + (endpoints.size() + sims.size() == 1 ? "" : "s") + ":");
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            EndpointSpec s = endpointSpecs.get(i);
            out().println("  " + e.name() + "  " + e.requestUri() + "  model " + e.model()
                    + (s.apiKeyEnv != null ? "  API key from $" + s.apiKeyEnv : s.apiKey != null ? "  API key from --api-key" : ""));
        }
        sims.forEach(p -> out().println("  " + SimPreset.of(p).endpointName() + "  (simulated, started when run)"));
        out().println("load: " + l);
        out().println("workload: " + w.description());
        out().println(bench.requests() > 0 ? "requests: " + bench.requests() + " per endpoint"
                + (bench.duration() != null ? ", at most " + Fmt.duration(bench.duration()) : "")
                : "duration: " + Fmt.duration(bench.duration()));
        out().println("warm-up: " + bench.warmup() + " requests per endpoint; request timeout " + Fmt.duration(bench.requestTimeout()));
        if (!bench.slos().isEmpty()) {
            out().println("SLOs: " + bench.slos());
        }
        bench.serverMetrics().forEach(t -> out().println("server metrics: " + io.llmbench.core.server.ScrapeSource.redact(t.url())
                + (t.endpoint() == null ? "" : " (kept with " + t.endpoint() + ")") + " every " + Fmt.duration(bench.serverMetricsInterval())));
        out().println("store: " + (noStore ? "none" : storeOptions.describe()) + "; reports: " + (noReport ? "none" : output.dir("run")));
        return Llmbench.OK;
    }

    static Benchmark build(Benchmark.Builder b) {
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private HtmlReport html(BenchmarkResult result) {
        HtmlReport.Builder h = HtmlReport.builder().title(output.title != null ? output.title : "llmbench run: "
                + String.join(" vs ", result.endpoints().stream().map(EndpointResult::name).toList())).result(result);
        List<Alternative> alts = new ArrayList<>();
        for (EndpointResult r : result.endpoints()) {
            if (r.job().succeeded() > 0) {
                alts.add(Alternative.of(r.name(), Observation.from(r)));
            }
        }
        if (alts.size() >= 2) {
            EndpointResult first = result.endpoints().get(0);
            Analysis.rankCharts(h, alts, Observation.from(result.endpoints().stream()
                    .filter(r -> r.job().succeeded() > 0).findFirst().orElse(first)).point());
        }
        return h.build();
    }
}
