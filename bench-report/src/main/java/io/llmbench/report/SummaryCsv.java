package io.llmbench.report;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import io.llmbench.core.internal.Histograms;
import io.llmbench.core.internal.TextLimits;
import io.llmbench.report.internal.CellException;
import io.llmbench.report.internal.CsvIo;
import io.llmbench.report.internal.CsvSchema;
import io.llmbench.report.internal.Num;
import io.llmbench.report.internal.Row;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark summary CSV: one row per run with fixed columns ({@link #COLUMNS}, 51 of them, in
 * that order), the format of existing benchmark tools, read and written exactly.
 *
 * <pre>{@code
 * SummaryCsv.write(List.of(result.endpoint("vllm")), Path.of("summary.csv"));
 * ImportResult<EndpointResult> read = SummaryCsv.read(Path.of("summary.csv"), ImportOptions.of(ImportMode.SKIP_AND_REPORT));
 * read.problems().forEach(p -> System.err.println(p.message()));   // "line 7: column ttft_p50 must be a number, but was 'x'"
 * }</pre>
 *
 * <h2>Units and columns</h2>
 * Times are milliseconds, {@code user_tps_*} tokens per second, lengths tokens. Numbers are written
 * the way Python prints them ({@code 485.0}, {@code 0.1}); counts as integers. When a run has no
 * samples of a metric, its columns hold {@code NaN}.
 * <ul>
 * <li>{@code provider_name}, {@code provider_model}: {@link Deployment#provider()} (empty when
 *     null) and {@link Deployment#model()}.</li>
 * <li>{@code traffic_mode}, {@code traffic_level}: {@link Traffic.Mode#csvName()} ({@code qps},
 *     {@code concurrency}, {@code sequential}) and {@link Traffic#level()}.</li>
 * <li>{@code input_*} / {@code output_*}: mean, stdev, min, max of {@link Metric#INPUT_TOKENS} /
 *     {@link Metric#OUTPUT_TOKENS}, and the totals {@link JobStats#inputTokens()} /
 *     {@link JobStats#outputTokens()} (succeeded requests).</li>
 * <li>{@code ttft_*}, {@code user_tps_*}, {@code e2e_*}: mean, stdev, p05, p50, p80, p95, p99,
 *     p99.9 of {@link Metric#TTFT}, {@link Metric#USER_TPS}, {@link Metric#E2E}.</li>
 * <li>{@code ttft_distribution}, {@code user_tps_distribution}, {@code e2e_distribution}:
 *     {@link MetricStats#histogram()}, i.e. Base64 of the compressed HdrHistogram (V2 encoding) in
 *     the metric's recording scale (microseconds for milliseconds, thousandths of a token per second
 *     for {@code user_tps}); empty when the stats have none. On reading, an empty cell gives stats
 *     without a histogram; anything else must decode as such a histogram.</li>
 * <li>{@code summary_total_num_requests}: requests sent; {@code summary_num_failed_requests}:
 *     failed ones; {@code summary_total_elapsed_time_s}: {@link JobStats#durationSeconds()};
 *     {@code summary_job_level_tps}: output tokens / elapsed seconds
 *     ({@link JobStats#outputTokenThroughput()}); {@code summary_actual_qps}: requests sent (failed
 *     included) / elapsed seconds.</li>
 * <li>{@code per_gpu_num_gpus}: {@link Deployment#gpuCount()}; {@code per_gpu_tps_mean}: the run
 *     label of that name, else output tokens per second / GPUs (0 without GPUs);
 *     {@code per_gpu_tps_stdev}: the run label, else 0.</li>
 * <li>{@code acceptance_rate}, {@code hf_dataset_name}: the run labels of those names, else empty.</li>
 * </ul>
 *
 * <h2>Reading</h2>
 * Each row becomes an {@link EndpointResult} without records, as the engine would have produced
 * for the same figures: {@link Deployment} named {@code provider_name/provider_model} (just the
 * model when the provider is empty) with the GPU count; {@link RunInfo} with the traffic, the
 * workload {@code hf_dataset_name} (or {@link #IMPORTED_WORKLOAD}), start
 * {@link ImportOptions#startedAt()} and end start + elapsed; {@link JobStats} from the
 * {@code summary_*} and total columns (failures of unknown kind counted as
 * {@link FailureKind#OTHER}, request throughput = succeeded / elapsed, no SLO so goodput = request
 * throughput, peak output rate unknown = NaN); {@link MetricStats} for TTFT, USER_TPS, E2E,
 * INPUT_TOKENS and OUTPUT_TOKENS with count = succeeded requests and NaN for figures the format
 * lacks. Values the core types cannot hold are kept as run labels named after their column, so
 * that writing the result again reproduces the file: {@code per_gpu_tps_mean},
 * {@code per_gpu_tps_stdev} and {@code summary_actual_qps} (only when they differ from what the
 * writer would derive), {@code acceptance_rate} and {@code hf_dataset_name} (when not empty).
 * A bad value gives a {@link CsvProblem} naming line, column, rule and value; see {@link ImportMode}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SummaryCsv {
    /** The 51 columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "provider_name", "provider_model", "traffic_mode", "traffic_level",
            "input_avg_len", "input_stdev_len", "input_min_len", "input_max_len", "input_total_tokens",
            "output_avg_len", "output_stdev_len", "output_min_len", "output_max_len", "output_total_tokens",
            "ttft_mean", "ttft_stdev", "ttft_p05", "ttft_p50", "ttft_p80", "ttft_p95", "ttft_p99", "ttft_p999", "ttft_distribution",
            "user_tps_mean", "user_tps_stdev", "user_tps_p05", "user_tps_p50", "user_tps_p80", "user_tps_p95", "user_tps_p99",
            "user_tps_p999", "user_tps_distribution",
            "e2e_mean", "e2e_stdev", "e2e_p05", "e2e_p50", "e2e_p80", "e2e_p95", "e2e_p99", "e2e_p999", "e2e_distribution",
            "summary_total_num_requests", "summary_total_elapsed_time_s", "summary_job_level_tps", "summary_actual_qps",
            "summary_num_failed_requests", "per_gpu_num_gpus", "per_gpu_tps_mean", "per_gpu_tps_stdev",
            "acceptance_rate", "hf_dataset_name");

    /** The workload description of imported runs whose {@code hf_dataset_name} is empty. */
    public static final String IMPORTED_WORKLOAD = "imported benchmark summary";

    /** Run labels that carry the columns the core types have no field for. */
    public static final String LABEL_PER_GPU_TPS_MEAN = "per_gpu_tps_mean";
    /** See {@link #LABEL_PER_GPU_TPS_MEAN}. */
    public static final String LABEL_PER_GPU_TPS_STDEV = "per_gpu_tps_stdev";
    /** See {@link #LABEL_PER_GPU_TPS_MEAN}. */
    public static final String LABEL_ACTUAL_QPS = "summary_actual_qps";
    /** See {@link #LABEL_PER_GPU_TPS_MEAN}. */
    public static final String LABEL_ACCEPTANCE_RATE = "acceptance_rate";
    /** See {@link #LABEL_PER_GPU_TPS_MEAN}. */
    public static final String LABEL_HF_DATASET = "hf_dataset_name";

    private static final Set<String> KNOWN = Set.copyOf(COLUMNS);
    private static final List<String> OPTIONAL = List.of("ttft_distribution", "user_tps_distribution", "e2e_distribution",
            "acceptance_rate", "hf_dataset_name");
    private static final List<String> REQUIRED = COLUMNS.stream().filter(c -> !OPTIONAL.contains(c)).toList();
    private static final Metric[] LATENCY_GROUPS = {Metric.TTFT, Metric.USER_TPS, Metric.E2E};
    /** The longest text of each text column: what a store keeps (the run's name is provider/model). */
    private static final Map<String, Integer> LIMITS = Map.of("provider_name", TextLimits.NAME, "provider_model", TextLimits.NAME,
            "hf_dataset_name", TextLimits.LONG_NAME);
    /** Every cell is one line: names and numbers. */
    private static final CsvSchema SCHEMA = new CsvSchema(REQUIRED, KNOWN, LIMITS, Set.of());

    private SummaryCsv() {
    }

    /** Writes the header and one row per result. */
    public static void write(List<EndpointResult> results, Writer out) {
        CsvIo.writeRows(out, COLUMNS, results, SummaryCsv::row);
    }

    /** Writes to a file (UTF-8), replacing it. */
    public static void write(List<EndpointResult> results, Path file) {
        CsvIo.toFile(file, out -> write(results, out));
    }

    /**
     * The cells of a result's row as {@link #write} writes them, in {@link #COLUMNS} order: for
     * applications that show the summary format in another encoding (e.g. JSON by column name).
     */
    public static List<String> cells(EndpointResult r) {
        return List.of(row(r));
    }

    /** The cells of one row, in {@link #COLUMNS} order. */
    static String[] row(EndpointResult r) {
        Deployment d = r.deployment();
        JobStats job = r.job();
        Map<String, String> labels = r.run().labels();
        String[] c = new String[COLUMNS.size()];
        int i = 0;
        c[i++] = d.provider() == null ? "" : d.provider();
        c[i++] = d.model();
        c[i++] = r.run().traffic().mode().csvName();
        c[i++] = Num.python(r.run().traffic().level());
        for (Metric m : new Metric[] {Metric.INPUT_TOKENS, Metric.OUTPUT_TOKENS}) {
            MetricStats s = r.metric(m);
            c[i++] = Num.python(s.mean());
            c[i++] = Num.python(s.stdev());
            c[i++] = Num.wholeOrPython(s.min());
            c[i++] = Num.wholeOrPython(s.max());
            c[i++] = Long.toString(m == Metric.INPUT_TOKENS ? job.inputTokens() : job.outputTokens());
        }
        for (Metric m : LATENCY_GROUPS) {
            MetricStats s = r.metric(m);
            for (double v : new double[] {s.mean(), s.stdev(), s.p05(), s.p50(), s.p80(), s.p95(), s.p99(), s.p999()}) {
                c[i++] = Num.python(v);
            }
            c[i++] = s.histogram() == null ? "" : s.histogram();
        }
        c[i++] = Long.toString(job.requests());
        c[i++] = Num.python(job.durationSeconds());
        c[i++] = Num.python(job.outputTokenThroughput());
        c[i++] = labels.getOrDefault(LABEL_ACTUAL_QPS, Num.python(actualQps(job.requests(), job.durationSeconds())));
        c[i++] = Long.toString(job.failed());
        c[i++] = Integer.toString(d.gpuCount());
        c[i++] = labels.getOrDefault(LABEL_PER_GPU_TPS_MEAN, Num.python(perGpuTps(job.outputTokenThroughput(), d.gpuCount())));
        c[i++] = labels.getOrDefault(LABEL_PER_GPU_TPS_STDEV, "0");
        c[i++] = labels.getOrDefault(LABEL_ACCEPTANCE_RATE, "");
        c[i++] = labels.getOrDefault(LABEL_HF_DATASET, "");
        return c;
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
     * Reads rows into results. Columns are found by name, so their order does not matter; the
     * distribution, {@code acceptance_rate} and {@code hf_dataset_name} columns may be missing or
     * empty, every other column must be present and filled.
     *
     * @throws CsvFormatException in {@link ImportMode#ALL_OR_NOTHING} mode when any row is bad, and
     *                            in either mode when the header lacks a required column
     */
    public static ImportResult<EndpointResult> read(Reader in, ImportOptions options) {
        return CsvIo.read(in, options, SCHEMA, row -> fromRow(row, options));
    }

    private static EndpointResult fromRow(Row row, ImportOptions options) {
        String provider = row.optText("provider_name");
        String model = row.text("provider_model");
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
        long total = row.whole("summary_total_num_requests", 0);
        long failed = row.whole("summary_num_failed_requests", 0);
        if (failed > total) {
            throw row.fail("summary_num_failed_requests", "must be <= summary_total_num_requests (" + total + ")");
        }
        long succeeded = total - failed;
        double elapsed = row.numberAtLeast("summary_total_elapsed_time_s", 0);
        long inputTotal = row.whole("input_total_tokens", 0);
        long outputTotal = row.whole("output_total_tokens", 0);
        double jobTps = row.numberAtLeast("summary_job_level_tps", 0);
        int gpus = (int) Math.min(Integer.MAX_VALUE, row.whole("per_gpu_num_gpus", 0));

        Map<Metric, MetricStats> metrics = new EnumMap<>(Metric.class);
        metrics.put(Metric.INPUT_TOKENS, tokenStats(row, "input", Metric.INPUT_TOKENS, succeeded));
        metrics.put(Metric.OUTPUT_TOKENS, tokenStats(row, "output", Metric.OUTPUT_TOKENS, succeeded));
        for (Metric m : LATENCY_GROUPS) {
            metrics.put(m, latencyStats(row, m, succeeded));
        }

        Map<String, String> labels = new LinkedHashMap<>();
        String qps = row.raw("summary_actual_qps");
        if (row.numberAtLeast("summary_actual_qps", 0) != actualQps(total, elapsed)) {
            labels.put(LABEL_ACTUAL_QPS, qps);
        }
        String perGpuMean = row.raw("per_gpu_tps_mean");
        if (row.nonNegativeOrNaN("per_gpu_tps_mean") != perGpuTps(jobTps, gpus)) {
            labels.put(LABEL_PER_GPU_TPS_MEAN, perGpuMean);
        }
        String perGpuStdev = row.raw("per_gpu_tps_stdev");
        if (!"0".equals(perGpuStdev)) {
            row.nonNegativeOrNaN("per_gpu_tps_stdev");
            labels.put(LABEL_PER_GPU_TPS_STDEV, perGpuStdev);
        }
        String acceptance = row.raw("acceptance_rate");
        if (acceptance != null) {
            row.nonNegativeOrNaN("acceptance_rate");
            labels.put(LABEL_ACCEPTANCE_RATE, acceptance);
        }
        String dataset = row.raw("hf_dataset_name");
        if (dataset != null) {
            labels.put(LABEL_HF_DATASET, dataset);
        }

        String name = provider == null ? model : provider + "/" + model;
        if (name.length() > TextLimits.NAME) {
            throw row.fail("provider_model", "must be at most " + TextLimits.NAME + " characters long with provider_name and a '/' "
                    + "(the store's limit for the run's name), but the two make " + name.length());
        }
        Deployment deployment = new Deployment(name, provider, model, null, null, gpus, null, null, 0, null, Map.of());
        RunInfo run = new RunInfo(new Traffic(mode, level), dataset == null ? IMPORTED_WORKLOAD : dataset, labels, null, null,
                options.startedAt(), options.startedAt().plus(Duration.ofNanos(Math.round(elapsed * 1e9))));
        double throughput = elapsed > 0 ? succeeded / elapsed : 0;
        Map<FailureKind, Long> failures = failed > 0 ? Map.of(FailureKind.OTHER, failed) : Map.of();
        JobStats job = new JobStats(elapsed, total, succeeded, failed, failures, inputTotal, outputTotal,
                throughput, jobTps, elapsed > 0 ? (inputTotal + outputTotal) / elapsed : 0, Double.NaN,
                succeeded, throughput, 0, Map.of());
        return new EndpointResult(deployment, run, job, metrics, List.of(), List.of());
    }

    private static MetricStats tokenStats(Row row, String prefix, Metric m, long count) {
        double nan = Double.NaN;
        return new MetricStats(m, count, row.nonNegativeOrNaN(prefix + "_avg_len"), row.nonNegativeOrNaN(prefix + "_stdev_len"),
                row.nonNegativeOrNaN(prefix + "_min_len"), row.nonNegativeOrNaN(prefix + "_max_len"),
                nan, nan, nan, nan, nan, nan, null);
    }

    private static MetricStats latencyStats(Row row, Metric m, long count) {
        String p = m.key() + "_";
        String dist = p + "distribution";
        String histogram = row.raw(dist);
        if (histogram != null) {
            try {
                Histograms.decode(histogram.trim());
                histogram = histogram.trim();
            } catch (RuntimeException e) {
                throw new CellException(dist, "must be empty or Base64 of a compressed HdrHistogram", histogram);
            }
        }
        double nan = Double.NaN;
        return new MetricStats(m, count, row.nonNegativeOrNaN(p + "mean"), row.nonNegativeOrNaN(p + "stdev"), nan, nan,
                row.nonNegativeOrNaN(p + "p05"), row.nonNegativeOrNaN(p + "p50"), row.nonNegativeOrNaN(p + "p80"),
                row.nonNegativeOrNaN(p + "p95"), row.nonNegativeOrNaN(p + "p99"), row.nonNegativeOrNaN(p + "p999"), histogram);
    }

    private static double actualQps(long requests, double elapsed) {
        return elapsed > 0 ? requests / elapsed : 0;
    }

    private static double perGpuTps(double tps, int gpus) {
        return gpus > 0 ? tps / gpus : 0;
    }
}
