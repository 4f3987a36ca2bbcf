package io.llmbench.core.sweep;

import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import java.util.Objects;

/**
 * One level of a {@link Sweep}: the load offered and the benchmark's result at it. Immutable.
 *
 * @param load   the load of this level
 * @param result every endpoint's result at this level
 */
public record SweepPoint(Load load, BenchmarkResult result) {
    public SweepPoint {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(result, "result");
    }

    /** The level: concurrency, or requests per second. */
    public double level() {
        return load.traffic().level();
    }

    /** One endpoint's result at this level. */
    public EndpointResult endpoint(String name) {
        return result.endpoint(name);
    }
}
