package io.llmbench.examples.cli;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Slo;
import io.llmbench.core.workload.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How long to run, timeouts, SLOs and what to store with the runs. */
final class LimitOptions {
    @Option(names = "--requests", paramLabel = "N",
            description = "Measured requests per endpoint (default: " + Benchmark.DEFAULT_REQUESTS
                    + ", or one pass over a prompt suite or file).")
    Long requests;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop sending after this long, e.g. 90s, 2m.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0", description = "Requests per endpoint sent first and not measured.")
    int warmup;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Longest a request may take (default 240s).")
    Duration timeout;

    @Option(names = "--ttft-timeout", paramLabel = "DURATION", description = "Longest until the first token (default: --timeout).")
    Duration ttftTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "Longest a stream may stay silent (default 60s).")
    Duration idleTimeout;

    @Option(names = "--slo", paramLabel = "METRIC[:pNN]=LIMIT",
            description = "Service-level objective (repeatable), e.g. ttft=500 (p95 <= 500 ms), tpot:p99=50, user_tps:p90=20 (a minimum).")
    List<Slo> slos = new ArrayList<>();

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = "Label stored with the runs (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--notes", paramLabel = "TEXT", description = "Free-text notes stored with the runs.")
    String notes;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the send schedule in rate modes.")
    Long seed;

    @Option(names = "--sample-responses", paramLabel = "CHARS", defaultValue = "0",
            description = "Keep the first CHARS characters of each response with its record.")
    int sampleResponses;

    /** Applies the limits to a builder; the request count falls back to the workload's planned size. */
    Benchmark.Builder apply(Benchmark.Builder b, Workload workload) {
        if (requests != null) {
            if (requests < 1) {
                throw CliException.badFlag("--requests", "must be >= 1, but was " + requests);
            }
            b.requests(requests);
        } else if (duration == null && workload != null && workload.plannedRequests() > 0) {
            b.requests(workload.plannedRequests());
        }
        if (duration != null) {
            b.duration(duration);
        }
        if (warmup < 0) {
            throw CliException.badFlag("--warmup", "must be >= 0, but was " + warmup);
        }
        b.warmup(warmup);
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (ttftTimeout != null) {
            b.ttftTimeout(ttftTimeout);
        }
        if (idleTimeout != null) {
            b.idleTimeout(idleTimeout);
        }
        b.slos(slos.toArray(new Slo[0]));
        labels.forEach(b::label);
        if (notes != null) {
            b.notes(notes);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (sampleResponses < 0) {
            throw CliException.badFlag("--sample-responses", "must be >= 0, but was " + sampleResponses);
        }
        b.sampleResponses(sampleResponses);
        return b;
    }
}
