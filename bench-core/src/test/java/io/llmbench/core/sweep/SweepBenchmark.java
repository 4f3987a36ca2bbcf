package io.llmbench.core.sweep;

import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.Metric;
import io.llmbench.core.Slo;
import io.llmbench.core.workload.Workload;
import java.util.Locale;

/**
 * A benchmark program (not a test): a concurrency sweep and an SLO knee search over an in-process
 * endpoint of known capacity ({@link CapacityClient}: 8 slots, 20 ms prefill, 10 ms per token,
 * 8 output tokens, so 90 ms per request and 88.9 requests/s). Prints per level the whole-run and
 * steady-state throughput and TTFT, then the search's probes and wall time. Run from
 * {@code bench-core} after {@code mvn test-compile} (see {@link MatrixBenchmark} for the class path).
 */
public final class SweepBenchmark {
    private SweepBenchmark() {
    }

    public static void main(String[] args) {
        int slots = 8;
        long prefill = 20;
        long gap = 10;
        int tokens = 8;
        double capacity = CapacityClient.capacity(slots, prefill, gap, tokens);
        Endpoint e = CapacityClient.endpoint("cap", slots, prefill, gap, tokens);
        Benchmark template = Benchmark.builder().endpoints(e).workload(Workload.synthetic(64, tokens))
                .requests(200).warmup(8).build();
        System.out.printf(Locale.ROOT, "capacity %.1f req/s (%d slots x %d ms per request)%n", capacity, slots,
                prefill + (tokens - 1) * gap);
        long t0 = System.nanoTime();
        SweepResult sweep = Sweep.of(template).concurrencies(1, 2, 4, 8, 16, 32).run();
        System.out.printf(Locale.ROOT, "sweep of %d levels x 200 requests: %.1f s%n", sweep.points().size(), (System.nanoTime() - t0) / 1e9);
        System.out.println("| concurrency | req/s whole run | req/s steady | mean in flight | TTFT p50 ms | TTFT p95 ms | E2E p50 ms |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (EndpointResult r : sweep.endpoint("cap")) {
            SteadyState s = SteadyState.of(r);
            System.out.printf(Locale.ROOT, "| %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", r.run().traffic().level(),
                    r.job().requestThroughput(), s.requestThroughput(), s.meanInFlight(), r.metric(Metric.TTFT).p50(),
                    r.metric(Metric.TTFT).p95(), r.metric(Metric.E2E).p50());
        }
        t0 = System.nanoTime();
        SloKnee knee = SloSearch.of(template).slos(Slo.at(Metric.TTFT, 90, 60)).rate(10, 1000)
                .rateLoad(Load::constantRate).precision(2).run().endpoint("cap");
        System.out.printf(Locale.ROOT, "SLO search TTFT p90 <= 60 ms over constant rates: %s, knee %.2f req/s (capacity %.1f), "
                + "%d probes, %.1f s%n", knee.outcome(), knee.highestMet(), capacity, knee.probes().size(), (System.nanoTime() - t0) / 1e9);
        for (SloProbe p : knee.probes()) {
            System.out.printf(Locale.ROOT, "  %.2f req/s: %s TTFT p90 %.1f ms%n", p.level(), p.met() ? "met   " : "missed",
                    p.result().metric(Metric.TTFT).percentile(90));
        }
    }
}
