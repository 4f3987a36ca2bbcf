package io.llmbench.report.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.llmbench.core.EndpointResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the result files of other benchmark tools into llmbench runs: vLLM's
 * {@code bench serve --save-result} JSON, GuideLLM's benchmarks report, GenAI-Perf's and AIPerf's
 * profile exports (summary JSON and CSV, GenAI-Perf's per-request export, AIPerf's
 * {@code profile_export.jsonl}), LLMPerf's summary and individual responses. The format is detected
 * from the content (see {@link PeerFormat}); each tool's metric definitions are mapped onto
 * llmbench's explicitly, as {@code docs/IMPORTERS.md} tabulates.
 *
 * <pre>{@code
 * PeerImport imported = PeerResults.read(Path.of("profile_export_genai_perf.json"), PeerOptions.ofDefaults());
 * EndpointResult run = imported.runs().get(0);
 * run.metric(Metric.TPOT).mean();                  // GenAI-Perf's "inter token latency", ms
 * run.run().labels().get(PeerResults.LABEL_TOOL);  // "genai-perf"
 *
 * // an LLMPerf summary and its individual responses given together become one run with records
 * List<PeerImport> all = PeerResults.read(List.of(summary, individual), PeerOptions.ofDefaults());
 * }</pre>
 *
 * <p>Per-request data, when a file has it, becomes {@link io.llmbench.core.RequestRecord}s and the
 * run's metrics (with histograms) are computed from them with llmbench's definitions; a summary
 * becomes a run with the statistics the file quotes (no histograms, so no merging and no interval
 * in a comparison). Every run records where it came from in run labels: {@link #LABEL_TOOL},
 * {@link #LABEL_FORMAT}, {@link #LABEL_FILE} (the file name, not its path), {@link #LABEL_VERSION}
 * (when the file states the tool's version) and {@link #LABEL_KEY} (a digest of the file's bytes
 * and the run's position in it, so that importing a file twice can be recognised), and in its notes.
 *
 * <p>A file is read completely and checked before anything is returned: a bad field fails the
 * whole file with a {@link PeerFormatException} naming the file, the field, the rule and the value;
 * a file of no known format fails with one naming the formats read here. Stateless and thread-safe.
 */
public final class PeerResults {
    /** Run label: the tool that wrote the file ({@link PeerFormat#tool()}). */
    public static final String LABEL_TOOL = "source.tool";
    /** Run label: the file's format ({@link PeerFormat#key()}). */
    public static final String LABEL_FORMAT = "source.format";
    /** Run label: the file's name (and its summary's, for a merged LLMPerf pair). */
    public static final String LABEL_FILE = "source.file";
    /** Run label: the tool's version, when the file states it. */
    public static final String LABEL_VERSION = "source.version";
    /** Run label: the first 32 hex digits of the SHA-256 of the file's bytes, {@code #}, the run's index in the file. */
    public static final String LABEL_KEY = "source.key";

    private PeerResults() {
    }

    /** The formats read here, for messages: "vLLM bench serve --save-result JSON, GuideLLM ...". */
    public static String formats() {
        return Arrays.stream(PeerFormat.values()).map(PeerFormat::description).collect(Collectors.joining(", "));
    }

    /**
     * The format of a file, or empty when it is none of {@link PeerFormat}.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Optional<PeerFormat> detect(Path file) {
        return Optional.ofNullable(load(file).format);
    }

    /**
     * Reads one file.
     *
     * @throws PeerFormatException  when the format is unknown or a field breaks a rule
     * @throws UncheckedIOException when the file cannot be read
     */
    public static PeerImport read(Path file, PeerOptions options) {
        Loaded l = load(file);
        if (l.format == null) {
            throw unknown(file, l);
        }
        return read(l, null, options);
    }

    /**
     * Reads several files, all of them before returning. An LLMPerf individual-responses file and
     * the summary of the same run (file names equal once {@code summary}, {@code individual} and
     * {@code individual_responses} are taken out, e.g. {@code x_summary.json} and
     * {@code x_individual_responses.json}) become one run: records from the first, duration,
     * throughputs, model and load from the second.
     *
     * @return one import per file or pair, in the order of the files (a pair where its individual file is)
     * @throws PeerFormatException on the first file that cannot be read; nothing is returned
     */
    public static List<PeerImport> read(List<Path> files, PeerOptions options) {
        List<Loaded> loaded = new ArrayList<>();
        for (Path f : files) {
            Loaded l = load(f);
            if (l.format == null) {
                throw unknown(f, l);
            }
            loaded.add(l);
        }
        Map<String, List<Loaded>> summaries = new LinkedHashMap<>();
        for (Loaded l : loaded) {
            if (l.format == PeerFormat.LLMPERF_SUMMARY) {
                summaries.computeIfAbsent(pairKey(l.file), k -> new ArrayList<>()).add(l);
            }
        }
        List<Loaded> paired = new ArrayList<>();
        Map<Loaded, Loaded> partner = new LinkedHashMap<>();
        for (Loaded l : loaded) {
            List<Loaded> s = l.format == PeerFormat.LLMPERF_REQUESTS ? summaries.get(pairKey(l.file)) : null;
            if (s != null && s.size() == 1 && !paired.contains(s.get(0))) {
                partner.put(l, s.get(0));
                paired.add(s.get(0));
            }
        }
        List<PeerImport> out = new ArrayList<>();
        for (Loaded l : loaded) {
            if (!paired.contains(l)) {
                out.add(read(l, partner.get(l), options));
            }
        }
        return out;
    }

    /** A file name without the words LLMPerf (and the shared copies) use to tell summary from individual files. */
    static String pairKey(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        n = n.replaceAll("\\.json$", "").replace("individual_responses", "").replace("individual", "").replace("summary", "");
        return n.replaceAll("^[-_.]+|[-_.]+$", "").replaceAll("[-_.]{2,}", "_");
    }

    private static PeerFormatException unknown(Path file, Loaded l) {
        String why = l.parseError == null ? "" : " (it is not valid JSON: " + l.parseError + ")";
        return new PeerFormatException(file, "is not a result file llmbench imports" + why + "; it reads: " + formats()
                + ", and llmbench's own summary CSV, runs.csv, requests.csv, result.json and store exports");
    }

    /** A file read into memory, its JSON values (one, or one per line) and its detected format. */
    private static final class Loaded {
        final Path file;
        final byte[] bytes;
        List<JsonNode> values = List.of();
        String parseError;
        PeerFormat format;

        Loaded(Path file, byte[] bytes) {
            this.file = file;
            this.bytes = bytes;
        }
    }

    private static Loaded load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        Loaded l = new Loaded(file, bytes);
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        if (head.startsWith("Metric,") || head.startsWith("\"Metric\",")) {
            String header = head.lines().findFirst().orElse("");
            boolean aiperf = Arrays.stream(header.split(",")).map(String::trim).anyMatch(c -> c.equals("p1") || c.equals("std"));
            l.format = aiperf ? PeerFormat.AIPERF_SUMMARY_CSV : PeerFormat.GENAI_PERF_SUMMARY_CSV;
            return l;
        }
        if (!head.startsWith("{") && !head.startsWith("[")) {
            return l;
        }
        List<JsonNode> values = new ArrayList<>();
        try {
            if (head.startsWith("[")) {
                values.add(Json.MAPPER.readTree(bytes));
            } else {
                // one object, or one per line (vLLM's --append-result, AIPerf's profile_export.jsonl)
                try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(bytes)) {
                    while (it.hasNextValue()) {
                        values.add(it.nextValue());
                    }
                }
            }
        } catch (JsonProcessingException e) {
            l.parseError = e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        l.values = values;
        if (values.isEmpty()) {
            return l;
        }
        JsonNode first = values.get(0);
        if (values.size() > 1) {
            if (AiPerfRecords.matches(first)) {
                l.format = PeerFormat.AIPERF_RECORDS;
            } else if (values.stream().allMatch(VllmServe::matches)) {
                l.format = PeerFormat.VLLM_SERVE;
            }
            return l;
        }
        if (GuideLlmReport.matches(first)) {
            l.format = PeerFormat.GUIDELLM_REPORT;
        } else if (GenAiPerfRequests.matches(first)) {
            l.format = PeerFormat.GENAI_PERF_REQUESTS;
        } else if (ProfileExports.isSummary(first)) {
            l.format = ProfileExports.isAiPerf(first) ? PeerFormat.AIPERF_SUMMARY_JSON : PeerFormat.GENAI_PERF_SUMMARY_JSON;
        } else if (LlmPerf.isSummary(first)) {
            l.format = PeerFormat.LLMPERF_SUMMARY;
        } else if (LlmPerf.isRequests(first)) {
            l.format = PeerFormat.LLMPERF_REQUESTS;
        } else if (AiPerfRecords.matches(first)) {
            l.format = PeerFormat.AIPERF_RECORDS;
        } else if (VllmServe.matches(first)) {
            l.format = PeerFormat.VLLM_SERVE;
        }
        return l;
    }

    private static PeerImport read(Loaded l, Loaded summary, PeerOptions options) {
        Json json = new Json(l.file);
        JsonNode root = l.values.isEmpty() ? null : l.values.get(0);
        List<EndpointResult> runs;
        String version = null;
        try {
            switch (l.format) {
                case VLLM_SERVE -> {
                    runs = new ArrayList<>();
                    for (int i = 0; i < l.values.size(); i++) {
                        runs.add(VllmServe.read(json, l.values.get(i), l.values.size() > 1 ? "line " + (i + 1) : "", options));
                    }
                }
                case GUIDELLM_REPORT -> {
                    runs = GuideLlmReport.read(json, root, options);
                    version = GuideLlmReport.version(root);
                }
                case GENAI_PERF_SUMMARY_JSON, AIPERF_SUMMARY_JSON -> runs = List.of(ProfileExports.readJson(json, root, options));
                case GENAI_PERF_SUMMARY_CSV -> runs = List.of(ProfileExports.readCsv(json, false, options));
                case AIPERF_SUMMARY_CSV -> runs = List.of(ProfileExports.readCsv(json, true, options));
                case GENAI_PERF_REQUESTS -> {
                    runs = GenAiPerfRequests.read(json, root, options);
                    version = Json.text(root, "version");
                }
                case AIPERF_RECORDS -> runs = List.of(AiPerfRecords.read(json, l.values, options));
                case LLMPERF_SUMMARY -> {
                    runs = List.of(LlmPerf.summary(json, root, options));
                    version = Json.text(root, "version");
                }
                case LLMPERF_REQUESTS -> {
                    JsonNode s = summary == null ? null : summary.values.get(0);
                    runs = List.of(LlmPerf.requests(json, root, summary == null ? null : new Json(summary.file), s, options));
                    version = s == null ? null : Json.text(s, "version");
                }
                default -> throw new IllegalStateException("format " + l.format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + l.file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new PeerFormatException(l.file, "could not be read as " + l.format.description() + ": " + e.getMessage(), e);
        }
        List<Path> files = summary == null ? List.of(l.file) : List.of(l.file, summary.file);
        String names = files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(" + "));
        String digest = digest(l, summary);
        List<EndpointResult> labelled = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            EndpointResult r = runs.get(i);
            Map<String, String> labels = new TreeMap<>();
            labels.put(LABEL_TOOL, l.format.tool());
            labels.put(LABEL_FORMAT, l.format.key());
            labels.put(LABEL_FILE, names);
            labels.put(LABEL_KEY, digest + "#" + i);
            if (version != null) {
                labels.put(LABEL_VERSION, version);
            }
            String notes = "imported from " + l.format.description() + " " + names + (version == null ? "" : " (version " + version + ")");
            labelled.add(r.withRun(r.run().withLabels(labels).withNotes(notes)));
        }
        return new PeerImport(files, l.format, labelled);
    }

    private static String digest(Loaded l, Loaded summary) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(l.bytes);
            if (summary != null) {
                md.update(summary.bytes);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
