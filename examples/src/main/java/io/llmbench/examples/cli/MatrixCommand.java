package io.llmbench.examples.cli;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.matrix.CellOutcome;
import io.llmbench.core.matrix.MatrixCell;
import io.llmbench.core.matrix.MatrixReport;
import io.llmbench.core.matrix.MatrixRunner;
import io.llmbench.core.matrix.TestMatrix;
import io.llmbench.report.HtmlReport;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoredRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmbench matrix}: every cell of a test matrix, one shard of it, resumable. */
@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a test matrix (endpoint × hardware × engine × quantization × traffic × input/output sizes), "
                + "or one shard of it (--shard i/n) so that many machines share the work; cells already in the store are "
                + "skipped (resume).", "",
                "Example: llmbench matrix --config endpoints.json --concurrencies 1,8,32 --input-tokens 128,1024 "
                        + "--output-tokens 128,512 --shard 0/3 --store jdbc:postgresql://db:5432/bench --no-report"})
final class MatrixCommand extends BenchCommand {
    private static final Pattern SHARD = Pattern.compile("(\\d+)/(\\d+)");

    @Option(names = "--matrix", paramLabel = "NAME", description = "Matrix name, part of every cell key.")
    String name;

    @Option(names = "--models", split = ",", paramLabel = "ENDPOINT",
            description = "Endpoint names in the matrix (default: every endpoint given).")
    List<String> models = new ArrayList<>();

    @Option(names = "--dim-hardware", split = ",", paramLabel = "LABEL", description = "Hardware dimension values.")
    List<String> hardware = new ArrayList<>();

    @Option(names = "--dim-gpus", split = ",", paramLabel = "N", description = "GPU count dimension values.")
    List<Integer> gpus = new ArrayList<>();

    @Option(names = "--dim-engine", split = ",", paramLabel = "NAME", description = "Engine dimension values.")
    List<String> engines = new ArrayList<>();

    @Option(names = "--dim-quant", split = ",", paramLabel = "NAME", description = "Quantization dimension values.")
    List<String> quantizations = new ArrayList<>();

    @Option(names = "--dim", paramLabel = "NAME=V1,V2", description = "A free-form label dimension (repeatable).")
    Map<String, String> labelDims = new LinkedHashMap<>();

    @Option(names = "--concurrencies", split = ",", paramLabel = "N", description = "Concurrency levels.")
    List<Integer> concurrencies = new ArrayList<>();

    @Option(names = "--rates", split = ",", paramLabel = "REQ/S", description = "Request rates (Poisson arrivals).")
    List<Double> rates = new ArrayList<>();

    @Option(names = "--sequential", description = "Sequential traffic as a level (the default when no level is given).")
    boolean sequential;

    @Option(names = "--input-tokens", split = ",", paramLabel = "TOKENS", defaultValue = "512", description = "Input sizes (default ${DEFAULT-VALUE}).")
    List<Integer> inputs = new ArrayList<>();

