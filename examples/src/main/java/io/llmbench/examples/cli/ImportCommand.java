package io.llmbench.examples.cli;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import io.llmbench.report.CsvProblem;
import io.llmbench.report.ImportMode;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.ImportResult;
import io.llmbench.report.RequestCsv;
import io.llmbench.report.ResultJson;
import io.llmbench.report.RunCsv;
import io.llmbench.report.SummaryCsv;
import io.llmbench.report.imports.PeerImport;
import io.llmbench.report.imports.PeerOptions;
import io.llmbench.report.imports.PeerResults;
import io.llmbench.store.ImportSummary;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmbench import}: benchmark results from files into the store. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import results into the store: the 51-column benchmark summary CSV of other tools, llmbench's "
                + "runs.csv, a per-request CSV (requests.csv), result.json, or a store export (.jsonl); and the result files "
                + "of vLLM bench serve, GuideLLM, GenAI-Perf, AIPerf and LLMPerf (see docs/IMPORTERS.md). Every file is checked "
                + "before anything is stored; importing a tool's file again skips the runs already stored.", "",
                "Example: llmbench import together-summary.csv --skip-bad",
                "         llmbench import profile_export_genai_perf.json summary.json individual_responses.json"})
final class ImportCommand extends Cmd {
    /** File kinds. */
    enum Format { AUTO, SUMMARY, RUNS, REQUESTS, JSON, JSONL, PEER }

