package io.llmbench.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scraping the simulated endpoint's vLLM metrics during real runs over loopback HTTP. */
class ServerMetricsOverSimTest {
    private static SimulatedEndpoint sim;

    @BeforeAll
    static void start() {
        // 30 ms to the first token, 5 ms per decode step; at most 4 running so the rest wait
        TimingModel timing = TimingModel.builder().prefill(30, 0).decode(5, 0).maxRunning(4).jitter(0.02).build();
        sim = SimulatedEndpoint.builder().model("sim-metrics").timing(timing).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Benchmark.Builder bench(String name) {
        return Benchmark.builder().endpoints(Endpoint.openAi(sim.baseUrl()).model(sim.model()).name(name).build())
                .workload(Workload.synthetic(64, 24)).load(Load.concurrency(8)).requests(48).warmup(4);
    }

    @Test
    void keepsTheSimsSeriesAndDerivesItsFiguresOverTheMeasuredPart() {
        EndpointResult r = bench("sim").serverMetrics(URI.create(sim.metricsUrl()))
                .serverMetricsInterval(Duration.ofMillis(50)).run().endpoint("sim");

        ServerMetrics m = r.serverMetrics();
        assertThat(m.sources()).hasSize(1);
        ScrapeSource src = m.sources().get(0);
        assertThat(src.url()).isEqualTo(sim.metricsUrl());
        assertThat(src.failures()).isZero();
        assertThat(src.points()).as("a scrape before, during and after the run").isGreaterThanOrEqualTo(3);
        assertThat(src.offsetsMillis()[0]).as("the first scrape precedes the time origin").isLessThanOrEqualTo(0);
        long runEnd = r.records().stream().mapToLong(x -> (x.sentNanos() + x.endNanos()) / 1_000_000).max().orElseThrow();
        assertThat(src.offsetsMillis()[src.points() - 1]).as("the last scrape follows the last request").isGreaterThanOrEqualTo(runEnd);
        assertThat(m.series("vllm:num_requests_running")).hasSize(1);
        assertThat(m.series("vllm:num_requests_running").get(0).labels()).containsEntry("model_name", "sim-metrics");
        assertThat(m.series("vllm:time_to_first_token_seconds_bucket")).hasSizeGreaterThan(10);
        assertThat(m.series()).allMatch(s -> s.values().length == src.points());

        ServerSummary s = ServerSummary.of(r);
        assertThat(s.servers()).containsExactly("vllm");
        // what the server counted between the first and last scrape is exactly the measured requests
        assertThat(s.value("ttft.count")).isEqualTo(48);
        assertThat(s.value("requests")).isEqualTo(48);
        assertThat(s.value("generation_tokens")).isEqualTo(r.job().outputTokens());
        assertThat(s.value("prompt_tokens")).isEqualTo(r.job().inputTokens());
        assertThat(s.value("preemptions")).isZero();
        // 8 in flight, 4 running slots: the rest wait
        assertThat(s.value("running.max")).isEqualTo(4);
        assertThat(s.value("running.mean")).isBetween(1.0, 4.0);
        assertThat(s.value("waiting.max")).isBetween(1.0, 4.0);
        assertThat(s.value("kv_cache.max")).isGreaterThan(0);
        assertThat(s.value("queue.mean")).isGreaterThan(0);
        assertThat(s.timelines()).extracting(ServerTimeline::key).contains("running", "waiting", "kv_cache", "generation_tokens_per_second");
    }

    @Test
    void serverTtftAgreesWithTheClientsWithinTheNetworkShare() {
        EndpointResult r = bench("sim").serverMetrics(URI.create(sim.metricsUrl())).run().endpoint("sim");
        ServerSummary s = ServerSummary.of(r);
        double client = r.metric(Metric.TTFT).mean();
        double server = s.value("ttft.mean");
        double gap = s.value("ttft.client_minus_server.mean");
        assertThat(gap).isEqualTo(client - server);
        // the server's TTFT starts when it has parsed the request, the client's when it sent it:
        // the client's is longer by the loopback network, HTTP parsing and the client's own work,
        // a small share here (docs/PERFORMANCE.md measures the harness's added TTFT)
        assertThat(gap).as("client %.2f ms, server %.2f ms", client, server).isBetween(-0.5, Math.max(5.0, 0.2 * client));
        // the server's queueing is in both: TTFT here is prefill (30 ms) plus waiting for a slot
        assertThat(server).isGreaterThanOrEqualTo(29.0);
        assertThat(s.value("ttft.server_count_minus_client")).isZero();
    }

    @Test
    void aMetricsUrlThatRefusesConnectionsIsCountedAndTheRunCompletes() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        BenchmarkResult result = bench("sim").requests(8)
                .serverMetrics(URI.create("http://127.0.0.1:" + closedPort + "/metrics"))
                .serverMetricsInterval(Duration.ofMillis(50)).run();
        EndpointResult r = result.endpoint("sim");
        assertThat(r.job().succeeded()).isEqualTo(8);
        ScrapeSource src = r.serverMetrics().sources().get(0);
        assertThat(src.scrapes()).isGreaterThanOrEqualTo(2);
        assertThat(src.failures()).isEqualTo(src.scrapes());
        assertThat(src.points()).isZero();
        assertThat(src.errors()).singleElement().asString().startsWith("could not connect to http://127.0.0.1:" + closedPort + "/metrics");
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("server metrics: " + src.failures() + " of " + src.scrapes()
                + " scrapes of http://127.0.0.1:" + closedPort + "/metrics failed"));
        assertThat(ServerSummary.of(r).isEmpty()).isTrue();
    }

    @Test
    void aTextThatBreaksTheFormatAndAnHttpErrorAreCountedWithTheirReason() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
            server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
                @Override
                public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                    return switch (served.getAndIncrement()) {
                        case 0 -> new MockResponse().setBody("# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running 1\n");
                        case 1 -> new MockResponse().setBody("vllm:num_requests_running{model=\"x} 2\n");
                        case 2 -> new MockResponse().setResponseCode(503).setBody("down");
                        default -> new MockResponse().setBody("vllm:num_requests_running 3\n");
                    };
                }
            });
            server.start(java.net.InetAddress.getLoopbackAddress(), 0);
            EndpointResult r = bench("sim").requests(16).serverMetrics(server.url("/metrics").uri())
                    .serverMetricsInterval(Duration.ofMillis(20)).run().endpoint("sim");
            ScrapeSource src = r.serverMetrics().sources().get(0);
            // the two broken answers fail; on a starved machine a scrape may also time out
            assertThat(src.failures()).isGreaterThanOrEqualTo(2);
            assertThat(src.errors()).contains(
                    src.url() + " line 1 must have a closing '\"' for the value of label model, but had the end of the line",
                    "HTTP 503 from " + src.url());
            double[] values = r.serverMetrics().series("vllm:num_requests_running").get(0).values();
            assertThat(values.length).isEqualTo(src.points());
            assertThat(values[0]).isEqualTo(1.0);
            assertThat(Arrays.stream(values).skip(1)).containsOnly(3.0);
        }
    }

    @Test
    void keepsEachTargetWithItsEndpointAndRejectsAnUnknownOne() {
        Endpoint a = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("a").build();
        Endpoint b = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("b").build();
        BenchmarkResult result = Benchmark.builder().endpoints(a, b).workload(Workload.synthetic(16, 4)).requests(4)
                .serverMetrics("a", URI.create(sim.metricsUrl())).run();
        assertThat(result.endpoint("a").serverMetrics().sources()).hasSize(1);
        assertThat(result.endpoint("b").serverMetrics().isEmpty()).isTrue();

        assertThatThrownBy(() -> Benchmark.builder().endpoints(a).workload(Workload.synthetic(16, 4))
                .serverMetrics("c", URI.create(sim.metricsUrl())).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("serverMetrics endpoint must be one of [a], but was 'c'");
        assertThatThrownBy(() -> Benchmark.builder().serverMetrics(URI.create("file:///etc/passwd")))
                .hasMessage("server metrics url must be an absolute http or https URL with a host, but was 'file:///etc/passwd'");
        assertThatThrownBy(() -> Benchmark.builder().serverMetricsInterval(Duration.ofMillis(5)))
                .hasMessage("serverMetricsInterval must be >= 10 ms, but was PT0.005S");
    }

    @Test
    void aRunWithoutServerMetricsHasNone() {
        EndpointResult r = bench("sim").requests(4).run().endpoint("sim");
        assertThat(r.serverMetrics()).isSameAs(ServerMetrics.none());
        assertThat(ServerSummary.of(r).figures()).isEmpty();
    }
}
