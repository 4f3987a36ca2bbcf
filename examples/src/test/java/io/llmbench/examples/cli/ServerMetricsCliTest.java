package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.server.ServerSummary;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmbench run --server-metrics}, {@code show} of such a run, and {@code --prometheus-port}, over real HTTP. */
class ServerMetricsCliTest {
    static SimulatedEndpoint sim;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sim = SimulatedEndpoint.builder().model("m").seed(7)
                .timing(TimingModel.builder().prefill(20, 0.01).decode(3, 0.01).maxRunning(4).jitter(0.02).build()).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void runStoresTheSeriesAndShowPrintsTheDerivedFigures() {
        Path store = tmp.resolve("store");
        Cli.Result r = Cli.run("run", "--url", sim.baseUrl(), "--model", "m", "--name", "sim", "--concurrency", "8",
                "--requests", "40", "--input-tokens", "64", "--output-tokens", "16", "--server-metrics", "auto",
                "--server-metrics-interval", "100ms", "--store", store.toString(), "--no-report");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("server metrics of sim: 1 source every 0.1 s", "0 failed", "vllm: running ",
                "TTFT p50 ", "client TTFT - server TTFT: ");

        String id;
        try (ResultStore s = ResultStore.h2File(store)) {
            id = s.runs(RunQuery.all()).get(0).id();
            EndpointResult e = s.find(id).orElseThrow().result();
            assertThat(e.serverMetrics().sources()).singleElement().satisfies(src -> assertThat(src.url()).isEqualTo(sim.metricsUrl()));
            assertThat(e.serverMetrics().series("vllm:num_requests_running")).hasSize(1);
            assertThat(ServerSummary.of(e).value("ttft.count")).isEqualTo(40);
        }
        Cli.Result show = Cli.run("show", id, "--store", store.toString());
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("server metrics of sim", sim.metricsUrl() + ": ", "running.mean", "ttft.p50",
                "kv_cache.max", "ttft.client_minus_server.mean", "generation_tokens");
        assertThat(show.out()).containsPattern("vllm +ttft\\.count +40 +requests");
    }

    @Test
    void aServerMetricsUrlThatIsDownIsReportedAndTheRunSucceeds() throws IOException {
        int port = freePort();
        Cli.Result r = Cli.run("run", "--url", sim.baseUrl(), "--model", "m", "--requests", "4", "--output-tokens", "4",
                "--server-metrics", "http://127.0.0.1:" + port + "/metrics", "--no-store", "--no-report");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("server metrics: ", " scrapes of http://127.0.0.1:" + port + "/metrics failed (first: could not connect");
        assertThat(r.out()).contains("failed, 0 series kept");
    }

    @Test
    void rejectsAServerMetricsValueThatIsNoUrlAndAnUnknownEndpoint() {
        Cli.Result r = Cli.run("run", "--url", sim.baseUrl(), "--model", "m", "--server-metrics", "localhost:8000", "--dry-run");
        assertThat(r.code()).isEqualTo(Llmbench.USAGE);
        assertThat(r.err()).contains("invalid value for --server-metrics: must be URL, ENDPOINT=URL or auto, but was 'localhost:8000'");
        Cli.Result e = Cli.run("run", "--url", sim.baseUrl(), "--model", "m", "--name", "a",
                "--server-metrics", "b=http://127.0.0.1:1/metrics", "--dry-run");
        assertThat(e.code()).isEqualTo(Llmbench.USAGE);
        assertThat(e.err()).contains("serverMetrics endpoint must be one of [a], but was 'b'");
        Cli.Result ok = Cli.run("run", "--url", sim.baseUrl(), "--model", "m", "--name", "a", "--server-metrics", "auto", "--dry-run");
        assertThat(ok.out()).contains("server metrics: " + sim.metricsUrl() + " (kept with a) every 1.0 s");
    }

    @Test
    void prometheusPortServesClientCountersThatAdvanceDuringTheRun() throws Exception {
        int port = freePort();
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("run", "--url", sim.baseUrl(), "--model", "m",
                "--name", "live", "--concurrency", "2", "--duration", "4s", "--output-tokens", "8", "--prometheus-port",
                Integer.toString(port), "--no-store", "--no-report", "--quiet"));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(2)).build();
        List<Double> seen = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.size() < 3 && !run.isDone() && System.nanoTime() < deadline) {
            try {
                HttpResponse<String> resp = http.send(get, HttpResponse.BodyHandlers.ofString());
                Double ok = value(resp.body(), "llmbench_requests_total\\{endpoint=\"live\",outcome=\"ok\"\\} (\\S+)");
                if (resp.statusCode() == 200 && ok != null && ok > 0 && (seen.isEmpty() || ok > seen.get(seen.size() - 1))) {
                    seen.add(ok);
                    bodies.add(resp.body());
                    assertThat(resp.body()).contains("llmbench_ttft_seconds_bucket{endpoint=\"live\"",
                            "llmbench_tokens_total{endpoint=\"live\",kind=\"output\"}");
                }
            } catch (IOException notYet) {
                // the command has not bound the port yet
            }
            Thread.sleep(300);
        }
        Cli.Result r = run.get();
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("serving live client metrics at http://127.0.0.1:" + port + "/metrics");
        assertThat(seen).as("ok-request counts seen while it ran").hasSizeGreaterThanOrEqualTo(3).isSorted();
        assertThat(bodies).anyMatch(b -> b.contains("llmbench_in_flight{endpoint=\"live\"}"));
    }

    private static Double value(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
