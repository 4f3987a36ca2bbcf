package io.llmbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RunInfo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.internal.Histograms;
import io.llmbench.core.internal.TextLimits;
import io.llmbench.report.internal.CellException;
import io.llmbench.report.internal.CsvIo;
import io.llmbench.report.internal.CsvSchema;
import io.llmbench.report.internal.Num;
import io.llmbench.report.internal.Row;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-run summary CSV: one row per {@link EndpointResult} with everything but the request
 * records, so that a run can be read back exactly (histograms included) or opened in a
 * spreadsheet. Use {@link SummaryCsv} for the fixed 51-column format of other tools.
 *
 * <h2>Columns ({@link #COLUMNS})</h2>
 * <ul>
 * <li>Deployment: {@code endpoint, provider, model, base_url, hardware, gpu_count, engine,
 *     quantization, context_window, model_size, deployment_labels}.</li>
 * <li>Run: {@code traffic_mode} ({@code qps}, {@code concurrency}, {@code sequential}),
 *     {@code traffic_level}, {@code workload, run_labels, notes, cell_key}, {@code started_at} and
 *     {@code finished_at} (ISO-8601 instants).</li>
 * <li>Job ({@link JobStats}): {@code duration_s, requests, succeeded, failed, success_rate}
 *     (derived, 0..1), {@code failures, input_tokens, output_tokens, request_throughput} (req/s),
 *     {@code output_token_throughput, total_token_throughput, peak_output_tokens_per_s} (tokens/s),
 *     {@code good_requests, goodput} (req/s), {@code late_sends, output_token_sources}.</li>
 * <li>{@code warnings}.</li>
 * <li>For every {@link Metric} in declaration order, with its {@link Metric#key() key}:
 *     {@code <key>_count, _mean, _stdev, _min, _max, _p05, _p50, _p80, _p95, _p99, _p999,
 *     _histogram}, in the metric's {@linkplain Metric#unit() unit}; all empty when the run has no
 *     stats for the metric. {@code _histogram} is {@link MetricStats#histogram()}.</li>
 * </ul>
 * Labels, failures and token sources are JSON objects in one cell ({@code {"gpu":"H100"}},
 * {@code {"HTTP_429":3}}), warnings a JSON array of strings. Stateless and thread-safe.
 */
public final class RunCsv {
    private static final List<String> FIXED = List.of(
            "endpoint", "provider", "model", "base_url", "hardware", "gpu_count", "engine", "quantization",
            "context_window", "model_size", "deployment_labels",
            "traffic_mode", "traffic_level", "workload", "run_labels", "notes", "cell_key", "started_at", "finished_at",
            "duration_s", "requests", "succeeded", "failed", "success_rate", "failures", "input_tokens", "output_tokens",
            "request_throughput", "output_token_throughput", "total_token_throughput", "peak_output_tokens_per_s",
            "good_requests", "goodput", "late_sends", "output_token_sources", "warnings");
    private static final List<String> STATS = List.of("count", "mean", "stdev", "min", "max",
            "p05", "p50", "p80", "p95", "p99", "p999", "histogram");

    /** The columns, in order. */
    public static final List<String> COLUMNS;

    static {
        List<String> all = new ArrayList<>(FIXED);
        for (Metric m : Metric.values()) {
            for (String s : STATS) {
                all.add(m.key() + "_" + s);
            }
        }
        COLUMNS = List.copyOf(all);
    }

    private static final Set<String> KNOWN = Set.copyOf(COLUMNS);
    private static final List<String> REQUIRED = FIXED.stream().filter(c -> !c.equals("success_rate")).toList();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest text of each text column: what a store keeps. */
    private static final Map<String, Integer> LIMITS = Map.ofEntries(
            Map.entry("endpoint", TextLimits.NAME), Map.entry("provider", TextLimits.NAME), Map.entry("model", TextLimits.NAME),
            Map.entry("base_url", TextLimits.LONG_NAME), Map.entry("hardware", TextLimits.NAME), Map.entry("engine", TextLimits.NAME),
            Map.entry("quantization", TextLimits.NAME), Map.entry("model_size", TextLimits.NAME), Map.entry("cell_key", TextLimits.NAME),
            Map.entry("workload", TextLimits.TEXT), Map.entry("notes", TextLimits.TEXT), Map.entry("warnings", TextLimits.TEXT));
    /** Free text may span lines; names, numbers and JSON cells (which escape line breaks) do not. */
    private static final CsvSchema SCHEMA = new CsvSchema(REQUIRED, KNOWN, LIMITS, Set.of("workload", "notes", "warnings"));

    private RunCsv() {
    }

    /** Writes the header and one row per result; records are not written. */
    public static void write(List<EndpointResult> results, Writer out) {
        CsvIo.writeRows(out, COLUMNS, results, RunCsv::row);
    }

    /** Writes to a file (UTF-8), replacing it. */
    public static void write(List<EndpointResult> results, Path file) {
        CsvIo.toFile(file, out -> write(results, out));
    }

    private static String[] row(EndpointResult r) {
        Deployment d = r.deployment();
        RunInfo run = r.run();
        JobStats j = r.job();
        List<String> c = new ArrayList<>(COLUMNS.size());
        c.addAll(List.of(d.name(), nz(d.provider()), d.model(), nz(d.baseUrl()), nz(d.hardware()),
                Integer.toString(d.gpuCount()), nz(d.engine()), nz(d.quantization()), Integer.toString(d.contextWindow()),
                nz(d.modelSize()), json(d.labels())));
        c.addAll(List.of(run.traffic().mode().csvName(), Num.python(run.traffic().level()), run.workload(), json(run.labels()),
                nz(run.notes()), nz(run.cellKey()), run.startedAt().toString(), run.finishedAt().toString()));
        c.addAll(List.of(Num.python(j.durationSeconds()), Long.toString(j.requests()), Long.toString(j.succeeded()),
                Long.toString(j.failed()), Num.python(j.successRate()), json(j.failures()), Long.toString(j.inputTokens()),
                Long.toString(j.outputTokens()), Num.python(j.requestThroughput()), Num.python(j.outputTokenThroughput()),
                Num.python(j.totalTokenThroughput()), Num.python(j.peakOutputTokensPerSecond()), Long.toString(j.goodRequests()),
                Num.python(j.goodput()), Long.toString(j.lateSends()), json(j.outputTokenSources()), json(r.warnings())));
        for (Metric m : Metric.values()) {
            MetricStats s = r.metrics().get(m);
            if (s == null) {
                for (int k = 0; k < STATS.size(); k++) {
                    c.add("");
                }
                continue;
            }
            c.add(Long.toString(s.count()));
            for (double v : new double[] {s.mean(), s.stdev(), s.min(), s.max(), s.p05(), s.p50(), s.p80(), s.p95(), s.p99(), s.p999()}) {
                c.add(Num.python(v));
            }
            c.add(nz(s.histogram()));
        }
        return c.toArray(new String[0]);
    }

    /**
     * Reads a file (UTF-8).
     *
     * @throws CsvFormatException naming the file, as {@link #read(Reader, ImportOptions)} does
     */
    public static ImportResult<EndpointResult> read(Path file, ImportOptions options) {
        return CsvIo.readFile(file, in -> read(in, options));
    }

    /**
     * Reads rows back into results without records. Metric columns may be missing (those stats are
     * then absent); every other column except {@code success_rate} must be in the header.
     *
     * @throws CsvFormatException in {@link ImportMode#ALL_OR_NOTHING} mode when any row is bad
     */
    public static ImportResult<EndpointResult> read(Reader in, ImportOptions options) {
        return CsvIo.read(in, options, SCHEMA, RunCsv::fromRow);
    }

    private static EndpointResult fromRow(Row row) {
        Deployment d = new Deployment(row.text("endpoint"), row.optText("provider"), row.text("model"), row.optText("base_url"),
                row.optText("hardware"), intOf(row, "gpu_count"), row.optText("engine"), row.optText("quantization"),
                intOf(row, "context_window"), row.optText("model_size"), stringMap(row, "deployment_labels"));
        Traffic.Mode mode;
        try {
            mode = Traffic.Mode.parse(row.text("traffic_mode"));
        } catch (IllegalArgumentException e) {
            throw row.fail("traffic_mode", "must be one of qps, rate, concurrency, sequential");
        }
        double level = row.number("traffic_level");
        if (!(level > 0)) {
            throw row.fail("traffic_level", "must be > 0");
        }
        String workload = row.raw("workload");
        RunInfo run = new RunInfo(new Traffic(mode, level), workload == null ? "" : workload, stringMap(row, "run_labels"),
                row.optText("notes"), row.optText("cell_key"), instant(row, "started_at"), instant(row, "finished_at"));
        Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
        countMap(row, "failures").forEach((k, v) -> failures.put(enumKey(FailureKind.class, row, "failures", k), v));
        Map<TokenSource, Long> sources = new EnumMap<>(TokenSource.class);
        countMap(row, "output_token_sources").forEach((k, v) -> sources.put(enumKey(TokenSource.class, row, "output_token_sources", k), v));
        JobStats job = new JobStats(row.nonNegativeOrNaN("duration_s"), row.whole("requests", 0), row.whole("succeeded", 0),
                row.whole("failed", 0), failures, row.whole("input_tokens", 0), row.whole("output_tokens", 0),
                row.nonNegativeOrNaN("request_throughput"), row.nonNegativeOrNaN("output_token_throughput"),
                row.nonNegativeOrNaN("total_token_throughput"), row.nonNegativeOrNaN("peak_output_tokens_per_s"),
                row.whole("good_requests", 0), row.nonNegativeOrNaN("goodput"), row.whole("late_sends", 0), sources);
        Map<Metric, MetricStats> metrics = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            String p = m.key() + "_";
            if (row.raw(p + "count") == null) {
                continue;
            }
            String h = row.raw(p + "histogram");
            if (h != null) {
                try {
                    Histograms.decode(h);
                } catch (RuntimeException e) {
                    throw new CellException(p + "histogram", "must be empty or Base64 of a compressed HdrHistogram", h);
                }
            }
            // every metric is a duration, a rate or a count: none is below zero
            metrics.put(m, new MetricStats(m, row.whole(p + "count", 0), row.nonNegativeOrNaN(p + "mean"),
                    row.nonNegativeOrNaN(p + "stdev"), row.nonNegativeOrNaN(p + "min"), row.nonNegativeOrNaN(p + "max"),
                    row.nonNegativeOrNaN(p + "p05"), row.nonNegativeOrNaN(p + "p50"), row.nonNegativeOrNaN(p + "p80"),
                    row.nonNegativeOrNaN(p + "p95"), row.nonNegativeOrNaN(p + "p99"), row.nonNegativeOrNaN(p + "p999"), h));
        }
        List<String> warnings = stringList(row, "warnings");
        return new EndpointResult(d, run, job, metrics, List.of(), warnings);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    private static int intOf(Row row, String column) {
        long v = row.whole(column, 0);
        if (v > Integer.MAX_VALUE) {
            throw row.fail(column, "must be <= " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    private static Instant instant(Row row, String column) {
        try {
            return Instant.parse(row.text(column));
        } catch (DateTimeParseException e) {
            throw row.fail(column, "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
    }

    private static <T> T parseJson(Row row, String column, TypeReference<T> type, String rule, T empty) {
        String text = row.raw(column);
        if (text == null) {
            return empty;
        }
        try {
            T v = JSON.readValue(text, type);
            return v == null ? empty : v;
        } catch (IOException e) {
            throw row.fail(column, rule);
        }
    }

    /** Labels: names of at most {@link TextLimits#NAME} characters, values of at most {@link TextLimits#LONG_NAME}. */
    private static Map<String, String> stringMap(Row row, String column) {
        Map<String, String> labels = parseJson(row, column, new TypeReference<Map<String, String>>() { },
                "must be a JSON object of strings", Map.of());
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().length() > TextLimits.NAME || e.getValue() != null && e.getValue().length() > TextLimits.LONG_NAME) {
                throw row.fail(column, "must have label names of at most " + TextLimits.NAME + " and values of at most "
                        + TextLimits.LONG_NAME + " characters (the store's limits)");
            }
        }
        return labels;
    }

    private static Map<String, Long> countMap(Row row, String column) {
        return parseJson(row, column, new TypeReference<Map<String, Long>>() { }, "must be a JSON object of counts", Map.of());
    }

    private static List<String> stringList(Row row, String column) {
        return parseJson(row, column, new TypeReference<List<String>>() { }, "must be a JSON array of strings", List.of());
    }

    private static <E extends Enum<E>> E enumKey(Class<E> type, Row row, String column, String key) {
        try {
            return Enum.valueOf(type, key);
        } catch (IllegalArgumentException e) {
            throw row.fail(column, "must have keys from " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
