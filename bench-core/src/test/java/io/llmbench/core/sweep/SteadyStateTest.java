package io.llmbench.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyStateTest {
    private static final long MS = 1_000_000L;

    /** A successful request sent at {@code sentMs}, first token after {@code ttftMs}, done after {@code e2eMs}. */
    static RequestRecord record(long seq, long sentMs, long ttftMs, long e2eMs, int outputTokens) {
        return new RequestRecord("e", seq, PromptInfo.of("p"), 0, sentMs * MS, sentMs * MS, ttftMs * MS, ttftMs * MS,
                e2eMs * MS, e2eMs * MS, outputTokens, null, 10, TokenSource.USAGE, outputTokens, TokenSource.USAGE,
                -1, true, null, null, 200, null);
    }

    @Test
    void excludesRampUpAndDrainOfAnOpenLoopRun() {
        // 10 requests/s for 10 s; each takes 1 s, its 100 tokens arriving from 0.1 s to 1 s after the send
        List<RequestRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(record(i, i * 100L, 100, 1000, 100));
        }
        SteadyState s = SteadyState.of(records);
        // whole run: 100 requests over 10.9 s (first send at 0, last end at 10.9 s)
        assertThat(s.wholeRequestThroughput()).isCloseTo(100 / 10.9, within(1e-9));
        assertThat(s.wholeOutputTokenThroughput()).isCloseTo(10_000 / 10.9, within(1e-9));
        // steady window: first completion (1.0 s) to last send (9.9 s)
        assertThat(s.windowStartSeconds()).isEqualTo(1.0);
        assertThat(s.windowEndSeconds()).isEqualTo(9.9);
        assertThat(s.isValid()).isTrue();
        assertThat(s.requestThroughput()).isCloseTo(10.0, within(1e-9));
        assertThat(s.outputTokenThroughput()).isCloseTo(1000.0, within(1e-6));
        assertThat(s.meanInFlight()).isCloseTo(10.0, within(1e-6));
    }

    @Test
    void failedRequestsCountInFlightButNotAsCompletions() {
        List<RequestRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RequestRecord r = record(i, i * 100L, 100, 1000, 100);
            if (i % 2 == 1) {
                r = new RequestRecord("e", i, PromptInfo.of("p"), 0, r.scheduledNanos(), r.sentNanos(), -1, -1, -1,
                        1000 * MS, 0, null, -1, TokenSource.NONE, -1, TokenSource.NONE, -1, true, FailureKind.OTHER,
                        "boom", 500, null);
            }
            records.add(r);
        }
        SteadyState s = SteadyState.of(records);
        assertThat(s.requestThroughput()).isCloseTo(5.0, within(0.2));
        assertThat(s.meanInFlight()).isCloseTo(10.0, within(1e-6));
    }

    @Test
    void tooShortRunsHaveNoSteadyState() {
        List<RequestRecord> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(record(i, 0, 100, 1000, 10));
        }
        SteadyState s = SteadyState.of(burst);
        assertThat(s.isValid()).isFalse();
        assertThat(s.requestThroughput()).isNaN();
        assertThat(s.wholeRequestThroughput()).isCloseTo(20.0, within(1e-9));
        assertThat(SteadyState.of(List.of()).isValid()).isFalse();
    }

    @Test
    void agreesWithJobStatsOnWholeRunFigures() {
        List<RequestRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(record(i, i * 20L, 30, 200, 40));
        }
        EndpointResult r = EndpointResult.of(Deployment.of("e", null, "m"),
                new RunInfo(new Traffic(Traffic.Mode.RATE, 50), "w", null, null, null,
                        java.time.Instant.EPOCH, java.time.Instant.EPOCH), records, List.of());
        SteadyState s = SteadyState.of(r);
        assertThat(s.wholeRequestThroughput()).isEqualTo(r.job().requestThroughput());
        assertThat(SteadyState.of(records).wholeRequestThroughput()).isCloseTo(r.job().requestThroughput(), within(1e-9));
        assertThat(s.requestThroughput()).isCloseTo(50.0, within(0.5));
        assertThat(s.requestThroughput()).isGreaterThan(s.wholeRequestThroughput());
    }
}
