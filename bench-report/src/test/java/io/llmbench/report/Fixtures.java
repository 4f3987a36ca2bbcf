package io.llmbench.report;

import io.llmbench.core.Deployment;
import io.llmbench.core.HarnessHealth;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Metric;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Slo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded, realistic request records and results built through the engine's own aggregation. */
final class Fixtures {
    static final String[] CATEGORIES = {"coding", "factual_qa", "summarisation", "creative"};
    static final String[] LENGTHS = {"short", "medium", "long"};
    static final String[] COMPLEXITIES = {"simple", "moderate", "complex"};
    static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    private Fixtures() {
    }

    /** n records for one endpoint; every 17th fails with a rotating kind. */
    static List<RequestRecord> records(String endpoint, int n, long seed, double speed) {
        return records(endpoint, n, seed, speed, 50_000_000L);
    }

    static List<RequestRecord> records(String endpoint, int n, long seed, double speed, long interval) {
        Random rnd = new Random(seed);
        List<RequestRecord> out = new ArrayList<>(n);
        FailureKind[] kinds = {FailureKind.HTTP_429, FailureKind.TIMEOUT, FailureKind.DISCONNECT, FailureKind.HTTP_5XX};
        for (int i = 0; i < n; i++) {
            int li = i % 3;
            int input = 100 + li * 900 + rnd.nextInt(200);
            int output = 20 + rnd.nextInt(200);
            long sched = i * interval;
            long sent = sched + (i % 10 == 0 ? 3_000_000L : 100_000L);
            PromptInfo prompt = new PromptInfo("p" + (i % 40), CATEGORIES[i % 4], LENGTHS[li], COMPLEXITIES[(i / 3) % 3]);
            if (i % 17 == 5) {
                FailureKind k = kinds[(i / 17) % kinds.length];
                out.add(new RequestRecord(endpoint, i, prompt, START.toEpochMilli() + sent / 1_000_000, sched, sent,
                        -1, -1, -1, 40_000_000L + rnd.nextInt(1_000_000), 0, null, input, TokenSource.TOKENIZER, -1, TokenSource.NONE,
                        -1, true, k, k + ": \"quoted\", comma, newline\nsecond line", k == FailureKind.HTTP_429 ? 429 : 0, null));
                continue;
            }
            long ttft = (long) ((30 + input * 0.05 + rnd.nextGaussian() * 5 + 20) * 1_000_000 / speed);
            int chunks = Math.max(2, output / 2);
            int[] gaps = new int[chunks - 1];
            long t = ttft;
            for (int g = 0; g < gaps.length; g++) {
                gaps[g] = (int) ((15_000 + rnd.nextInt(10_000)) / speed);
                t += gaps[g] * 1_000L;
            }
            long e2e = t;
            out.add(new RequestRecord(endpoint, i, prompt, START.toEpochMilli() + sent / 1_000_000, sched, sent,
                    ttft - 2_000_000, ttft, e2e, e2e + 1_234_567, chunks, gaps, input, TokenSource.USAGE, output, TokenSource.USAGE,
                    output - 1, true, null, null, 200, i % 5 == 0 ? "sample, with \"quotes\" and <b>tags</b>" : null));
        }
        return out;
    }

    /** A suspect harness health with the given reason and every figure set. */
    static HarnessHealth suspectHealth(String reason) {
        return new HarnessHealth(HarnessHealth.Verdict.SUSPECT, List.of(reason), 2, 60_000, 0.08, 1.62, 7.25, 0.912, 2, 0.95,
                5, 41, 14, 0.83, 60.0);
    }

    /** The result with the given harness health. */
    static EndpointResult withHealth(EndpointResult r, HarnessHealth health) {
        return new EndpointResult(r.deployment(), r.run(), r.job(), r.metrics(), r.records(), r.warnings(), health);
    }

    static EndpointResult result(String name, int n, long seed, double speed, Traffic traffic) {
        Deployment d = new Deployment(name, "vllm", "meta-llama/Llama-3.1-8B-Instruct", "http://127.0.0.1:8000/v1", "H100-80GB", 2,
                "vllm", "fp8", 131072, "8B", Map.of("team", "perf", "region", "eu"));
        RunInfo run = new RunInfo(traffic, "synthetic 1024/256", Map.of("suite", "nightly"), "notes, \"quoted\"", "cell-1",
                START, START.plusSeconds(60));
        long interval = traffic.mode() == Traffic.Mode.RATE ? (long) (1e9 / traffic.level()) : 50_000_000L;
        return EndpointResult.of(d, run, records(name, n, seed, speed, interval), List.of(Slo.of(Metric.TTFT, 200)));
    }
}
