package io.llmbench.core.server;

import io.llmbench.core.EndpointResult;
import java.util.List;
import java.util.Optional;

/**
 * The figures people read from servers' metrics over one run, and the quantities to chart over
 * time, derived for the servers whose metric names are known: vLLM ({@code vllm:*}), SGLang
 * ({@code sglang:*} or {@code sglang_*}), TGI ({@code tgi_*}) and NVIDIA's DCGM exporter
 * ({@code DCGM_FI_*}); plus the comparison of the client's TTFT with the server's. Counters and
 * histograms count what happened between the first and the last scrape of the run (a counter that
 * drops was reset, and counts on from zero); gauges are averaged over the scrapes. Histogram
 * percentiles interpolate linearly within buckets, as Prometheus' {@code histogram_quantile}.
 * docs/SERVER-METRICS.md defines every figure. Immutable and thread-safe.
 *
 * <pre>{@code
 * ServerSummary s = ServerSummary.of(result.endpoint("vllm"));
 * double running = s.value("running.mean");            // requests in the batch, on average
 * double gap = s.value("ttft.client_minus_server.mean"); // ms of network and client queueing
 * }</pre>
 *
 * @param figures   the derived figures, grouped by server in a fixed order
 * @param timelines quantities over time, for charts
 */
public record ServerSummary(List<ServerFigure> figures, List<ServerTimeline> timelines) {
    public ServerSummary {
        figures = List.copyOf(figures);
        timelines = List.copyOf(timelines);
    }

    /** Derives the summary of a result's server metrics; empty when it has none. */
    public static ServerSummary of(EndpointResult result) {
        return Derivation.derive(result.serverMetrics(), result);
    }

    /** Whether nothing could be derived. */
    public boolean isEmpty() {
        return figures.isEmpty();
    }

    /** The first figure with that key. */
    public Optional<ServerFigure> figure(String key) {
        return figures.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** The value of the first figure with that key; NaN when there is none. */
    public double value(String key) {
        return figure(key).map(ServerFigure::value).orElse(Double.NaN);
    }

    /** The servers figures were derived for, in order: e.g. {@code [vllm, dcgm]}. */
    public List<String> servers() {
        return figures.stream().map(ServerFigure::server).filter(s -> !s.equals(Derivation.COMPARISON)).distinct().toList();
    }
}
