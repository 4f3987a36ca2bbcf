package io.llmbench.core.sweep;

import io.llmbench.core.Slo;
import java.util.List;

/**
 * The result of an {@link SloSearch}: one {@link SloKnee} per endpoint, in the template's endpoint
 * order, and the SLOs searched for. Immutable and thread-safe.
 *
 * @param endpoints per-endpoint knees and probes
 * @param slos      the SLOs every probe had to meet
 */
public record SloSearchResult(List<SloKnee> endpoints, List<Slo> slos) {
    public SloSearchResult {
        endpoints = List.copyOf(endpoints);
        slos = List.copyOf(slos);
    }

    /**
     * The search result of the endpoint with this name.
     *
     * @throws IllegalArgumentException when no endpoint has that name
     */
    public SloKnee endpoint(String name) {
        return endpoints.stream().filter(k -> k.endpoint().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("endpoint must be one of "
                        + endpoints.stream().map(SloKnee::endpoint).toList() + ", but was '" + name + "'"));
    }
}
