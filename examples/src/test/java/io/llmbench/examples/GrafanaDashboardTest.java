package io.llmbench.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.Benchmark;
import io.llmbench.core.Deployment;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.JobStats;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import io.llmbench.core.internal.prometheus.TextFormatParser;
import io.llmbench.core.server.FamilyType;
import io.llmbench.core.server.ScrapeSource;
import io.llmbench.core.server.ServerMetrics;
import io.llmbench.core.server.ServerSeries;
import io.llmbench.core.server.ServerSummary;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.workload.Workload;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * examples/grafana/llmbench.json: every panel's queries name metrics that llmbench exports
 * (found in a real Prometheus scrape of a run's registry), that the simulated endpoint serves
 * under vLLM's names, or DCGM exporter metrics that llmbench derives figures from.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("grafana", "llmbench.json");
    /** Metric names in PromQL: ours, vLLM's, DCGM's (functions, labels and keywords never start so). */
    private static final Pattern METRIC = Pattern.compile("\\b(llmbench_[a-z0-9_]+|vllm:[a-z0-9_:]+|DCGM_FI_[A-Z0-9_]+)");

    @Test
    void everyPanelQueriesMetricsWeExportOrScrape() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> exported;
        Set<String> simServes;
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().start()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Benchmark.builder().endpoints(Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("e").build())
                    .workload(Workload.synthetic(16, 4)).requests(3).meterRegistry(registry).run();
            exported = names(registry.scrape());
            simServes = names(get(sim.metricsUrl()));
        }
        assertThat(exported).contains("llmbench_ttft_seconds_bucket", "llmbench_requests_total", "llmbench_in_flight");

        List<String> checked = new ArrayList<>();
        int panels = 0;
        for (JsonNode panel : dash.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            panels++;
            String title = panel.get("title").asText();
            assertThat(panel.get("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asText();
                Matcher m = METRIC.matcher(expr);
                int found = 0;
                while (m.find()) {
                    found++;
                    String name = m.group(1);
                    checked.add(name);
                    if (name.startsWith("llmbench_")) {
                        assertThat(exported).as("%s: %s", title, expr).contains(name);
                    } else if (name.startsWith("vllm:")) {
                        assertThat(simServes).as("%s: %s (served by the simulated endpoint under vLLM's name)", title, expr).contains(name);
                    } else {
                        assertThat(derivesFrom(name)).as("%s: %s is a DCGM name llmbench reads", title, expr).isTrue();
                    }
                }
                assertThat(found).as("%s: %s names a metric", title, expr).isPositive();
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(8);
        assertThat(checked).anyMatch(n -> n.startsWith("llmbench_")).anyMatch(n -> n.startsWith("vllm:"))
                .anyMatch(n -> n.startsWith("DCGM_FI_"));
        assertThat(dash.at("/templating/list/1/query").asText()).isEqualTo("label_values(llmbench_requests_total, endpoint)");
    }

    /** Metric names of a text in the Prometheus format. */
    private static Set<String> names(String text) {
        Set<String> out = new HashSet<>();
        TextFormatParser.parse(text, (family, type, name, labels, value, ts, series) -> out.add(name));
        return out;
    }

    /** Whether a server-metrics summary derives a DCGM figure from a series of this name. */
    private static boolean derivesFrom(String name) {
        String url = "http://gpu:9400/metrics";
        ServerMetrics m = new ServerMetrics(Duration.ofSeconds(1), List.of(new ScrapeSource(url, new long[] {0, 1000}, 2, 0, List.of(), 0)),
                List.of(new ServerSeries(url, name, FamilyType.GAUGE, Map.of("gpu", "0"), new double[] {100, 200})));
        Instant t = Instant.EPOCH;
        EndpointResult r = new EndpointResult(Deployment.of("x", null, "m"), new RunInfo(new Traffic(Traffic.Mode.CONCURRENCY, 1),
                "w", Map.of(), null, null, t, t), new JobStats(1, 1, 1, 0, Map.of(), 1, 1, 1, 1, 1, 1, 1, 1, 0, Map.of()),
                Map.of(), List.of(), List.of(), m);
        return ServerSummary.of(r).figures().stream().anyMatch(f -> f.server().equals("dcgm") && !f.key().equals("gpus"));
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
