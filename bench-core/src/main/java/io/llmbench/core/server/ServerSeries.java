package io.llmbench.core.server;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One time series scraped during a run: a metric name with one set of labels, one value per
 * successful scrape of its source. Immutable; the array must not be modified.
 *
 * @param source the {@link ScrapeSource#url()} it came from
 * @param name   the metric name as served, e.g. {@code vllm:num_requests_running} or
 *               {@code vllm:time_to_first_token_seconds_bucket}
 * @param type   the type of its family
 * @param labels its labels (sorted copy)
 * @param values one value per offset of its source, in the server's unit; NaN where a scrape did not have it
 */
public record ServerSeries(String source, String name, FamilyType type, Map<String, String> labels, double[] values) {
    public ServerSeries {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        labels = labels == null || labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        values = values == null ? new double[0] : values;
    }

    /** A label's value, or null. */
    public String label(String label) {
        return labels.get(label);
    }
}
