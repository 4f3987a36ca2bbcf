package io.llmbench.examples.cli;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.sweep.SloKnee;
import io.llmbench.core.sweep.SloSearch;
import io.llmbench.core.sweep.SloSearchResult;
import io.llmbench.core.sweep.Sweep;
import io.llmbench.core.sweep.SweepPoint;
import io.llmbench.core.sweep.SweepResult;
import io.llmbench.core.workload.Workload;
import io.llmbench.report.HtmlReport;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoredRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmbench sweep}: the same benchmark at several loads, or a search for the highest load that meets the SLOs. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the benchmark at increasing concurrency levels or request rates (latency vs load curves), "
                + "or search for the highest load that still meets the SLOs.", "",
                "Examples: llmbench sweep --sim --concurrencies 1,4,16,64 --requests 64",
                "          llmbench sweep --url ... --model ... --search-rate 0.5,64 --slo ttft=500 --slo tpot=50"})
final class SweepCommand extends BenchCommand {
    @Mixin
    WorkloadOptions workload;

    @Option(names = "--concurrencies", split = ",", paramLabel = "N", description = "Concurrency levels, e.g. 1,4,16,64.")
    List<Integer> concurrencies = new ArrayList<>();

    @Option(names = "--rates", split = ",", paramLabel = "REQ/S", description = "Request rates, e.g. 0.5,1,2,4.")
    List<Double> rates = new ArrayList<>();

    @Option(names = "--search-rate", paramLabel = "MIN,MAX", description = "Search the highest rate in [MIN, MAX] req/s that meets every --slo.")
    String searchRate;

    @Option(names = "--search-concurrency", paramLabel = "MIN,MAX", description = "Search the highest concurrency in [MIN, MAX] that meets every --slo.")
    String searchConcurrency;

    @Option(names = "--precision", paramLabel = "X", description = "Stop searching when the bracket is this narrow (level units).")
    Double precision;

    @Option(names = "--max-probes", paramLabel = "N", description = "Most probes per endpoint in a search.")
    Integer maxProbes;

    @Option(names = "--arrival", paramLabel = "constant|poisson|gamma", defaultValue = "poisson",
            description = "Arrival process of rate levels (default ${DEFAULT-VALUE}).")
    LoadOptions.Arrival arrival = LoadOptions.Arrival.POISSON;

    @Option(names = "--burstiness", paramLabel = "SHAPE", defaultValue = "1", description = "Gamma shape for --arrival gamma.")
    double burstiness = 1;

    @Option(names = "--max-concurrency", paramLabel = "N", description = "Cap on requests in flight at rate levels.")
    Integer maxConcurrency;

    @Option(names = "--stop-on-slo-miss", description = "Stop the sweep at the first level where an endpoint misses an --slo.")
    boolean stopOnMiss;

    @Override
    int execute() {
        int modes = (concurrencies.isEmpty() ? 0 : 1) + (rates.isEmpty() ? 0 : 1) + (searchRate == null ? 0 : 1)
                + (searchConcurrency == null ? 0 : 1);
        if (modes != 1) {
            throw CliException.usage("give exactly one of --concurrencies, --rates, --search-rate, --search-concurrency, but "
                    + modes + " were given");
        }
        if ((searchRate != null || searchConcurrency != null) && limits.slos.isEmpty()) {
            throw CliException.usage("a search needs at least one --slo to meet, e.g. --slo ttft=500");
        }
        Workload w = workload.build();
        List<Endpoint> endpoints = endpoints();
        try (ResultStore store = openStore()) {
            Benchmark.Builder b = Benchmark.builder().endpoints(endpoints).workload(w);
            limits.apply(b, w);
            if (!quiet) {
                b.listener(new ProgressLine(err(), ctx().interactive(), ""));
            }
            Benchmark template = RunCommand.build(b);
            List<StoredRun> runs = new ArrayList<>();
            List<EndpointResult> all = new ArrayList<>();
            if (searchRate != null || searchConcurrency != null) {
                search(template, store, runs, all);
            } else {
                sweep(template, store, runs, all);
            }
            if (!noReport) {
                Path dir = output.dir("sweep");
                printWritten(output.write(dir, all, List.of(), () -> html(runs)));
            }
            failIfNothingSucceeded(all);
            return sloExit(all);
        } finally {
            stopSimulations();
        }
    }

