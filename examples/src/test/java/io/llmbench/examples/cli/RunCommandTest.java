package io.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.EndpointResult;
import io.llmbench.core.HarnessHealth;
import io.llmbench.core.Traffic;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.report.ImportOptions;
import io.llmbench.report.SummaryCsv;
import io.llmbench.store.ResultStore;
import io.llmbench.store.RunQuery;
import io.llmbench.store.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    static SimulatedEndpoint fast;
    static SimulatedEndpoint slow;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        fast = Cli.sim("fast-model", Cli.FAST);
        slow = Cli.sim("slow-model", Cli.SLOW);
    }

    @AfterAll
    static void stop() {
        fast.close();
        slow.close();
    }

    @Test
    void runsStoresAndWritesEveryReportFile() throws IOException {
        Path store = tmp.resolve("store");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("run", "--url", fast.baseUrl(), "--model", "fast-model", "--name", "fast",
                "--concurrency", "4", "--requests", "12", "--input-tokens", "64", "--output-tokens", "8",
                "--label", "team=cli", "--store", store.toString(), "--out", out.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("fast", "concurrency 4", "stored 1 run", "report.html");
        assertThat(r.err()).contains("running 1 endpoint: concurrency 4, synthetic in=64 out=8, 12 requests each");
        try (ResultStore s = ResultStore.h2File(store)) {
            List<StoredRun> runs = s.runs(RunQuery.all());
            assertThat(runs).hasSize(1);
            EndpointResult e = s.findWithRecords(runs.get(0).id()).orElseThrow().result();
            assertThat(e.job().requests()).isEqualTo(12);
            assertThat(e.job().succeeded()).isEqualTo(12);
            assertThat(e.records()).hasSize(12);
            assertThat(e.run().traffic()).isEqualTo(new Traffic(Traffic.Mode.CONCURRENCY, 4));
            assertThat(e.run().labels()).containsEntry("team", "cli");
            assertThat(r.out()).contains(runs.get(0).id());
            // the harness health is printed, stored and reported with the run
            HarnessHealth health = e.health().orElseThrow();
            assertThat(health.loopLagSamples()).isPositive();
            assertThat(r.out()).contains("harness", "harness health", health.verdict().name());
            if (!health.ok()) {
                assertThat(r.out()).contains("harness health [fast, concurrency 4]: " + health.verdict());
            }
            assertThat(Files.readString(out.resolve("report.html"))).contains("<h2>Harness health</h2>",
                    "verdict-" + health.verdict().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String f : List.of("report.html", "summary.csv", "runs.csv", "requests.csv", "result.json")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        List<EndpointResult> summary = SummaryCsv.read(out.resolve("summary.csv"), ImportOptions.ofDefaults()).rows();
        assertThat(summary).hasSize(1);
        assertThat(summary.get(0).deployment().model()).isEqualTo("fast-model");
        assertThat(Files.readString(out.resolve("requests.csv")).lines().count()).isEqualTo(13);
    }

    @Test
    void runsBothHttpClientsSideBySideAgainstOneServer() throws IOException {
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("run", "--url", fast.baseUrl(), "--model", "fast-model", "--name", "via-netty",
                "--client", "netty", "--url", fast.baseUrl(), "--model", "fast-model", "--name", "via-jdk", "--client", "JDK",
                "--concurrency", "2", "--requests", "6", "--input-tokens", "32", "--output-tokens", "8",
                "--out", out.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("via-netty", "via-jdk");
        List<String> rows = Files.readAllLines(out.resolve("requests.csv"));
        assertThat(rows).hasSize(13);
        assertThat(rows.get(0)).endsWith(",written_ms");
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row).doesNotEndWith(","));
    }

    @Test
    void runsSeveralEndpointsSideBySide() {
        Path store = tmp.resolve("store");
        Cli.Result r = Cli.run("run", "--url", fast.baseUrl(), "--model", "fast-model", "--url", slow.baseUrl(),
                "--model", "slow-model", "--requests", "6", "--output-tokens", "16", "--input-tokens", "32",
                "--store", store.toString(), "--no-report");

        assertThat(r.code()).as(r.toString()).isZero();
        try (ResultStore s = ResultStore.h2File(store)) {
            assertThat(s.runs(RunQuery.all())).extracting(StoredRun::model).containsExactlyInAnyOrder("fast-model", "slow-model");
            double fastE2e = s.runs(RunQuery.ofModel("fast-model")).get(0).result().metric(io.llmbench.core.Metric.E2E).mean();
            double slowE2e = s.runs(RunQuery.ofModel("slow-model")).get(0).result().metric(io.llmbench.core.Metric.E2E).mean();
            assertThat(slowE2e).isGreaterThan(fastE2e);
        }
    }

    @Test
    void readsAConfigFileAndLetsFlagsWin() throws IOException {
        Path config = tmp.resolve("bench.json");
        Files.writeString(config, """
                { "endpoints": [ { "url": "%s", "model": "fast-model", "name": "from-config", "header": { "X-Team": "cli" } } ],
                  "concurrency": 2, "requests": 50, "input-tokens": "48", "output-tokens": 4,
                  "slo": ["ttft=60000"], "label": { "source": "config" }, "no-report": true }
                """.formatted(fast.baseUrl()));
        Path store = tmp.resolve("store");
        Cli.Result r = Cli.run("run", "--config", config.toString(), "--requests", "5", "--store", store.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("all SLOs met");
        try (ResultStore s = ResultStore.h2File(store)) {
            EndpointResult e = s.runs(RunQuery.all()).get(0).result();
            assertThat(e.name()).isEqualTo("from-config");
            assertThat(e.job().requests()).isEqualTo(5);
            assertThat(e.run().traffic().level()).isEqualTo(2);
            assertThat(e.run().labels()).containsEntry("source", "config");
        }
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void exitsWithCode3WhenCheckedSlosAreMissed() {
        Cli.Result r = Cli.run("run", "--url", fast.baseUrl(), "--model", "fast-model", "--requests", "4",
                "--output-tokens", "8", "--slo", "e2e:p50=0.001", "--check-slos", "--no-store", "--no-report");

        assertThat(r.code()).as(r.toString()).isEqualTo(Llmbench.SLO_MISSED);
        assertThat(r.out()).contains("SLO missed: fast-model [sequential]: e2e p50 <= 0.001 ms missed");
    }

    @Test
    void failsWithOneLineWhenNoRequestSucceeds() throws IOException {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Cli.Result r = Cli.run("run", "--url", "http://127.0.0.1:" + closedPort + "/v1", "--model", "m", "--requests", "2",
                "--no-store", "--no-report", "--quiet");

        assertThat(r.code()).as(r.toString()).isEqualTo(Llmbench.FAILED);
        assertThat(r.errLines()).last().asString().startsWith("error: no request to m succeeded {CONNECT=2}");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(r.errLines()).hasSize(3);
    }

    @Test
    void benchmarksAStartedSimulationWithSim() {
        Cli.Result r = Cli.run("run", "--sim", "fast", "--requests", "3", "--output-tokens", "4", "--input-tokens", "16",
                "--no-store", "--no-report", "--quiet");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("started simulated endpoint fast-small at http://127.0.0.1:");
        assertThat(r.out()).contains("fast-small", "100.0%");
    }

    @Test
    void sendsTheApiKeyFromTheEnvironmentAndNeverPrintsOrStoresIt() throws IOException {
        String key = "sk-cli-test-4f9a2b7c";
        Path store = tmp.resolve("store");
        Path out = tmp.resolve("out");
        try (SimulatedEndpoint guarded = SimulatedEndpoint.builder().model("guarded").timing(Cli.FAST).apiKey(key).start()) {
            Cli.Result ok = Cli.run(Map.of("BENCH_KEY", key), "run", "--url", guarded.baseUrl(), "--model", "guarded",
                    "--api-key-env", "BENCH_KEY", "--requests", "3", "--output-tokens", "4", "--store", store.toString(),
                    "--out", out.toString(), "--verbose");
            assertThat(ok.code()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains("100.0%");
            assertThat(ok.all()).doesNotContain(key);

            Cli.Result wrong = Cli.run(Map.of("BENCH_KEY", key + "-wrong"), "run", "--url", guarded.baseUrl(), "--model", "guarded",
                    "--api-key-env", "BENCH_KEY", "--requests", "2", "--output-tokens", "4", "--no-store", "--no-report", "--verbose");
            assertThat(wrong.code()).isEqualTo(Llmbench.FAILED);
            assertThat(wrong.err()).contains("HTTP_4XX").doesNotContain(key);

            Cli.Result flag = Cli.run("run", "--url", guarded.baseUrl(), "--model", "guarded", "--api-key", key,
                    "--concurrency", "zero", "--no-store", "--no-report");
            assertThat(flag.code()).isEqualTo(Llmbench.USAGE);
            assertThat(flag.all()).doesNotContain(key);

            Cli.Result dashed = Cli.run("run", "--url", guarded.baseUrl(), "--model", "guarded", "--api-key", "-" + key,
                    "--requests", "1", "--output-tokens", "2", "--no-store", "--no-report", "--verbose");
            assertThat(dashed.code()).isEqualTo(Llmbench.FAILED);
            assertThat(dashed.all()).doesNotContain(key);
        }
        try (var files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(key);
            }
        }
    }

    @Test
    void masksCustomHeaderValuesAndSecretBodyFieldsEverywhereTheyCouldBeKept() throws Exception {
        String token = "sk-canary-hdr-0c9e41f7";
        String bodyKey = "gw-canary-body-77ab31";
        // a server that echoes what authenticated the request in its error, as some gateways do
        com.sun.net.httpserver.HttpServer echo = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", ex -> {
            String sent = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            byte[] reply = ("{\"error\":{\"message\":\"credentials " + ex.getRequestHeaders().getFirst("Authorization")
                    + " rejected for body " + sent.replace("\"", "'") + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(401, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        echo.start();
        Path store = tmp.resolve("store");
        Path out = tmp.resolve("out");
        try {
            String url = "http://127.0.0.1:" + echo.getAddress().getPort() + "/v1";
            Cli.Result r = Cli.run("run", "--url", url, "--model", "m", "--header", "Authorization=Bearer " + token,
                    "--secret-body", "gateway_key=" + bodyKey, "--requests", "2", "--output-tokens", "4",
                    "--store", store.toString(), "--out", out.toString(), "--verbose");
            assertThat(r.code()).as(r.toString()).isEqualTo(Llmbench.FAILED);
            assertThat(r.err()).contains("credentials **** rejected");
            assertThat(r.all()).doesNotContain(token).doesNotContain(bodyKey);

            Cli.Result exported = Cli.run("export", "--store", store.toString(), "--out", tmp.resolve("all.jsonl").toString());
            assertThat(exported.code()).as(exported.toString()).isZero();
            assertThat(Files.readString(tmp.resolve("all.jsonl"))).contains("credentials **** rejected for body");
            Cli.Result badFlag = Cli.run("run", "--url", url, "--model", "m", "--header", "Authorization=Bearer " + token,
                    "--concurrency", "none");
            assertThat(badFlag.code()).isEqualTo(Llmbench.USAGE);
            assertThat(badFlag.all()).doesNotContain(token);
        } finally {
            echo.stop(0);
        }
        try (var files = Files.walk(tmp)) {
            List<Path> kept = files.filter(Files::isRegularFile).toList();
            assertThat(kept).extracting(f -> f.getFileName().toString()).contains("requests.csv", "result.json", "all.jsonl");
            for (Path f : kept) {
                String bytes = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain(token).doesNotContain(bodyKey);
            }
        }
    }

    @Test
    void printsTheStackTraceOnlyWithVerbose() {
        String[] args = {"run", "--url", fast.baseUrl(), "--model", "fast-model", "--requests", "1",
                "--store", tmp.resolve("not-a-dir").resolve("x;y").toString(), "--no-report"};
        Cli.Result quiet = Cli.run(args);
        assertThat(quiet.code()).isEqualTo(Llmbench.FAILED);
        assertThat(quiet.errLines()).hasSize(1);
        assertThat(quiet.err()).startsWith("error: ").contains("must not contain ';'").doesNotContain("\tat ");

        Cli.Result verbose = Cli.run(Cli.args(args, "--verbose"));
        assertThat(verbose.code()).isEqualTo(Llmbench.FAILED);
        assertThat(verbose.err()).contains("\tat ").contains("error: ");
    }
}
