package io.llmbench.core.server;

import java.util.Objects;

/**
 * One derived server quantity over time, on the same axis as the client's timeline (seconds from
 * the run's time origin), e.g. running requests or GPU power. Immutable; the arrays must not be
 * modified.
 *
 * @param key     what it is, as the figure keys: {@code running}, {@code waiting}, {@code kv_cache},
 *                {@code generation_tokens_per_second}, {@code gpu.util}, {@code gpu.power}
 * @param server  {@code vllm}, {@code sglang}, {@code tgi} or {@code dcgm}
 * @param label   a short human-readable name, with the source when several serve it
 * @param unit    the unit of the values
 * @param seconds seconds from the run's time origin
 * @param values  one value per time; NaN where the scrape did not have it
 */
public record ServerTimeline(String key, String server, String label, String unit, double[] seconds, double[] values) {
    public ServerTimeline {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
        if (seconds.length != values.length) {
            throw new IllegalArgumentException("seconds and values must have the same length, but had " + seconds.length
                    + " and " + values.length);
        }
    }
}
