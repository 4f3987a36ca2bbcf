package io.llmbench.core;

import java.util.List;

/**
 * Copies of a benchmark with another load or other endpoints, for sweeps and searches. Every
 * setting of {@link Benchmark} is carried over; keep this in step when Benchmark gains one.
 */
final class BenchmarkCopies {
    private BenchmarkCopies() {
    }

    static Benchmark with(Benchmark base, Load load, List<Endpoint> endpoints, String levelLabel) {
        Benchmark.Builder b = Benchmark.builder()
                .endpoints(endpoints)
                .workload(base.workload())
                .load(load)
                .warmup(base.warmup())
                .timeout(base.requestTimeout())
                .ttftTimeout(base.ttftTimeout())
                .idleTimeout(base.idleTimeout())
                .connectTimeout(base.connectTimeout())
                .slos(base.slos().toArray(new Slo[0]))
                .seed(base.seed())
                .clock(base.clock())
                .sampleResponses(base.responseSampleChars());
        if (base.requests() > 0) {
            b.requests(base.requests());
        }
        if (base.duration() != null) {
            b.duration(base.duration());
        }
        base.listeners().forEach(b::listener);
        base.labels().forEach(b::label);
        if (levelLabel != null) {
            b.label(levelLabel, load.traffic().toString());
        }
        if (base.notes() != null) {
            b.notes(base.notes());
        }
        if (base.cellKey() != null) {
            b.cellKey(base.cellKey());
        }
        return b.build();
    }
}