    /** How many skipped-row problems are printed. */
    static final int PROBLEMS_SHOWN = 20;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "auto|summary|runs|requests|json|jsonl|peer", defaultValue = "auto",
            description = "File kind (default: from the extension and the content); peer = another tool's result file.")
    Format format = Format.AUTO;

    @Option(names = "--skip-bad", description = "Import the good rows of a CSV and report the bad ones (default: any bad row imports nothing).")
    boolean skipBad;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model of the endpoints in a per-request CSV (default: the endpoint "
            + "name), or of another tool's file that names none.")
    String model;

    @Option(names = "--provider", paramLabel = "NAME", description = "Provider of the endpoints in a per-request CSV.")
    String provider;

    @Option(names = "--traffic", paramLabel = "sequential|concurrency:N|rate:R", defaultValue = "sequential",
            description = "Traffic of a per-request CSV's run (default ${DEFAULT-VALUE}), or of another tool's file that records none.")
    Traffic traffic;

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = "Label added to every imported run (repeatable; CSV and JSON files).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--started-at", paramLabel = "ISO-8601",
            description = "Start time of runs from files that record none, the summary CSV (default: the file's modification time).")
    Instant startedAt;

    @Mixin
    StoreOptions storeOptions;

    @Override
    int execute() throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new CliException("no such file: " + f);
            }
        }
        ImportMode mode = skipBad ? ImportMode.SKIP_AND_REPORT : ImportMode.ALL_OR_NOTHING;
        // Read every file first, so that a bad file imports nothing from any file.
        Map<Path, List<EndpointResult>> read = new LinkedHashMap<>();
        Map<Path, Format> kinds = new LinkedHashMap<>();
        List<Path> peerFiles = new ArrayList<>();
        for (Path f : files) {
            Format k = format == Format.AUTO ? detect(f) : format;
            kinds.put(f, k);
            if (k == Format.PEER) {
                peerFiles.add(f);
            } else if (k != Format.JSONL) {
                Instant start = startedAt != null ? startedAt : Files.getLastModifiedTime(f).toInstant();
                read.put(f, read(f, k, ImportOptions.custom().mode(mode).startedAt(start).build()));
            }
        }
        Map<Path, String> mergedInto = new LinkedHashMap<>();
        if (!peerFiles.isEmpty()) {
            for (PeerImport p : PeerResults.read(peerFiles, peerOptions())) {
                read.put(p.file(), p.runs());
                p.files().stream().skip(1).forEach(other -> mergedInto.put(other, p.file().toString()));
            }
        }
        try (ResultStore store = storeOptions.open(ctx())) {
            for (Path f : files) {
                if (mergedInto.containsKey(f)) {
                    out().printf(Locale.ROOT, "%s: read with %s (one run)%n", f, mergedInto.get(f));
                    continue;
                }
                if (kinds.get(f) == Format.PEER) {
                    savePeerRuns(store, f, read.get(f));
                    continue;
                }
                if (kinds.get(f) == Format.JSONL) {
                    try (InputStream in = Files.newInputStream(f)) {
                        ImportSummary s = store.importRuns(in);
                        out().printf(Locale.ROOT, "%s: imported %d runs, skipped %d already stored%n", f, s.imported().size(), s.skipped().size());
                    }
                    continue;
                }
                List<EndpointResult> results = read.get(f);
                List<String> ids = new ArrayList<>();
                for (EndpointResult r : results) {
                    ids.add(store.save(withLabels(r)));
                }
                out().printf(Locale.ROOT, "%s: imported %d run%s (%s) into %s%n", f, ids.size(), ids.size() == 1 ? "" : "s",
                        kinds.get(f).name().toLowerCase(Locale.ROOT), storeOptions.describe());
                for (int i = 0; i < ids.size(); i++) {
                    out().println("  " + ids.get(i) + "  " + results.get(i).name() + "  " + results.get(i).run().traffic());
                }
            }
        }
        return Llmbench.OK;
    }

    /** Saves another tool's runs, skipping those already stored (the same file's run, by its source key). */
    private void savePeerRuns(ResultStore store, Path f, List<EndpointResult> results) {
        List<String> lines = new ArrayList<>();
        int imported = 0;
        for (EndpointResult r : results) {
            String key = r.run().labels().get(PeerResults.LABEL_KEY);
            List<StoredRun> same = store.runs(RunQuery.builder().label(PeerResults.LABEL_KEY, key).page(0, 1).build());
            if (!same.isEmpty()) {
                lines.add("  " + same.get(0).id() + "  " + r.name() + "  " + r.run().traffic() + "  (already stored)");
                continue;
            }
            lines.add("  " + store.save(withLabels(r)) + "  " + r.name() + "  " + r.run().traffic()
                    + (r.records().isEmpty() ? "  (summary only)" : "  (" + r.records().size() + " requests)"));
            imported++;
        }
        String tool = results.isEmpty() ? "" : results.get(0).run().labels().get(PeerResults.LABEL_FORMAT);
        out().printf(Locale.ROOT, "%s: imported %d run%s (%s)%s into %s%n", f, imported, imported == 1 ? "" : "s", tool,
                imported < results.size() ? ", skipped " + (results.size() - imported) + " already stored" : "", storeOptions.describe());
        lines.forEach(out()::println);
    }

    private PeerOptions peerOptions() throws IOException {
        PeerOptions.Builder b = PeerOptions.custom().model(model).provider(provider);
        if (spec.commandLine().getParseResult().hasMatchedOption("--traffic")) {
            b.traffic(traffic);
        }
        if (startedAt != null) {
            b.startedAt(startedAt);
        }
        return b.build();
    }

    private List<EndpointResult> read(Path f, Format k, ImportOptions opts) {
        return switch (k) {
            case SUMMARY -> rows(f, SummaryCsv.read(f, opts));
            case RUNS -> rows(f, RunCsv.read(f, opts));
            case REQUESTS -> requests(f, rows(f, RequestCsv.read(f, opts)));
            case JSON -> ResultJson.read(f).endpoints();
            default -> throw new IllegalStateException("format " + k);
        };
    }

    private <T> List<T> rows(Path f, ImportResult<T> r) {
        if (!r.problems().isEmpty()) {
            err().printf(Locale.ROOT, "%s: skipped %d bad row%s:%n", f, r.problems().size(), r.problems().size() == 1 ? "" : "s");
            r.problems().stream().limit(PROBLEMS_SHOWN).map(CsvProblem::message).forEach(m -> err().println("  " + m));
            if (r.problems().size() > PROBLEMS_SHOWN) {
                err().println("  ... and " + (r.problems().size() - PROBLEMS_SHOWN) + " more");
            }
        }
        if (r.rows().isEmpty()) {
            throw new CliException(f + " has no rows to import");
        }
        return r.rows();
    }

    private List<EndpointResult> requests(Path f, List<RequestRecord> records) {
        Map<String, List<RequestRecord>> byEndpoint = new TreeMap<>();
        records.forEach(r -> byEndpoint.computeIfAbsent(r.endpoint(), k -> new ArrayList<>()).add(r));
        List<EndpointResult> out = new ArrayList<>();
        byEndpoint.forEach((name, recs) -> {
            long start = recs.stream().mapToLong(RequestRecord::startEpochMillis).min().orElse(0);
            long end = recs.stream().mapToLong(r -> r.startEpochMillis() + Math.max(0, r.endNanos()) / 1_000_000).max().orElse(start);
            Deployment d = Deployment.of(name, provider, model != null ? model : name);
            RunInfo run = new RunInfo(traffic, "imported requests from " + f.getFileName(), Map.of(), null, null,
                    Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
            out.add(EndpointResult.of(d, run, recs, List.of()));
        });
        return out;
    }

    private EndpointResult withLabels(EndpointResult r) {
        if (labels.isEmpty()) {
            return r;
        }
        Map<String, String> l = new TreeMap<>(r.run().labels());
        l.putAll(labels);
        RunInfo i = r.run();
        return new EndpointResult(r.deployment(), new RunInfo(i.traffic(), i.workload(), l, i.notes(), i.cellKey(),
                i.startedAt(), i.finishedAt()), r.job(), r.metrics(), r.records(), r.warnings());
    }

    /** The kind of a file from its extension and, for CSV, its header. */
    static Format detect(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return startContains(f, "\"llmbench-run\"") || PeerResults.detect(f).isEmpty() ? Format.JSONL : Format.PEER;
        }
        if (n.endsWith(".json")) {
            if (startContains(f, "\"llmbench-result\"")) {
                return Format.JSON;
            }
            if (PeerResults.detect(f).isPresent()) {
                return Format.PEER;
            }
            throw new CliException(f + " is not a result file llmbench imports: it reads llmbench's result.json and "
                    + PeerResults.formats() + "; give --format to say which");
        }
        String header;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            header = r.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (header == null) {
            throw new CliException(f + " is empty");
        }
        List<String> cols = List.of(header.replace("\uFEFF", "").replace("\"", "").split(","));
        if (cols.contains("provider_name") && cols.contains("ttft_mean")) {
            return Format.SUMMARY;
        }
        if (cols.contains("sequence") && cols.contains("ttft_ms")) {
            return Format.REQUESTS;
        }
        if (cols.contains("endpoint") && cols.contains("traffic_mode") && cols.contains("duration_s")) {
            return Format.RUNS;
        }
        if (PeerResults.detect(f).isPresent()) {
            return Format.PEER;
        }
        throw new CliException("cannot tell what kind of file " + f + " is from its header; give --format "
                + "summary, runs, requests, json, jsonl or peer (" + PeerResults.formats() + ")");
    }

    /** Whether the first 64 KiB of the file contain the text (a format marker written near the start). */
    private static boolean startContains(Path f, String text) {
        try (java.io.Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            char[] buf = new char[65536];
            int n = r.read(buf);
            return n > 0 && new String(buf, 0, n).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
