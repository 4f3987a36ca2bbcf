package io.llmbench.store;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.HarnessHealth;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds realistic runs from synthetic request records, reproducibly from a seed. */
public final class TestRuns {
    private static final String[] CATEGORIES = {"coding", "factual_qa", "summarisation", "creative"};
    private static final String[] LENGTHS = {"short", "medium", "long"};
    private static final String[] COMPLEXITIES = {"simple", "moderate", "complex"};
    private static final FailureKind[] FAILURES = {FailureKind.HTTP_429, FailureKind.HTTP_5XX, FailureKind.DISCONNECT,
        FailureKind.TIMEOUT, FailureKind.STREAM_ERROR};

    private String name = "llama-vllm";
    private String model = "meta-llama/Llama-3.1-8B-Instruct";
    private String provider = "vllm";
    private String hardware = "H100-80GB";
    private Traffic traffic = new Traffic(Traffic.Mode.CONCURRENCY, 16);
    private final Map<String, String> deploymentLabels = new HashMap<>();
    private final Map<String, String> runLabels = new HashMap<>();
    private String cellKey;
    private String notes = "nightly run";
    private Instant startedAt = Instant.parse("2026-03-01T10:15:30.123456Z");
    private int records = 200;
    private int maxOutputTokens = 200;
    private long seed = 1;
    private HarnessHealth health;

    public static TestRuns builder() {
        return new TestRuns();
    }

    public TestRuns name(String v) {
        name = v;
        return this;
    }

    public TestRuns model(String v) {
        model = v;
        return this;
    }

    public TestRuns provider(String v) {
        provider = v;
        return this;
    }

    public TestRuns hardware(String v) {
        hardware = v;
        return this;
    }

    public TestRuns traffic(Traffic.Mode mode, double level) {
        traffic = new Traffic(mode, level);
        return this;
    }

    public TestRuns deploymentLabel(String k, String v) {
        deploymentLabels.put(k, v);
        return this;
    }

    public TestRuns runLabel(String k, String v) {
        runLabels.put(k, v);
        return this;
    }

    public TestRuns cellKey(String v) {
        cellKey = v;
        return this;
    }

    public TestRuns notes(String v) {
        notes = v;
        return this;
    }

    public TestRuns startedAt(Instant v) {
        startedAt = v;
        return this;
    }

    public TestRuns records(int n) {
        records = n;
        return this;
    }

    public TestRuns maxOutputTokens(int n) {
        maxOutputTokens = n;
        return this;
    }

    public TestRuns seed(long s) {
        seed = s;
        return this;
    }

    /** The harness health the built result carries; none by default. */
    public TestRuns health(HarnessHealth h) {
        health = h;
        return this;
    }

    /** A suspect health with every figure set (a NaN schedule lag, as in closed-loop runs). */
    public static HarnessHealth suspectHealth() {
        return HarnessHealth.assess(2, 12_345, 0.12, 1.75, 9.5, 0.905, 2, 0.97, 4, 37, 12, Double.NaN, false, 0, 61.5);
    }

    public Deployment deployment() {
        return new Deployment(name, provider, model, "http://127.0.0.1:8000/v1", hardware, 2, "vllm", "fp8", 131072, "8B",
                deploymentLabels);
    }

    public List<RequestRecord> requestRecords() {
        return records(name, records, maxOutputTokens, new Random(seed), startedAt.toEpochMilli());
    }

    public EndpointResult build() {
        return build(requestRecords());
    }

    /** A result aggregated from the given records, with this builder's metadata. */
    public EndpointResult build(List<RequestRecord> recs) {
        RunInfo run = new RunInfo(traffic, "synthetic 1024±64 in / 256 out", runLabels, notes, cellKey, startedAt,
                startedAt.plusSeconds(60).plusNanos(987_000));
        EndpointResult r = EndpointResult.of(deployment(), run, recs, List.of());
        return health == null ? r : new EndpointResult(r.deployment(), r.run(), r.job(), r.metrics(), r.records(), r.warnings(), health);
    }

    /** Synthetic records: mostly streamed successes with inter-token gaps, about 5% failures of several kinds. */
    public static List<RequestRecord> records(String endpoint, int n, int maxOutputTokens, Random rnd, long originMillis) {
        List<RequestRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(record(endpoint, i, maxOutputTokens, rnd, originMillis));
        }
        return out;
    }

    static RequestRecord record(String endpoint, long seq, int maxOutputTokens, Random rnd, long originMillis) {
        PromptInfo prompt = seq % 7 == 0 ? PromptInfo.of("p" + seq % 50)
                : new PromptInfo("p" + seq % 50, CATEGORIES[(int) (seq % 4)], LENGTHS[(int) (seq % 3)],
                        COMPLEXITIES[(int) (seq % 3)]);
        long scheduled = seq * 20_000_000L;
        long sent = scheduled + rnd.nextInt(3_000_000);
        long start = originMillis + sent / 1_000_000;
        int input = 900 + rnd.nextInt(250);
        if (rnd.nextInt(20) == 0) {
            FailureKind kind = FAILURES[rnd.nextInt(FAILURES.length)];
            int status = kind == FailureKind.HTTP_429 ? 429 : kind == FailureKind.HTTP_5XX ? 503 : 200;
            String error = kind == FailureKind.STREAM_ERROR ? "server sent {\"error\": \"KV cache exhausted\"}" : null;
            return new RequestRecord(endpoint, seq, prompt, start, scheduled, sent, -1, -1, -1,
                    5_000_000L + rnd.nextInt(50_000_000), 0, null, input, TokenSource.DECLARED, -1, TokenSource.NONE, -1,
                    true, kind, error, status, null);
        }
        int output = 1 + rnd.nextInt(Math.max(1, maxOutputTokens));
        long ttft = 40_000_000L + rnd.nextInt(300_000_000);
        int[] itl = new int[output - 1];
        long sum = 0;
        for (int g = 0; g < itl.length; g++) {
            itl[g] = 8_000 + rnd.nextInt(30_000);
            sum += itl[g];
        }
        long e2e = ttft + sum * 1_000;
        boolean usage = seq % 5 != 0;
        return new RequestRecord(endpoint, seq, prompt, start, scheduled, sent, ttft - 1_000_000, ttft, e2e,
                e2e + 500_000, output, itl, input, usage ? TokenSource.USAGE : TokenSource.TOKENIZER, output,
                usage ? TokenSource.USAGE : TokenSource.TOKENIZER, seq % 3 == 0 ? output + rnd.nextInt(3) : -1, true,
                null, null, 200, seq % 10 == 0 ? "Sample reply #" + seq + " — naïve café ☕" : null);
    }
}
