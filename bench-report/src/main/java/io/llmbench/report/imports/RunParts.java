package io.llmbench.report.imports;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reader collects about one run before it becomes an {@link EndpointResult}: the
 * deployment, the traffic, the job figures a summary states and the metric statistics it quotes.
 * Not thread-safe.
 */
final class RunParts {
    String name;
    String provider;
    String model;
    String engine;
    Traffic traffic;
    String workload;
    final Map<String, String> labels = new TreeMap<>();
    final List<String> warnings = new ArrayList<>();
    Instant startedAt;
    double durationSeconds = Double.NaN;

    final Map<Metric, MetricStats> metrics = new EnumMap<>(Metric.class);
    long requests = -1;
    long succeeded = -1;
    final Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
    long inputTokens = -1;
    long outputTokens = -1;
    double requestThroughput = Double.NaN;
    double outputThroughput = Double.NaN;
    double totalThroughput = Double.NaN;
    double peakOutputPerSecond = Double.NaN;
    double goodput = Double.NaN;

    /** Quoted statistics of a metric, without a histogram; left out when the file quotes none of them. */
    void stats(Metric m, long count, double mean, double stdev, double min, double max,
               double p05, double p50, double p80, double p95, double p99, double p999) {
        double[] all = {mean, stdev, min, max, p05, p50, p80, p95, p99, p999};
        boolean any = false;
        for (double d : all) {
            any |= !Double.isNaN(d);
        }
        if (any) {
            metrics.put(m, new MetricStats(m, Math.max(0, count), mean, stdev, min, max, p05, p50, p80, p95, p99, p999, null));
        }
    }

    private Deployment deployment(PeerOptions options) {
        String m = model != null ? model : options.modelIfGiven().orElse(null);
        String p = provider != null ? provider : options.provider();
        String n = name != null ? name : (p == null ? m : p + "/" + m);
        return new Deployment(n, p, m, null, null, 0, engine, null, 0, null, Map.of());
    }

    private RunInfo run(Instant start, Instant end) {
        return new RunInfo(traffic, workload, labels, null, null, start, end);
    }

    private Instant start(PeerOptions options) {
        return startedAt != null ? startedAt : options.startedAt();
    }

    private Instant end(Instant start, double seconds) {
        return Double.isNaN(seconds) || seconds < 0 ? start : start.plus(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    /** A run with the quoted statistics only (no histograms, no records). */
    EndpointResult summary(PeerOptions options) {
        long ok = Math.max(0, succeeded);
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        long sent = requests >= 0 ? requests : ok + failed;
        Instant start = start(options);
        JobStats job = new JobStats(durationSeconds, sent, ok, failed, failures, Math.max(0, inputTokens),
                Math.max(0, outputTokens), requestThroughput, outputThroughput, totalThroughput, peakOutputPerSecond,
                ok, Double.isNaN(goodput) ? requestThroughput : goodput, 0, Map.of());
        List<String> w = new ArrayList<>(warnings);
        w.add("imported summary: the file's quoted statistics only, no histograms or request records");
        return new EndpointResult(deployment(options), run(start, end(start, durationSeconds)), job, metrics, List.of(), w);
    }

    /**
     * A run summarised from request records. With {@code timed} the records carry send times and the
     * job figures come from them; without, the figures this object holds (from a summary, or unknown)
     * replace the ones the records would give.
     */
    EndpointResult fromRecords(List<RequestRecord> records, boolean timed, PeerOptions options) {
        Instant start = start(options);
        if (timed && !records.isEmpty()) {
            long first = records.stream().mapToLong(RequestRecord::startEpochMillis).min().orElse(0);
            start = startedAt != null ? startedAt : Instant.ofEpochMilli(first);
        }
        EndpointResult r = EndpointResult.of(deployment(options), run(start, start), records, List.of());
        JobStats job = r.job();
        if (!timed) {
            double d = durationSeconds;
            job = new JobStats(d, job.requests(), job.succeeded(), job.failed(), job.failures(), job.inputTokens(),
                    job.outputTokens(), per(job.succeeded(), d), per(job.outputTokens(), d),
                    per(job.inputTokens() + job.outputTokens(), d), Double.NaN, job.goodRequests(),
                    per(job.goodRequests(), d), 0, job.outputTokenSources());
        }
        List<String> w = new ArrayList<>(warnings);
        w.addAll(r.warnings());
        RunInfo run = run(start, end(start, job.durationSeconds()));
        return new EndpointResult(r.deployment(), run, job, r.metrics(), r.records(), w);
    }

    private static double per(long n, double seconds) {
        return seconds > 0 ? n / seconds : Double.NaN;
    }

    /** Milliseconds per unit of a unit name as tools write it ({@code ms}, {@code s}, {@code sec}, {@code ns}, {@code us}). */
    static double millisPer(String unit) {
        if (unit == null) {
            return Double.NaN;
        }
        return switch (unit.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "ms", "millisecond", "milliseconds" -> 1;
            case "s", "sec", "second", "seconds" -> 1000;
            case "us", "µs", "microsecond", "microseconds" -> 1e-3;
            case "ns", "nanosecond", "nanoseconds" -> 1e-6;
            default -> Double.NaN;
        };
    }

}
