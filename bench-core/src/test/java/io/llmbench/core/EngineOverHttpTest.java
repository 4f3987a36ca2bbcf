package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine with the real OpenAI client against the simulated endpoint, over loopback HTTP. */
class EngineOverHttpTest {
    private static SimulatedEndpoint sim;

    @BeforeAll
    static void start() {
        // 50 ms to the first token whatever the prompt, then one token every 10 ms
        TimingModel timing = TimingModel.builder().prefill(50, 0).decode(10, 0).maxRunning(64).jitter(0).build();
        sim = SimulatedEndpoint.builder().timing(timing).stallFor(Duration.ofSeconds(5)).faultAfterTokens(3).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Endpoint endpoint(String name, String fault) {
        Endpoint.Builder b = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name(name);
        if (fault != null) {
            b.header(SimulatedEndpoint.FAULT_HEADER, fault);
        }
        return b.build();
    }

    @Test
    void measuresAKnownFirstTokenDelayAndTokenGap() {
        EndpointResult r = Benchmark.builder().endpoints(endpoint("sim", null))
                .workload(Workload.synthetic(64, 20)).load(Load.concurrency(4)).requests(40).warmup(4)
                .run().endpoint("sim");
        assertThat(r.job().succeeded()).isEqualTo(40);
        // never below the server's delay; the upper bound leaves room for a loaded 2-core machine
        // (the harness's own overhead is measured in the load benchmark, docs/PERFORMANCE.md)
        assertThat(r.metric(Metric.TTFT).p50()).isBetween(49.0, 70.0);
        assertThat(r.metric(Metric.ITL).p50()).isBetween(9.0, 11.5);
        assertThat(r.metric(Metric.TPOT).p50()).isBetween(9.5, 11.5);
        assertThat(r.metric(Metric.E2E).p50()).isBetween(49.0 + 19 * 9.5, 70.0 + 19 * 11.5);
        assertThat(r.metric(Metric.OUTPUT_TOKENS).p50()).isEqualTo(20);
        assertThat(r.metric(Metric.ITL).count()).isEqualTo(40 * 19);
        assertThat(r.records()).allMatch(rec -> rec.outputSource() == TokenSource.USAGE && rec.inputSource() == TokenSource.USAGE);
    }

    @Test
    void classifiesEveryFaultAndKeepsGoodRequestsCorrect() {
        BenchmarkResult result = Benchmark.builder()
                .endpoints(endpoint("good", null), endpoint("e429", "429"), endpoint("e500", "500"),
                        endpoint("cut", "disconnect"), endpoint("garbage", "malformed"),
                        endpoint("error", "error"), endpoint("stall", "stall"))
                .workload(Workload.synthetic(32, 10)).load(Load.concurrency(2)).requests(4)
                // the stall lasts 5 s; 2 s leaves a cold JVM on a loaded machine time for its first tokens
                .idleTimeout(Duration.ofSeconds(2))
                .run();
        Map<String, FailureKind> expected = Map.of("e429", FailureKind.HTTP_429, "e500", FailureKind.HTTP_5XX,
                "cut", FailureKind.DISCONNECT, "garbage", FailureKind.MALFORMED, "error", FailureKind.STREAM_ERROR,
                "stall", FailureKind.IDLE_TIMEOUT);
        expected.forEach((name, kind) -> {
            EndpointResult r = result.endpoint(name);
            assertThat(r.job().failures()).as(name).containsExactly(Map.entry(kind, 4L));
            assertThat(r.records()).as(name).allMatch(rec -> rec.error() != null && !rec.error().isBlank());
        });
        assertThat(result.endpoint("e429").records()).allMatch(rec -> rec.httpStatus() == 429);
        EndpointResult good = result.endpoint("good");
        assertThat(good.job().succeeded()).isEqualTo(4);
        // it shares the server with six failing endpoints, whose prefills queue with its own
        assertThat(good.metric(Metric.TTFT).min()).isGreaterThanOrEqualTo(49.0);
        assertThat(good.metric(Metric.OUTPUT_TOKENS).max()).isEqualTo(10);
    }

    @Test
    void nonStreamingRecordsOnlyE2eAndTokens() {
        Endpoint e = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("plain").stream(false).build();
        EndpointResult r = Benchmark.builder().endpoints(e).workload(Workload.synthetic(32, 10)).requests(3)
                .run().endpoint("plain");
        assertThat(r.job().succeeded()).isEqualTo(3);
        assertThat(r.metric(Metric.TTFT).count()).isZero();
        assertThat(r.metric(Metric.E2E).p50()).isBetween(49.0 + 9 * 9.5, 60.0 + 9 * 12);
        assertThat(r.metric(Metric.OUTPUT_TOKENS).p50()).isEqualTo(10);
    }

    @Test
    void connectFailureIsRecordedNotThrown() {
        Endpoint dead = Endpoint.openAi("http://127.0.0.1:9/v1").model("m").name("dead").build();
        EndpointResult r = Benchmark.builder().endpoints(dead).workload(Workload.ofTexts("x")).requests(3)
                .run().endpoint("dead");
        assertThat(r.job().failures()).containsExactly(Map.entry(FailureKind.CONNECT, 3L));
    }

    @Test
    void rateModeKeepsTheScheduleAgainstARealServer() {
        EndpointResult r = Benchmark.builder().endpoints(endpoint("rate", null))
                .workload(Workload.synthetic(16, 5)).load(Load.constantRate(50)).requests(50)
                .run().endpoint("rate");
        assertThat(r.job().succeeded()).isEqualTo(50);
        // 50 sends 20 ms apart: the schedule spans 0.98 s
        long span = r.records().get(49).scheduledNanos() - r.records().get(0).scheduledNanos();
        assertThat(span / 1e6).isBetween(979.0, 981.0);
        // sends follow the schedule (lag figures belong in docs/PERFORMANCE.md; this catches a
        // scheduler that drifts or bunches sends)
        assertThat(r.metric(Metric.SCHEDULE_LAG).p50()).isLessThan(15.0);
        assertThat(r.job().durationSeconds()).isBetween(0.98, 1.5);
    }
}
