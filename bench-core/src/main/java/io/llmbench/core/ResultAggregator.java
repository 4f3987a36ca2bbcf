package io.llmbench.core;

import io.llmbench.core.internal.Histograms;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Turns request records into an {@link EndpointResult}: the metric definitions live here. */
final class ResultAggregator {
    private static final long SECOND = 1_000_000_000L;

    private ResultAggregator() {
    }

    static EndpointResult aggregate(Deployment deployment, RunInfo run, List<RequestRecord> records, List<Slo> slos) {
        Map<Metric, Histogram> hist = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            hist.put(m, Histograms.newHistogram());
        }
        Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
        Map<TokenSource, Long> sources = new EnumMap<>(TokenSource.class);
        long succeeded = 0;
        long inputTokens = 0;
        long outputTokens = 0;
        long good = 0;
        long late = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long lateNanos = (long) (JobStats.LATE_SEND_THRESHOLD_MILLIS * 1e6);

        for (RequestRecord r : records) {
            first = Math.min(first, r.sentNanos());
            last = Math.max(last, r.sentNanos() + Math.max(0, r.endNanos()));
            record(hist, Metric.SCHEDULE_LAG, r.scheduleLagMillis());
            if (r.sentNanos() - r.scheduledNanos() > lateNanos) {
                late++;
            }
            if (!r.ok()) {
                failures.merge(r.failure(), 1L, Long::sum);
                continue;
            }
            succeeded++;
            inputTokens += Math.max(0, r.inputTokens());
            outputTokens += Math.max(0, r.outputTokens());
            sources.merge(r.outputSource(), 1L, Long::sum);
            for (Metric m : Metric.values()) {
                if (m == Metric.ITL) {
                    Histogram itl = hist.get(Metric.ITL);
                    for (int gap : r.itlMicros()) {
                        itl.recordValue(Math.max(0, gap));
                    }
                } else if (m != Metric.SCHEDULE_LAG) {
                    record(hist, m, r.value(m));
                }
            }
            if (meetsAll(r, slos)) {
                good++;
            }
        }

        double duration = records.isEmpty() || last <= first ? 0 : (last - first) / 1e9;
        Map<Metric, MetricStats> metrics = new EnumMap<>(Metric.class);
        hist.forEach((m, h) -> {
            if (h.getTotalCount() > 0) {
                metrics.put(m, MetricStats.fromHistogram(m, h));
            }
        });
        long failed = records.size() - succeeded;
        JobStats job = new JobStats(duration, records.size(), succeeded, failed, failures, inputTokens, outputTokens,
                per(succeeded, duration), per(outputTokens, duration), per(inputTokens + outputTokens, duration),
                peakOutputTokensPerSecond(records, first), good, per(good, duration), late, sources);
        return new EndpointResult(deployment, run, job, metrics, records, warnings(run, job, metrics));
    }

    private static boolean meetsAll(RequestRecord r, List<Slo> slos) {
        for (Slo slo : slos) {
            if (!slo.isMetBy(r.value(slo.metric()))) {
                return false;
            }
        }
        return true;
    }

    private static void record(Map<Metric, Histogram> hist, Metric m, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            hist.get(m).recordValue(Math.max(0, Math.round(value * m.unit().scale())));
        }
    }

    private static double per(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }

    /**
     * Output tokens in the busiest 1-second bucket (buckets from the first send). Each content
     * chunk carries an equal share of the request's output tokens at its arrival time; a request
     * without chunk timings (non-streamed) lands whole at its end.
     */
    static double peakOutputTokensPerSecond(List<RequestRecord> records, long origin) {
        if (records.isEmpty()) {
            return 0;
        }
        long end = origin;
        for (RequestRecord r : records) {
            end = Math.max(end, r.sentNanos() + Math.max(0, r.endNanos()));
        }
        int buckets = (int) Math.min(Integer.MAX_VALUE - 1, (end - origin) / SECOND + 1);
        double[] tokens = new double[buckets];
        for (RequestRecord r : records) {
            if (!r.ok() || r.outputTokens() <= 0 || r.e2eNanos() < 0) {
                continue;
            }
            long base = r.sentNanos() - origin;
            int[] gaps = r.itlMicros();
            if (r.ttftNanos() < 0 || r.contentChunks() <= 1 || gaps.length == 0) {
                add(tokens, base + r.e2eNanos(), r.outputTokens());
                continue;
            }
            double share = (double) r.outputTokens() / (gaps.length + 1);
            long t = base + r.ttftNanos();
            add(tokens, t, share);
            for (int g : gaps) {
                t += g * 1_000L;
                add(tokens, t, share);
            }
        }
        double peak = 0;
        for (double v : tokens) {
            peak = Math.max(peak, v);
        }
        return peak;
    }

    private static void add(double[] buckets, long offsetNanos, double amount) {
        int i = (int) Math.max(0, Math.min(buckets.length - 1, offsetNanos / SECOND));
        buckets[i] += amount;
    }

    private static List<String> warnings(RunInfo run, JobStats job, Map<Metric, MetricStats> metrics) {
        List<String> out = new ArrayList<>();
        if (job.failed() > 0) {
            out.add(String.format(Locale.ROOT, "%d of %d requests failed (%s)", job.failed(), job.requests(), job.failures()));
        }
        MetricStats e2e = metrics.get(Metric.E2E);
        if (e2e != null) {
            for (double p : new double[] {99.9, 99, 95}) {
                if (e2e.tooFewSamplesFor(p)) {
                    out.add(String.format(Locale.ROOT, "p%s rests on too few samples (%d requests; fewer than %d above it)",
                            p == 99.9 ? "99.9" : Long.toString((long) p), e2e.count(), MetricStats.MIN_SAMPLES_ABOVE_PERCENTILE));
                    break;
                }
            }
        }
        if (run.traffic().mode() == Traffic.Mode.RATE && job.requests() > 0) {
            double lateShare = (double) job.lateSends() / job.requests();
            if (lateShare > 0.01) {
                MetricStats lag = metrics.get(Metric.SCHEDULE_LAG);
                out.add(String.format(Locale.ROOT,
                        "%.1f%% of sends were more than %.0f ms late (schedule lag p99 %.1f ms): the harness or a concurrency cap held requests back; see *_from_scheduled metrics",
                        lateShare * 100, JobStats.LATE_SEND_THRESHOLD_MILLIS, lag == null ? Double.NaN : lag.p99()));
            }
        }
        return out;
    }
}
