package io.llmbench.examples.cli;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.store.ResultStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code run}, {@code sweep} and {@code matrix} share: endpoints, limits, store and reports. */
abstract class BenchCommand extends Cmd {
    @ArgGroup(exclusive = false, multiplicity = "0..*", order = 1,
            heading = "%nEndpoints (each --url starts one; repeat the group to run several side by side):%n")
    List<EndpointSpec> endpointSpecs = new ArrayList<>();

    @Option(names = "--sim", arity = "0..1", fallbackValue = "default", paramLabel = "PRESET", order = 20,
            description = "Benchmark a simulated endpoint started in this process (repeatable): default, fast, big or saturating.")
    List<String> sims = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", order = 21,
            description = "JSON object of flags, e.g. {\"endpoints\":[{\"url\":...,\"model\":...}],\"concurrency\":8}; command-line flags win.")
    Path config;

    @Mixin
    LimitOptions limits;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    OutputOptions output;

    @Option(names = "--no-store", description = "Do not keep the runs in the store.")
    boolean noStore;

    @Option(names = "--no-records", description = "Store run summaries and histograms only, not every request.")
    boolean noRecords;

    @Option(names = "--no-report", description = "Write no report files.")
    boolean noReport;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Option(names = "--check-slos", description = "Exit with code 3 when a run misses an --slo.")
    boolean checkSlos;

    private final List<SimulatedEndpoint> started = new ArrayList<>();

    /** The endpoints from the flags and the simulated ones, started now. */
    List<Endpoint> endpoints() {
        if (endpointSpecs.isEmpty() && sims.isEmpty()) {
            throw CliException.usage("no endpoint given: add --url URL --model MODEL (repeatable), --sim, or --config FILE");
        }
        List<Endpoint> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (EndpointSpec s : endpointSpecs) {
            out.add(s.build(ctx()));
        }
        out.forEach(e -> names.add(e.name()));
        for (String preset : sims) {
            SimPreset p = SimPreset.of(preset);
            String name = p.endpointName();
            for (int i = 2; names.contains(name); i++) {
                name = p.endpointName() + "-" + i;
            }
            names.add(name);
            SimulatedEndpoint sim = p.start(SimulatedEndpoint.DEFAULT_SEED + started.size());
            started.add(sim);
            out.add(p.endpoint(sim, name));
            err().println("started simulated endpoint " + name + " at " + sim.baseUrl() + " (" + p.describe() + ")");
        }
        return out;
    }

    /** Stops the simulated endpoints this command started. */
    void stopSimulations() {
        started.forEach(SimulatedEndpoint::close);
        started.clear();
    }

    /** Opens the store unless --no-store; null then. */
    ResultStore openStore() {
        return noStore ? null : storeOptions.open(ctx());
    }

    /** The result as stored: without request records when --no-records. */
    EndpointResult forStore(EndpointResult r) {
        return noRecords ? r.withRecords(List.of()) : r;
    }

    /** Saves every endpoint's result; returns the ids (empty without a store). */
    List<String> save(ResultStore store, BenchmarkResult result) {
        if (store == null) {
            return List.of();
        }
        return store.save(new BenchmarkResult(result.endpoints().stream().map(this::forStore).toList(), result.warnings()));
    }

    /**
     * Prints the warnings of a result on standard error, except those about percentiles resting
     * on few samples: the results table marks the percentiles it shows instead.
     */
    void warnings(BenchmarkResult result) {
        result.warnings().forEach(w -> err().println("warning: " + w));
        for (EndpointResult e : result.endpoints()) {
            e.warnings().stream().filter(w -> !w.contains("rests on too few samples"))
                    .forEach(w -> err().println("warning [" + e.name() + "]: " + w));
        }
    }

    /** Prints where the report files are. */
    void printWritten(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        out().println("report files in " + files.get(0).getParent().toAbsolutePath() + ":");
        files.forEach(f -> out().println("  " + f.getFileName()));
    }

    /** Fails the command when an endpoint answered no request, naming the first error. */
    static void failIfNothingSucceeded(List<EndpointResult> results) {
        for (EndpointResult r : results) {
            if (r.job().requests() > 0 && r.job().succeeded() == 0) {
                String first = r.records().stream().filter(x -> x.error() != null).map(x -> x.error()).findFirst().orElse("no error message");
                throw new CliException("no request to " + r.name() + " succeeded " + r.job().failures() + "; first error: " + first);
            }
        }
    }

    /** The SLO exit code when --check-slos and a run missed one, printing the misses. */
    int sloExit(List<EndpointResult> results) {
        List<String> misses = Summaries.sloMisses(results, limits.slos);
        if (!limits.slos.isEmpty()) {
            if (misses.isEmpty()) {
                out().println("all SLOs met: " + limits.slos);
            } else {
                misses.forEach(m -> out().println("SLO missed: " + m));
            }
        }
        return checkSlos && !misses.isEmpty() ? Llmbench.SLO_MISSED : Llmbench.OK;
    }
}
