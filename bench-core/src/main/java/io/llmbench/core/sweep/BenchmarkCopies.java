package io.llmbench.core.sweep;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.Load;
import java.util.List;

/**
 * Copies of a benchmark with another load or other endpoints, for sweeps and searches. Every
 * setting of {@link Benchmark} is carried over by {@link Benchmark#toBuilder()}.
 */
final class BenchmarkCopies {
    private BenchmarkCopies() {
    }

    static Benchmark with(Benchmark base, Load load, List<Endpoint> endpoints, String levelLabel) {
        Benchmark.Builder b = base.toBuilder().load(load).replaceEndpoints(endpoints);
        if (levelLabel != null) {
            b.label(levelLabel, load.traffic().toString());
        }
        return b.build();
    }
}