    @Option(names = "--output-tokens", split = ",", paramLabel = "TOKENS", defaultValue = "128", description = "Output sizes (default ${DEFAULT-VALUE}).")
    List<Integer> outputs = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "DIM=V1,V2[;DIM=V]",
            description = "Leave out cells matching every DIM=values part (repeatable), e.g. --exclude 'hardware=A100;quant=fp8'.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--include", paramLabel = "DIM=V1,V2[;DIM=V]", description = "Keep only cells matching one --include (repeatable).")
    List<String> includes = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "0/1", description = "Run shard I of N (0-based; default ${DEFAULT-VALUE}).")
    String shard;

    @Option(names = "--no-resume", description = "Run cells even when the store already holds them.")
    boolean noResume;

    @Option(names = "--dry-run", description = "List this shard's cells and whether they are done; run nothing.")
    boolean dryRun;

    @Option(names = "--stop-on-failure", description = "Stop at the first failed cell.")
    boolean stopOnFailure;

    @Override
    int execute() {
        int[] s = shard();
        TestMatrix matrix = matrix();
        List<MatrixCell> cells;
        try {
            cells = matrix.shard(s[0], s[1]);
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag("--shard", e.getMessage());
        }
        if (noStore && !dryRun) {
            throw CliException.usage("--no-store cannot be used with matrix: the store is what makes shards resumable");
        }
        try (ResultStore store = storeOptions.open(ctx())) {
            out().printf(Locale.ROOT, "matrix%s: %d cells, shard %d/%d has %d%n", name == null ? "" : " " + name,
                    matrix.size(), s[0], s[1], cells.size());
            if (dryRun) {
                for (MatrixCell c : cells) {
                    out().println((store.isCellDone(c.key()) ? "done     " : "pending  ") + c.key());
                }
                return Llmbench.OK;
            }
            Map<String, Endpoint> byName = new LinkedHashMap<>();
            List<Endpoint> endpoints = endpoints();
            endpoints.forEach(e -> byName.put(e.name(), e));
            Map<String, EndpointSpec> specs = new LinkedHashMap<>();
            endpointSpecs.forEach(sp -> specs.put(sp.displayName(), sp));
            for (MatrixCell c : cells) {
                if (c.model() != null && !byName.containsKey(c.model())) {
                    throw CliException.badFlag("--models", "must name given endpoints " + byName.keySet() + ", but had '" + c.model() + "'");
                }
            }
            List<StoredRun> runs = new ArrayList<>();
            int[] n = {0};
            MatrixRunner runner = MatrixRunner.of(cells).stopOnFailure(stopOnFailure).onCheckpoint(o -> checkpoint(o, ++n[0], cells.size()));
            if (!noResume) {
                runner.skipIf(store::isCellDone);
            }
            MatrixReport report = runner.run(cell -> {
                Endpoint ep = endpointFor(cell, byName, specs);
                Benchmark.Builder b = Benchmark.builder().endpoints(ep).workload(cell.workload()).load(cell.load()).cellKey(cell.key());
                limits.apply(b, null);
                cell.runLabels().forEach(b::label);
                if (!quiet) {
                    b.listener(new ProgressLine(err(), ctx().interactive(), "[" + cell.key() + "] "));
                }
                BenchmarkResult result = b.run();
                List<String> ids = save(store, result);
                EndpointResult e = result.endpoints().get(0);
                runs.add(new StoredRun(ids.get(0), Instant.now(), e.records().size(), e));
                if (e.job().succeeded() == 0) {
                    throw new IllegalStateException("no request succeeded: " + e.job().failures());
                }
            });
            out().printf(Locale.ROOT, "shard %d/%d: %d done, %d skipped (already stored), %d failed%s%n", s[0], s[1],
                    report.done(), report.skipped(), report.failed(),
                    report.notReached().isEmpty() ? "" : ", " + report.notReached().size() + " not reached");
            if (!runs.isEmpty()) {
                Summaries.print(out(), runs.stream().map(StoredRun::result).toList(), limits.slos);
            }
            if (!noReport && !runs.isEmpty()) {
                Path dir = output.dir("matrix");
                printWritten(output.write(dir, runs.stream().map(StoredRun::result).toList(), List.of(), () -> html(runs)));
            }
            if (report.failed() > 0 || !report.notReached().isEmpty()) {
                throw new CliException(report.failed() + " cell" + (report.failed() == 1 ? "" : "s")
                        + " failed; run the same command again to retry them (done cells are skipped)");
            }
            return sloExit(runs.stream().map(StoredRun::result).toList());
        } finally {
            stopSimulations();
        }
    }

    private void checkpoint(CellOutcome o, int i, int total) {
        String what = switch (o.status()) {
            case DONE -> "done in " + Fmt.duration(o.elapsed());
            case SKIPPED -> "skipped (already stored)";
            default -> "FAILED: " + o.error();
        };
        err().printf(Locale.ROOT, "[%d/%d] %s %s%n", i, total, o.cell().key(), what);
        err().flush();
    }

    private Endpoint endpointFor(MatrixCell cell, Map<String, Endpoint> byName, Map<String, EndpointSpec> specs) {
        String model = cell.model() != null ? cell.model() : byName.keySet().iterator().next();
        EndpointSpec spec = specs.get(model);
        if (spec != null) {
            return spec.build(ctx(), cell.hardware(), cell.gpuCount(), cell.engine(), cell.quantization());
        }
        Endpoint e = byName.get(model);
        if (cell.hardware() == null && cell.gpuCount() == 0 && cell.engine() == null && cell.quantization() == null) {
            return e;
        }
        var d = e.deployment();
        return Endpoint.openAi(e.baseUrl().toString()).model(e.model()).name(e.name()).provider(d.provider())
                .hardware(cell.hardware() != null ? cell.hardware() : d.hardware())
                .gpuCount(cell.gpuCount() > 0 ? cell.gpuCount() : d.gpuCount())
                .engine(cell.engine() != null ? cell.engine() : d.engine())
                .quantization(cell.quantization() != null ? cell.quantization() : d.quantization())
                .modelSize(d.modelSize()).build();
    }

    private int[] shard() {
        Matcher m = SHARD.matcher(shard.trim());
        if (!m.matches()) {
            throw CliException.badFlag("--shard", "must be I/N such as 0/3, but was '" + shard + "'");
        }
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || i >= n) {
            throw CliException.badFlag("--shard", "must be I/N with 0 <= I < N, but was '" + shard + "'");
        }
        return new int[] {i, n};
    }

    /** The matrix the flags describe (the same in every shard). */
    TestMatrix matrix() {
        TestMatrix.Builder b = TestMatrix.builder();
        try {
            if (name != null) {
                b.name(name);
            }
            List<String> names = new ArrayList<>(models);
            if (names.isEmpty()) {
                endpointSpecs.forEach(sp -> names.add(sp.displayName()));
                for (String p : sims) {
                    names.add(SimPreset.of(p).endpointName());
                }
            }
            b.models(names.toArray(new String[0]));
            if (!hardware.isEmpty()) {
                b.hardware(hardware.toArray(new String[0]));
            }
            if (!gpus.isEmpty()) {
                b.gpuCounts(gpus.stream().mapToInt(Integer::intValue).toArray());
            }
            if (!engines.isEmpty()) {
                b.engines(engines.toArray(new String[0]));
            }
            if (!quantizations.isEmpty()) {
                b.quantizations(quantizations.toArray(new String[0]));
            }
            labelDims.forEach((k, v) -> b.label(k, v.split(",")));
            if (!concurrencies.isEmpty()) {
                b.concurrencies(concurrencies.stream().mapToInt(Integer::intValue).toArray());
            }
            if (!rates.isEmpty()) {
                b.rates(rates.stream().mapToDouble(Double::doubleValue).toArray());
            }
            if (sequential || concurrencies.isEmpty() && rates.isEmpty()) {
                b.sequential();
            }
            b.inputTokens(inputs.stream().mapToInt(Integer::intValue).toArray());
            b.outputTokens(outputs.stream().mapToInt(Integer::intValue).toArray());
            excludes.forEach(x -> b.exclude(filter("--exclude", x)));
            includes.forEach(x -> b.include(filter("--include", x)));
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage("invalid matrix: " + e.getMessage());
        }
    }

    private static Predicate<MatrixCell> filter(String flag, String text) {
        Predicate<MatrixCell> p = c -> true;
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw CliException.badFlag(flag, "must be DIM=V1,V2 parts joined by ';', but was '" + text + "'");
            }
            p = p.and(TestMatrix.where(part.substring(0, eq).trim(), (Object[]) part.substring(eq + 1).split(",")));
        }
        return p;
    }

    private HtmlReport html(List<StoredRun> runs) {
        HtmlReport.Builder h = HtmlReport.builder().title(output.title != null ? output.title : "llmbench matrix"
                + (name == null ? "" : " " + name));
        List<StoredRun> shown = runs.size() <= 12 ? runs : runs.subList(runs.size() - 12, runs.size());
        h.endpoints(Analysis.distinctNames(shown));
        if (shown.size() < runs.size()) {
            h.warning("the comparison charts show the last 12 of " + runs.size() + " cells; sweeps show all");
        }
        Analysis.sweeps(runs, limits.slos).forEach(h::sweep);
        return h.build();
    }
}
