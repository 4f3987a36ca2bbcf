package io.llmbench.core.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What servers' own Prometheus metrics said during a run: the scraped sources and their time
 * series. Kept with an endpoint's result and in the store; {@link #none()} for runs that scraped
 * nothing. {@link ServerSummary#of} derives the figures people read from it. Immutable and
 * thread-safe.
 *
 * <p>Only series whose names start with one of {@link #KEPT_PREFIXES} are kept (vLLM, SGLang,
 * TGI and NVIDIA DCGM exporter metrics); each source counts the others it saw.
 *
 * @param interval how often the sources were scraped ({@link Duration#ZERO} for {@link #none()})
 * @param sources  the scraped URLs, in the order they were given
 * @param series   every kept series of every source
 */
public record ServerMetrics(Duration interval, List<ScrapeSource> sources, List<ServerSeries> series) {
    /** How often servers are scraped unless set otherwise: 1 s. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** Name prefixes of the series kept: vLLM, SGLang (both spellings), TGI, the DCGM exporter. */
    public static final List<String> KEPT_PREFIXES = List.of("vllm:", "sglang:", "sglang_", "tgi_", "DCGM_FI_");

    private static final ServerMetrics NONE = new ServerMetrics(Duration.ZERO, List.of(), List.of());

    public ServerMetrics {
        Objects.requireNonNull(interval, "interval");
        sources = List.copyOf(sources);
        series = List.copyOf(series);
    }

    /** Nothing scraped. */
    public static ServerMetrics none() {
        return NONE;
    }

    /** Whether nothing was scraped. */
    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /** Whether a metric name is one of those kept. */
    public static boolean kept(String name) {
        for (String p : KEPT_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The source with that URL. */
    public Optional<ScrapeSource> source(String url) {
        return sources.stream().filter(s -> s.url().equals(url)).findFirst();
    }

    /** The series with that metric name, of every source. */
    public List<ServerSeries> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Scrapes attempted, over all sources. */
    public long scrapes() {
        return sources.stream().mapToLong(ScrapeSource::scrapes).sum();
    }

    /** Scrapes that failed, over all sources. */
    public long failures() {
        return sources.stream().mapToLong(ScrapeSource::failures).sum();
    }
}
