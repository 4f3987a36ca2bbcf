package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.workload.PromptInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultAggregatorTest {
    private static final long MS = 1_000_000L;
    private static final Deployment DEPLOYMENT = Deployment.of("e", "sim", "m");

    static RequestRecord ok(long seq, long sentMs, long ttftMs, int[] gapsMs, int outputTokens) {
        int[] micros = new int[gapsMs.length];
        long e2e = ttftMs;
        for (int i = 0; i < gapsMs.length; i++) {
            micros[i] = gapsMs[i] * 1000;
            e2e += gapsMs[i];
        }
        return new RequestRecord("e", seq, PromptInfo.of("p" + seq), 0, sentMs * MS, sentMs * MS, (ttftMs - 1) * MS,
                ttftMs * MS, e2e * MS, (e2e + 1) * MS, gapsMs.length + 1, micros, 10, TokenSource.USAGE,
                outputTokens, TokenSource.USAGE, -1, true, null, null, 200, null);
    }

    static RequestRecord failed(long seq, long sentMs, FailureKind kind) {
        return new RequestRecord("e", seq, PromptInfo.of("p" + seq), 0, sentMs * MS, sentMs * MS, -1, -1, -1, 5 * MS,
                0, null, -1, TokenSource.NONE, -1, TokenSource.NONE, -1, true, kind, "HTTP 429", 429, null);
    }

    static RunInfo run(Traffic traffic) {
        return new RunInfo(traffic, "test", Map.of(), null, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void appliesTheMetricDefinitions() {
        List<RequestRecord> records = List.of(
                ok(0, 0, 100, new int[] {10, 10, 10}, 4),
                ok(1, 50, 200, new int[] {20, 20}, 6),
                failed(2, 60, FailureKind.HTTP_429));
        EndpointResult r = EndpointResult.of(DEPLOYMENT, run(new Traffic(Traffic.Mode.CONCURRENCY, 3)), records,
                List.of(Slo.of(Metric.TTFT, 150)));

        assertThat(r.metric(Metric.TTFT).count()).isEqualTo(2);
        assertThat(r.metric(Metric.TTFT).min()).isCloseTo(100, within(0.1));
        assertThat(r.metric(Metric.TTFT).max()).isCloseTo(200, within(0.2));
        // TPOT = (E2E - TTFT) / (out - 1): (130-100)/3 = 10 and (240-200)/5 = 8
        assertThat(r.metric(Metric.TPOT).min()).isCloseTo(8, within(0.01));
        assertThat(r.metric(Metric.TPOT).max()).isCloseTo(10, within(0.01));
        // ITL pools every gap: 10,10,10,20,20
        assertThat(r.metric(Metric.ITL).count()).isEqualTo(5);
        assertThat(r.metric(Metric.ITL).mean()).isCloseTo(14, within(0.02));
        // user TPS = out / (E2E - TTFT): 4/0.030 and 6/0.040
        assertThat(r.metric(Metric.USER_TPS).min()).isCloseTo(133.33, within(0.2));
        assertThat(r.metric(Metric.USER_TPS).max()).isCloseTo(150, within(0.2));
        assertThat(r.metric(Metric.TOKENS_PER_CHUNK).max()).isCloseTo(2, within(0.01));
        assertThat(r.metric(Metric.E2E).max()).isCloseTo(240, within(0.3));

        JobStats job = r.job();
        assertThat(job.requests()).isEqualTo(3);
        assertThat(job.succeeded()).isEqualTo(2);
        assertThat(job.failures()).containsExactly(Map.entry(FailureKind.HTTP_429, 1L));
        assertThat(job.successRate()).isCloseTo(2 / 3.0, within(1e-9));
        // first send at 0, last end at 50 + 241 ms
        assertThat(job.durationSeconds()).isCloseTo(0.291, within(1e-9));
        assertThat(job.outputTokens()).isEqualTo(10);
        assertThat(job.requestThroughput()).isCloseTo(2 / 0.291, within(1e-6));
        assertThat(job.outputTokenThroughput()).isCloseTo(10 / 0.291, within(1e-6));
        assertThat(job.totalTokenThroughput()).isCloseTo(30 / 0.291, within(1e-6));
        assertThat(job.goodRequests()).isEqualTo(1);
        assertThat(job.peakOutputTokensPerSecond()).isCloseTo(10, within(1e-9));
        assertThat(r.warnings()).anyMatch(w -> w.contains("1 of 3 requests failed"));
        assertThat(r.warnings()).anyMatch(w -> w.contains("too few samples"));
    }

    @Test
    void peakTokensPerSecondUsesOneSecondBuckets() {
        // request A: 10 chunks of 1 token within second 0; request B: 30 chunks starting at 1.5 s
        int[] tenMs = new int[29];
        java.util.Arrays.fill(tenMs, 10);
        RequestRecord a = ok(0, 0, 100, new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10}, 10);
        RequestRecord b = ok(1, 1500, 50, tenMs, 30);
        EndpointResult r = EndpointResult.of(DEPLOYMENT, run(new Traffic(Traffic.Mode.CONCURRENCY, 2)), List.of(a, b), List.of());
        assertThat(r.job().peakOutputTokensPerSecond()).isCloseTo(30, within(1e-9));
    }

    @Test
    void reportsScheduleLagAndLateSendsInRateMode() {
        RequestRecord onTime = ok(0, 0, 10, new int[] {1}, 2);
        RequestRecord late = new RequestRecord("e", 1, PromptInfo.of("p1"), 0, 100 * MS, 180 * MS, 9 * MS, 10 * MS,
                11 * MS, 12 * MS, 2, new int[] {1000}, 10, TokenSource.USAGE, 2, TokenSource.USAGE, -1, true,
                null, null, 200, null);
        EndpointResult r = EndpointResult.of(DEPLOYMENT, run(new Traffic(Traffic.Mode.RATE, 10)), List.of(onTime, late), List.of());
        assertThat(r.job().lateSends()).isEqualTo(1);
        assertThat(r.metric(Metric.SCHEDULE_LAG).max()).isCloseTo(80, within(0.1));
        assertThat(r.metric(Metric.E2E_FROM_SCHEDULED).max()).isCloseTo(91, within(0.1));
        assertThat(r.metric(Metric.E2E).max()).isCloseTo(11, within(0.1));
        assertThat(r.warnings()).anyMatch(w -> w.contains("late"));
    }

    @Test
    void nonStreamedRequestsHaveNoTtftOrTpot() {
        RequestRecord r = new RequestRecord("e", 0, PromptInfo.of("p"), 0, 0, 0, -1, -1, 300 * MS, 300 * MS, 1,
                null, 5, TokenSource.USAGE, 50, TokenSource.USAGE, -1, false, null, null, 200, null);
        assertThat(r.tpotMillis()).isNaN();
        assertThat(r.userTps()).isNaN();
        EndpointResult result = EndpointResult.of(DEPLOYMENT, run(new Traffic(Traffic.Mode.SEQUENTIAL, 1)), List.of(r), List.of());
        assertThat(result.metric(Metric.TTFT).count()).isZero();
        assertThat(result.metric(Metric.E2E).p50()).isCloseTo(300, within(0.3));
        assertThat(result.job().peakOutputTokensPerSecond()).isEqualTo(50);
    }
}
