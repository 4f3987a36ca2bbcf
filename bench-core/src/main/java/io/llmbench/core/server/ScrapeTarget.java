package io.llmbench.core.server;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * A Prometheus metrics URL to scrape during a benchmark, and the endpoint whose result keeps what
 * it served. Immutable.
 *
 * @param url      an {@code http} or {@code https} URL serving the Prometheus text format
 *                 (e.g. {@code http://localhost:8000/metrics} of vLLM, a DCGM exporter's {@code :9400/metrics})
 * @param endpoint the name of the endpoint it belongs to, or null for every endpoint of the benchmark
 */
public record ScrapeTarget(URI url, String endpoint) {
    public ScrapeTarget {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("server metrics url must be an absolute http or https URL with a host, but was '"
                    + ScrapeSource.redact(url) + "'");
        }
    }

    /** Whether this target belongs to the endpoint with that name. */
    public boolean appliesTo(String endpointName) {
        return endpoint == null || endpoint.equals(endpointName);
    }
}
