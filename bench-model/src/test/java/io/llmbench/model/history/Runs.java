package io.llmbench.model.history;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Runs made of request records drawn from known distributions, for comparisons with known answers. */
final class Runs {
    static final int OUTPUT_TOKENS = 32;

    private Runs() {
    }

    /**
     * {@code n} requests: TTFT log-normal around 50 ms (sd of the log 0.1) times {@code ttftScale},
     * 31 gaps of about 10 ms (sd 1.5 ms) times {@code gapScale}, sent one after the other.
     */
    static EndpointResult synthetic(long seed, int n, double ttftScale, double gapScale) {
        Random rnd = new Random(seed);
        List<RequestRecord> records = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            long ttft = Math.round(50e6 * Math.exp(0.1 * rnd.nextGaussian()) * ttftScale);
            int[] gaps = new int[OUTPUT_TOKENS - 1];
            long e2e = ttft;
            for (int k = 0; k < gaps.length; k++) {
                gaps[k] = (int) Math.max(100, Math.round((10_000 + 1_500 * rnd.nextGaussian()) * gapScale));
                e2e += gaps[k] * 1_000L;
            }
            records.add(new RequestRecord("sim", i, PromptInfo.of("p" + i), 1_700_000_000_000L + t / 1_000_000, t, t, ttft, ttft, e2e, e2e,
                    OUTPUT_TOKENS, gaps, 256, TokenSource.USAGE, OUTPUT_TOKENS, TokenSource.USAGE, -1, true, null, null, 200, null));
            t += e2e;
        }
        return EndpointResult.of(Deployment.of("sim", "local", "sim-8b"), info(new Traffic(Traffic.Mode.SEQUENTIAL, 1)), records, List.of());
    }

    /** Like {@link #synthetic} with a TTFT 20% longer in the second half of the run than in the first. */
    static EndpointResult drifting(long seed, int n) {
        EndpointResult first = synthetic(seed, n / 2, 1.0, 1.0);
        EndpointResult second = synthetic(seed + 1000, n - n / 2, 1.2, 1.0);
        List<RequestRecord> all = new ArrayList<>(first.records());
        long offset = first.records().get(first.records().size() - 1).sentNanos() + 1_000_000_000L;
        for (RequestRecord r : second.records()) {
            all.add(new RequestRecord(r.endpoint(), r.sequence() + n / 2, r.prompt(), r.startEpochMillis() + offset / 1_000_000,
                    r.scheduledNanos() + offset, r.sentNanos() + offset, r.firstChunkNanos(), r.ttftNanos(), r.e2eNanos(), r.endNanos(),
                    r.contentChunks(), r.itlMicros(), r.inputTokens(), r.inputSource(), r.outputTokens(), r.outputSource(),
                    r.tokenizerOutputTokens(), r.streamed(), r.failure(), r.error(), r.httpStatus(), r.responseSample()));
        }
        return EndpointResult.of(first.deployment(), first.run(), all, List.of());
    }

    static RunInfo info(Traffic traffic) {
        return new RunInfo(traffic, "synthetic", Map.of(), null, null, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:01:00Z"));
    }

    /** The same run without its records: histograms only, as a store keeps a run saved without records. */
    static EndpointResult withoutRecords(EndpointResult r) {
        return new EndpointResult(r.deployment(), r.run(), r.job(), r.metrics(), List.of(), r.warnings());
    }

    /** The same run's figures without histograms or records: what a summary imported from another tool holds. */
    static EndpointResult summaryOnly(EndpointResult r) {
        Map<Metric, MetricStats> m = new EnumMap<>(Metric.class);
        r.metrics().forEach((k, s) -> m.put(k, new MetricStats(k, s.count(), s.mean(), s.stdev(), s.min(), s.max(), s.p05(), s.p50(),
                s.p80(), s.p95(), s.p99(), s.p999(), null)));
        return new EndpointResult(r.deployment(), r.run(), r.job(), m, List.of(), r.warnings());
    }

    /** The same run with another job output throughput. */
    static EndpointResult withThroughput(EndpointResult r, double outputTokensPerSecond) {
        JobStats j = r.job();
        JobStats k = new JobStats(j.durationSeconds(), j.requests(), j.succeeded(), j.failed(), j.failures(), j.inputTokens(),
                j.outputTokens(), j.requestThroughput(), outputTokensPerSecond, j.totalTokenThroughput(), j.peakOutputTokensPerSecond(),
                j.goodRequests(), j.goodput(), j.lateSends(), j.outputTokenSources());
        return new EndpointResult(r.deployment(), r.run(), k, r.metrics(), r.records(), r.warnings());
    }
}
