package io.llmbench.examples.cli;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.server.ScrapeSource;
import io.llmbench.core.server.ScrapeTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --server-metrics} and its interval: servers' Prometheus metrics scraped during the run. */
final class ServerMetricsOptions {
    @Option(names = "--server-metrics", paramLabel = "[ENDPOINT=]URL|auto", order = 40,
            description = {"Scrape a Prometheus metrics URL during the run (repeatable): the server's /metrics, a DCGM exporter, ...; "
                    + "kept with every endpoint's run, or with ENDPOINT's only. 'auto' scrapes each endpoint's own "
                    + "<base URL without /v1>/metrics (vLLM, SGLang, TGI and the simulated endpoint serve it there)."})
    List<String> urls = new ArrayList<>();

    @Option(names = "--server-metrics-interval", paramLabel = "DURATION", order = 41,
            description = "How often to scrape --server-metrics (default 1s).")
    Duration interval;

    /** Adds the scrape targets to a builder whose endpoints are known. */
    void apply(Benchmark.Builder b, List<Endpoint> endpoints) {
        if (interval != null) {
            try {
                b.serverMetricsInterval(interval);
            } catch (IllegalArgumentException e) {
                throw CliException.badFlag("--server-metrics-interval", e.getMessage());
            }
        } else if (urls.isEmpty()) {
            return;
        }
        for (String spec : urls) {
            if (spec.equals("auto")) {
                for (Endpoint e : endpoints) {
                    b.serverMetrics(e.name(), uri(ownMetrics(e.deployment().baseUrl())));
                }
            } else if (spec.startsWith("http://") || spec.startsWith("https://")) {
                b.serverMetrics(uri(spec));
            } else {
                int eq = spec.indexOf('=');
                if (eq <= 0) {
                    throw CliException.badFlag("--server-metrics", "must be URL, ENDPOINT=URL or auto, but was '" + spec + "'");
                }
                b.serverMetrics(spec.substring(0, eq), uri(spec.substring(eq + 1)));
            }
        }
    }

    /** The {@code /metrics} URL beside an OpenAI base URL: {@code http://h:8000/v1} gives {@code http://h:8000/metrics}. */
    static String ownMetrics(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (base.endsWith("/v1")) {
            base = base.substring(0, base.length() - 3);
        }
        return base + "/metrics";
    }

    private static URI uri(String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw CliException.badFlag("--server-metrics", "must be an http or https URL, but was not a URL (" + e.getReason() + ")");
        }
        try {
            return new ScrapeTarget(u, null).url();
        } catch (IllegalArgumentException e) {
            throw CliException.badFlag("--server-metrics", "must be an absolute http or https URL, but was '" + ScrapeSource.redact(u) + "'");
        }
    }
}
