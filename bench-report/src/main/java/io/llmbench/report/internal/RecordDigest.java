package io.llmbench.report.internal;

import io.llmbench.core.RequestRecord;
import io.llmbench.core.internal.Histograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * What the charts need from one endpoint's request records, gathered in two linear passes so that
 * a million records stay fast and the page stays light:
 * <ul>
 * <li>scatter points: a systematic sample of succeeded requests, every k-th in send order with
 *     k = ceil(succeeded / maxPoints), so at most {@code maxPoints} per chart and endpoint;</li>
 * <li>E2E medians per prompt category, length class and complexity, from histograms over all
 *     succeeded requests (exact to 0.1%);</li>
 * <li>a timeline in fixed buckets: output tokens per second (each content chunk carrying an equal
 *     share of the request's tokens at its arrival), completed requests per second, and the
 *     time-averaged number of requests in flight.</li>
 * </ul>
 * Not API; immutable once built.
 */
public final class RecordDigest {
    public final int succeeded;
    public final int stride;
    public final List<Object> e2eVsInput = new ArrayList<>();
    public final List<Object> ttftVsInput = new ArrayList<>();
    public final List<Object> outputVsInput = new ArrayList<>();
    public final Map<String, Histogram> byCategory = new TreeMap<>();
    public final Map<String, Histogram> byLength = new TreeMap<>();
    public final Map<String, Histogram> byComplexity = new TreeMap<>();
    public final double[] tokensPerSecond;
    public final double[] completionsPerSecond;
    public final double[] inFlight;
    /** E2E latencies (ms) of the succeeded requests by the bucket they completed in, for percentiles over time. */
    public final float[][] e2eByBucket;

    private RecordDigest(List<RequestRecord> records, int maxPoints, Timeline timeline) {
        int ok = 0;
        for (RequestRecord r : records) {
            if (r.ok()) {
                ok++;
            }
        }
        succeeded = ok;
        stride = Math.max(1, (int) Math.ceil(ok / (double) Math.max(1, maxPoints)));
        int n = timeline.buckets;
        tokensPerSecond = new double[n];
        completionsPerSecond = new double[n];
        inFlight = new double[n];
        double[] fullBucketDiff = new double[n + 1];
        int[] filled = new int[n];
        float[][] e2es = new float[n][];
        int seen = 0;
        for (RequestRecord r : records) {
            addInFlight(r, timeline, fullBucketDiff);
            if (!r.ok()) {
                continue;
            }
            if (seen++ % stride == 0) {
                double in = r.inputTokens() < 0 ? Double.NaN : r.inputTokens();
                point(e2eVsInput, in, r.e2eMillis());
                point(ttftVsInput, in, r.ttftMillis());
                point(outputVsInput, in, r.outputTokens() < 0 ? Double.NaN : r.outputTokens());
            }
            double e2e = r.e2eMillis();
            if (!Double.isNaN(e2e)) {
                int b = timeline.bucket(r.sentNanos() + r.e2eNanos());
                if (e2es[b] == null) {
                    e2es[b] = new float[8];
                } else if (filled[b] == e2es[b].length) {
                    e2es[b] = java.util.Arrays.copyOf(e2es[b], 2 * filled[b]);
                }
                e2es[b][filled[b]++] = (float) e2e;
                group(byCategory, r.prompt().category(), e2e);
                group(byLength, r.prompt().length(), e2e);
                group(byComplexity, r.prompt().complexity(), e2e);
            }
            addTokens(r, timeline);
            if (r.endNanos() >= 0) {
                completionsPerSecond[timeline.bucket(r.sentNanos() + r.endNanos())] += 1 / timeline.widthSeconds;
            }
        }
        e2eByBucket = new float[n][];
        for (int i = 0; i < n; i++) {
            e2eByBucket[i] = e2es[i] == null ? new float[0] : java.util.Arrays.copyOf(e2es[i], filled[i]);
            java.util.Arrays.sort(e2eByBucket[i]);
        }
        double running = 0;
        for (int i = 0; i < n; i++) {
            running += fullBucketDiff[i];
            inFlight[i] += running;
        }
    }

    /** Digests one endpoint's records on a shared timeline. */
    public static RecordDigest of(List<RequestRecord> records, int maxPoints, Timeline timeline) {
        return new RecordDigest(records, maxPoints, timeline);
    }

    private static void point(List<Object> out, double x, double y) {
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            out.add(new double[] {Num.round(x, 5), Num.round(y, 4)});
        }
    }

    private static void group(Map<String, Histogram> groups, String key, double millis) {
        if (key == null) {
            return;
        }
        groups.computeIfAbsent(key, k -> Histograms.newHistogram()).recordValue(Math.max(0, Math.round(millis * 1000)));
    }

    private void addTokens(RequestRecord r, Timeline t) {
        if (r.outputTokens() <= 0 || r.e2eNanos() < 0) {
            return;
        }
        int[] gaps = r.itlMicros();
        if (r.ttftNanos() < 0 || gaps.length == 0) {
            tokensPerSecond[t.bucket(r.sentNanos() + r.e2eNanos())] += r.outputTokens() / t.widthSeconds;
            return;
        }
        double share = r.outputTokens() / (double) (gaps.length + 1) / t.widthSeconds;
        long at = r.sentNanos() + r.ttftNanos();
        tokensPerSecond[t.bucket(at)] += share;
        for (int g : gaps) {
            at += g * 1_000L;
            tokensPerSecond[t.bucket(at)] += share;
        }
    }

    private void addInFlight(RequestRecord r, Timeline t, double[] fullBucketDiff) {
        if (r.endNanos() < 0) {
            return;
        }
        long start = r.sentNanos();
        long end = r.sentNanos() + r.endNanos();
        int first = t.bucket(start);
        int last = t.bucket(end);
        double width = t.widthNanos;
        if (first == last) {
            inFlight[first] += (end - start) / width;
            return;
        }
        inFlight[first] += (t.bucketEnd(first) - start) / width;
        inFlight[last] += (end - t.bucketStart(last)) / width;
        if (last > first + 1) {
            fullBucketDiff[first + 1] += 1;
            fullBucketDiff[last] -= 1;
        }
    }

    /** The nearest-rank percentile of sorted values, NaN when there are none. */
    public static double percentile(float[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The values of several sorted arrays, sorted. */
    public static float[] mergeSorted(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        java.util.Arrays.sort(out);
        return out;
    }

    /** Median E2E (ms) of a group's histogram. */
    public static double median(Histogram h) {
        return h.getValueAtPercentile(50) / 1000.0;
    }

    /** Group keys in a natural order: known classes first (short, medium, long / simple, moderate, complex), then alphabetical. */
    public static List<String> order(Iterable<String> keys, List<String> known) {
        List<String> out = new ArrayList<>();
        for (String k : known) {
            for (String key : keys) {
                if (key.equalsIgnoreCase(k) && !out.contains(key)) {
                    out.add(key);
                }
            }
        }
        for (String key : keys) {
            if (!out.contains(key)) {
                out.add(key);
            }
        }
        return out;
    }

    /** Collects group keys across digests. */
    public static List<String> keys(List<RecordDigest> digests, Function<RecordDigest, Map<String, Histogram>> groups, List<String> known) {
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (RecordDigest d : digests) {
            all.addAll(groups.apply(d).keySet());
        }
        return order(all, known);
    }

    /** Fixed-width time buckets from the run origin, wide enough for at most {@code maxBuckets}. */
    public static final class Timeline {
        private static final double[] STEPS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400};
        public final double widthSeconds;
        public final long widthNanos;
        public final int buckets;

        private Timeline(double widthSeconds, int buckets) {
            this.widthSeconds = widthSeconds;
            this.widthNanos = Math.round(widthSeconds * 1e9);
            this.buckets = buckets;
        }

        /** A timeline covering every record of every list. */
        public static Timeline covering(List<List<RequestRecord>> recordLists, int maxBuckets) {
            long end = 0;
            for (List<RequestRecord> records : recordLists) {
                for (RequestRecord r : records) {
                    end = Math.max(end, r.sentNanos() + Math.max(0, Math.max(r.endNanos(), r.e2eNanos())));
                }
            }
            double span = end / 1e9;
            double width = STEPS[STEPS.length - 1];
            for (double s : STEPS) {
                if (span / s <= maxBuckets) {
                    width = s;
                    break;
                }
            }
            int n = (int) Math.min(maxBuckets + 1L, (long) Math.floor(span / width) + 1);
            return new Timeline(width, Math.max(1, n));
        }

        int bucket(long nanos) {
            long i = nanos <= 0 ? 0 : nanos / widthNanos;
            return (int) Math.min(buckets - 1, i);
        }

        long bucketStart(int i) {
            return i * widthNanos;
        }

        long bucketEnd(int i) {
            return (i + 1) * widthNanos;
        }

        /** The start of bucket i in seconds. */
        public double at(int i) {
            return Num.round(i * widthSeconds, 6);
        }
    }
}
