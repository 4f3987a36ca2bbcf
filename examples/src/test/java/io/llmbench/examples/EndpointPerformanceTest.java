package io.llmbench.examples;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JUnit 5 performance test example: benchmark an endpoint and assert its service-level
 * objectives. Point {@code LLMBENCH_URL} (and {@code LLMBENCH_MODEL}, {@code LLMBENCH_API_KEY}) at a
 * real server to test it; without them the test runs against a simulated endpoint.
 *
 * <p>When an objective is missed the test fails with a message such as
 * <pre>
 * endpoint 'chat' missed 1 of 3 SLOs over 48 requests (48 succeeded):
 *   MISSED ttft p95 = 812.3 ms, must be &lt;= 500 ms
 *   met    tpot p95 = 21.4 ms, must be &lt;= 50 ms
 *   met    e2e p99 = 2610.0 ms, must be &lt;= 8000 ms
 * </pre>
 * ({@link SloAssertionsTest} checks that text).
 */
class EndpointPerformanceTest {
    static SimulatedEndpoint sim;

    @BeforeAll
    static void startSimulatedEndpointUnlessAServerIsGiven() {
        if (System.getenv("LLMBENCH_URL") == null) {
            sim = SimulatedEndpoint.builder().model("sim-8b")
                    .timing(TimingModel.builder().prefill(5, 0.01).decode(2, 0.05).maxRunning(32).build()).start();
        }
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static Endpoint endpoint() {
        String url = System.getenv("LLMBENCH_URL");
        return url == null
                ? Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("chat").build()
                : Endpoint.openAi(url).model(System.getenv("LLMBENCH_MODEL")).apiKey(System.getenv("LLMBENCH_API_KEY")).name("chat").build();
    }

    @Test
    void chatEndpointMeetsItsLatencyObjectivesAtConcurrency8() {
        EndpointResult result = Benchmark.builder()
                .endpoints(endpoint())
                .workload(Workload.synthetic(512, 64))
                .load(Load.concurrency(8))
                .requests(48)
                .warmup(4)
                .run()
                .endpoint("chat");

        SloAssertions.assertMeets(result,
                Slo.of(Metric.TTFT, 500),            // p95 time to first token <= 500 ms
                Slo.of(Metric.TPOT, 50),             // p95 time per output token <= 50 ms
                Slo.at(Metric.E2E, 99, 8000));       // p99 end-to-end <= 8 s
    }
}
