package io.llmbench.core.server;

import java.util.Objects;

/**
 * One figure derived from server metrics over a run, e.g. the mean number of running requests
 * or the server-side TTFT p50. docs/SERVER-METRICS.md defines each key. Immutable.
 *
 * @param key    what it is, e.g. {@code running.mean}, {@code ttft.p50}, {@code gpu.energy_per_output_token}
 * @param server where it came from: {@code vllm}, {@code sglang}, {@code tgi}, {@code dcgm}, or
 *               {@code client-vs-server} for a comparison with the client's own figures
 * @param label  a short human-readable name
 * @param value  the value in {@code unit}; NaN when it could not be derived
 * @param unit   e.g. {@code ms}, {@code %}, {@code requests}, {@code W}, {@code J/token}
 */
public record ServerFigure(String key, String server, String label, double value, String unit) {
    public ServerFigure {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
    }
}