    private void sweep(Benchmark template, ResultStore store, List<StoredRun> runs, List<EndpointResult> all) {
        Sweep sweep = Sweep.of(template);
        if (!concurrencies.isEmpty()) {
            for (int c : concurrencies) {
                if (c < 1) {
                    throw CliException.badFlag("--concurrencies", "each level must be >= 1, but one was " + c);
                }
            }
            sweep.concurrencies(concurrencies.stream().mapToInt(Integer::intValue).toArray());
        } else {
            for (double r : rates) {
                LoadOptions.rateLoad(r, arrival, burstiness, maxConcurrency);
            }
            sweep.rates(rates.stream().mapToDouble(Double::doubleValue).toArray())
                    .rateLoad(r -> LoadOptions.rateLoad(r, arrival, burstiness, maxConcurrency));
        }
        if (stopOnMiss) {
            sweep.stopWhen(p -> !Summaries.sloMisses(p.result().endpoints(), limits.slos).isEmpty());
        }
        sweep.onLevel(p -> level(p, store, runs, all));
        SweepResult result = sweep.run();
        out().println();
        Summaries.print(out(), all, limits.slos);
        if (result.stopped() != null) {
            out().println("sweep stopped early: " + result.stopped());
        }
    }

    private void level(SweepPoint p, ResultStore store, List<StoredRun> runs, List<EndpointResult> all) {
        BenchmarkResult r = p.result();
        warnings(r);
        List<String> ids = save(store, r);
        for (int i = 0; i < r.endpoints().size(); i++) {
            EndpointResult e = r.endpoints().get(i);
            all.add(e);
            runs.add(new StoredRun(ids.isEmpty() ? "unsaved-" + runs.size() : ids.get(i), Instant.now(), e.records().size(), e));
            err().printf(Locale.ROOT, "%s %s: %d/%d ok, ttft p50 %s ms, e2e p50 %s ms, %s out tok/s%n", e.name(),
                    e.run().traffic(), e.job().succeeded(), e.job().requests(), Fmt.num(e.metric(io.llmbench.core.Metric.TTFT).p50()),
                    Fmt.num(e.metric(io.llmbench.core.Metric.E2E).p50()), Fmt.num(e.job().outputTokenThroughput()));
        }
    }

    private void search(Benchmark template, ResultStore store, List<StoredRun> runs, List<EndpointResult> all) {
        SloSearch s = SloSearch.of(template).slos(limits.slos.toArray(new io.llmbench.core.Slo[0]));
        if (searchRate != null) {
            double[] r = range("--search-rate", searchRate);
            s.rate(r[0], r[1]).rateLoad(x -> LoadOptions.rateLoad(x, arrival, burstiness, maxConcurrency));
        } else {
            double[] r = range("--search-concurrency", searchConcurrency);
            if (r[0] != Math.rint(r[0]) || r[1] != Math.rint(r[1])) {
                throw CliException.badFlag("--search-concurrency", "must be whole numbers MIN,MAX, but was '" + searchConcurrency + "'");
            }
            s.concurrency((int) r[0], (int) r[1]);
        }
        try {
            if (precision != null) {
                s.precision(precision);
            }
            if (maxProbes != null) {
                s.maxProbes(maxProbes);
            }
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag(precision != null ? "--precision" : "--max-probes", e.getMessage());
        }
        s.onProbe(p -> {
            EndpointResult e = p.result();
            String id = store == null ? "unsaved-" + runs.size() : store.save(forStore(e));
            runs.add(new StoredRun(id, Instant.now(), e.records().size(), e));
            all.add(e);
            err().println(e.name() + " " + p);
        });
        SloSearchResult result = s.run();
        out().println();
        Summaries.print(out(), all, limits.slos);
        TextTable t = new TextTable("endpoint", "outcome", "highest met", "lowest missed", "probes");
        for (SloKnee k : result.endpoints()) {
            t.row(k.endpoint(), k.outcome().name().toLowerCase(Locale.ROOT), Fmt.num(k.highestMet()), Fmt.num(k.lowestMissed()),
                    k.probes().size());
        }
        out().println("highest load meeting " + result.slos() + ":");
        t.print(out());
    }

    private static double[] range(String flag, String text) {
        String[] p = text.split(",");
        if (p.length != 2) {
            throw CliException.badFlag(flag, "must be MIN,MAX, but was '" + text + "'");
        }
        try {
            double lo = Double.parseDouble(p[0].trim());
            double hi = Double.parseDouble(p[1].trim());
            if (!(lo > 0) || !(hi > lo) || Double.isInfinite(hi)) {
                throw CliException.badFlag(flag, "must be numbers with 0 < MIN < MAX, but was '" + text + "'");
            }
            return new double[] {lo, hi};
        } catch (NumberFormatException e) {
            throw CliException.badFlag(flag, "must be numbers MIN,MAX, but was '" + text + "'");
        }
    }

    private HtmlReport html(List<StoredRun> runs) {
        HtmlReport.Builder h = HtmlReport.builder().title(output.title != null ? output.title : "llmbench sweep");
        h.endpoints(Analysis.distinctNames(runs));
        Analysis.sweeps(runs, limits.slos).forEach(h::sweep);
        return h.build();
    }
}
