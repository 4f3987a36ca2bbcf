package io.llmbench.examples.cli;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import io.llmbench.report.CsvFormatException;
import io.llmbench.report.ImportMode;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.ImportResult;
import io.llmbench.report.ReportException;
import io.llmbench.report.RequestCsv;
import io.llmbench.report.ResultJson;
import io.llmbench.report.RunCsv;
import io.llmbench.report.SummaryCsv;
import io.llmbench.report.imports.PeerImport;
import io.llmbench.report.imports.PeerOptions;
import io.llmbench.report.imports.PeerResults;
import io.llmbench.store.ImportException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmbench import}: benchmark results from files into the store. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import results into the store: the 51-column benchmark summary CSV of other tools, llmbench's "
                + "runs.csv, a per-request CSV (requests.csv), result.json, or a store export (.jsonl); and the result files "
                + "of vLLM bench serve, GuideLLM, GenAI-Perf, AIPerf and LLMPerf (see docs/IMPORTERS.md). Every file is read and "
                + "checked before anything is stored: one bad file imports nothing. Importing the same rows again is harmless: a "
                + "CSV or JSON run whose content (everything but its start and finish time) is stored already is skipped, as are "
                + "a store export's runs already stored under their ids and a tool's runs imported from the same file before.", "",
                "Example: llmbench import together-summary.csv --skip-bad",
                "         llmbench import profile_export_genai_perf.json summary.json individual_responses.json"})
final class ImportCommand extends Cmd {
    /** File kinds. */
    enum Format { AUTO, SUMMARY, RUNS, REQUESTS, JSON, JSONL, PEER }

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "auto|summary|runs|requests|json|jsonl|peer", defaultValue = "auto",
            description = "File kind (default: from the extension and the content); peer = another tool's result file.")
    Format format = Format.AUTO;

    @Option(names = "--skip-bad", description = "Import the good rows of a CSV and report every bad one with its file and line "
            + "(default: any bad row imports nothing). A file whose rows cannot be told apart (an unclosed quote) still fails.")
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
        // Read and check every file first, so that a bad file imports nothing from any file.
        Map<Path, List<EndpointResult>> read = new LinkedHashMap<>();
        Map<Path, Format> kinds = new LinkedHashMap<>();
        List<Path> peerFiles = new ArrayList<>();
        List<EndpointResult> own = new ArrayList<>();
        for (Path f : files) {
            Format k = format == Format.AUTO ? detect(f) : format;
            kinds.put(f, k);
            if (k == Format.PEER) {
                peerFiles.add(f);
            } else if (k == Format.JSONL) {
                checkExport(f);
            } else {
                Instant start = startedAt != null ? startedAt : Files.getLastModifiedTime(f).toInstant();
                List<EndpointResult> results = read(f, k, ImportOptions.custom().mode(mode).startedAt(start).build()).stream()
                        .map(this::withLabels).toList();
                read.put(f, results);
                own.addAll(results);
            }
        }
        Map<Path, String> mergedInto = new LinkedHashMap<>();
        if (!peerFiles.isEmpty()) {
            for (PeerImport p : PeerResults.read(peerFiles, peerOptions())) {
                read.put(p.file(), p.runs());
                p.files().stream().skip(1).forEach(other -> mergedInto.put(other, p.file().toString()));
                for (int i = 0; i < p.runs().size(); i++) {
                    checkFits(p.file(), i, p.runs().size(), withLabels(p.runs().get(i)));
                }
            }
        }
        try (ResultStore store = storeOptions.open(ctx())) {
            // every CSV and JSON run in one transaction; runs already stored (same content) are skipped
            ImportSummary saved;
            try {
                saved = store.importResults(own);
            } catch (IllegalArgumentException e) {
                throw new CliException(whichFile(read, e.getMessage()));
            }
            Set<String> fresh = new HashSet<>(saved.imported());
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
                List<String> lines = new ArrayList<>();
                int imported = 0;
                for (EndpointResult r : results) {
                    String id = ResultStore.contentKey(r);
                    boolean isNew = fresh.remove(id);
                    imported += isNew ? 1 : 0;
                    lines.add("  " + id + "  " + r.name() + "  " + r.run().load() + (isNew ? "" : "  (already stored)"));
                }
                int skipped = results.size() - imported;
                out().printf(Locale.ROOT, "%s: imported %d run%s (%s) into %s%s%n", f, imported, imported == 1 ? "" : "s",
                        kinds.get(f).name().toLowerCase(Locale.ROOT), storeOptions.describe(),
                        skipped == 0 ? "" : ", skipped " + skipped + " already stored");
                lines.forEach(out()::println);
            }
        }
        return Llmbench.OK;
    }

    /** Checks a store export from end to end before anything is written. */
    private static void checkExport(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            ResultStore.checkImport(in);
        } catch (ImportException e) {
            throw new CliException(f + ": " + e.getMessage(), e);
        }
    }

    /** Checks that another tool's run fits the store before anything is written. */
    private static void checkFits(Path f, int index, int count, EndpointResult run) {
        try {
            ResultStore.checkFits(run);
        } catch (IllegalArgumentException e) {
            throw new CliException(f + ": run " + (index + 1) + " of " + count + " (" + run.name() + "): " + e.getMessage(), e);
        }
    }

    /** A message about {@code results[i]} of the combined CSV and JSON runs, with the file and the run's position in it. */
    private static String whichFile(Map<Path, List<EndpointResult>> read, String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^results\\[(\\d+)\\] ").matcher(message);
        if (!m.find()) {
            return message;
        }
        int i = Integer.parseInt(m.group(1));
        for (Map.Entry<Path, List<EndpointResult>> e : read.entrySet()) {
            if (i < e.getValue().size()) {
                return e.getKey() + ": run " + (i + 1) + " of " + e.getValue().size() + " " + message.substring(m.end());
            }
            i -= e.getValue().size();
        }
        return message;
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
        try {
            return switch (k) {
                case SUMMARY -> rows(f, SummaryCsv.read(f, opts));
                case RUNS -> rows(f, RunCsv.read(f, opts));
                case REQUESTS -> requests(f, rows(f, RequestCsv.read(f, opts)));
                case JSON -> ResultJson.read(f).endpoints();
                default -> throw new IllegalStateException("format " + k);
            };
        } catch (CsvFormatException e) {
            throw new CliException(e.getMessage(), e);
        } catch (ReportException e) {
            throw new CliException(e.getMessage().contains(f.toString()) ? e.getMessage() : f + ": " + e.getMessage(), e);
        }
    }

    /** The rows read, after printing every row that was skipped with its file and line. */
    private <T> List<T> rows(Path f, ImportResult<T> r) {
        long badRows = r.problems().stream().filter(p -> p.line() > 1).count();
        if (!r.problems().isEmpty()) {
            long columns = r.problems().size() - badRows;
            err().printf(Locale.ROOT, "%s: skipped %d bad row%s%s:%n", f, badRows, badRows == 1 ? "" : "s",
                    columns == 0 ? "" : " and ignored " + columns + " unknown column" + (columns == 1 ? "" : "s"));
            r.problems().forEach(p -> err().println("  " + f + " " + p.message()));
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
        return labels.isEmpty() ? r : r.withRun(r.run().withLabels(labels));
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
        // decoding replaces bytes that are not UTF-8: the reader then names their line and column
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8))) {
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
        try (java.io.Reader r = new java.io.InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8)) {
            char[] buf = new char[65536];
            int n = r.read(buf);
            return n > 0 && new String(buf, 0, n).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
