package io.llmbench.core;

import java.util.List;
import java.util.Optional;

/**
 * The result of one benchmark: one {@link EndpointResult} per endpoint, in the order the
 * endpoints were given. Immutable and thread-safe.
 *
 * @param endpoints per-endpoint results
 * @param warnings  run-wide warnings (e.g. cancellation)
 */
public record BenchmarkResult(List<EndpointResult> endpoints, List<String> warnings) {
    public BenchmarkResult {
        endpoints = List.copyOf(endpoints);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The result of the endpoint with the given name. */
    public Optional<EndpointResult> find(String name) {
        return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The result of the endpoint with the given name.
     *
     * @throws IllegalArgumentException when no endpoint has that name
     */
    public EndpointResult endpoint(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "endpoint must be one of " + endpoints.stream().map(EndpointResult::name).toList() + ", but was '" + name + "'"));
    }
}
