package io.llmbench.jmh;

import io.llmbench.core.Deployment;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Metric;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Slo;
import io.llmbench.core.TokenSource;
import io.llmbench.core.Traffic;
import io.llmbench.core.workload.PromptInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Inputs shared by the benchmarks: vLLM-shaped SSE bodies and synthetic request records, all
 * reproducible from a seed. Not thread-safe to mutate; every method returns fresh objects.
 */
public final class Fixtures {
    /** Words of the generated text: plain, with a leading space, with JSON escapes and non-ASCII. */
    private static final String[] WORDS = {
        " the", " model", " answers", ",", " and", " a", " latency", " of", " 12", " ms", ".", "\\n",
        " caf\\u00e9", " \\\"quoted\\\"", " token", "s", " streaming", " vLLM", " is", " fast",
    };
    private static final String ID = "chatcmpl-3f1e6a0c2b5d4e8f9a7b6c5d4e3f2a1b";
    private static final String HEAD = "{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
            + "\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[";

    private Fixtures() {
    }

    /** A content chunk as vLLM sends it (one choice, {@code delta.content}), as JSON text. */
    public static String contentChunk(int i) {
        return HEAD + "{\"index\":0,\"delta\":{\"content\":\"" + WORDS[i % WORDS.length]
                + "\"},\"logprobs\":null,\"finish_reason\":null}]}";
    }

    /**
     * A whole streamed chat response as vLLM writes it with {@code include_usage}: a role chunk,
     * {@code contentChunks} one-token content chunks, a finish chunk, a usage-only chunk and
     * {@code data: [DONE]}, each event {@code data: <json>} followed by a blank line.
     */
    public static byte[] sseBody(int contentChunks) {
        StringBuilder sb = new StringBuilder(contentChunks * 230 + 1024);
        for (String e : sseEvents(contentChunks)) {
            sb.append(e);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The events of {@link #sseBody}, each with its blank line, in order. */
    public static List<String> sseEvents(int contentChunks) {
        List<String> events = new ArrayList<>(contentChunks + 4);
        StringBuilder sb = new StringBuilder(256);
        for (String json : sseEventData(contentChunks)) {
            sb.setLength(0);
            event(sb, json);
            events.add(sb.toString());
        }
        return events;
    }

    private static List<String> sseEventData(int contentChunks) {
        List<String> d = new ArrayList<>(contentChunks + 4);
        d.add(HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
        for (int i = 0; i < contentChunks; i++) {
            d.add(contentChunk(i));
        }
        d.add(HEAD + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\",\"stop_reason\":null}]}");
        d.add("{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
                + "\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[],\"usage\":{\"prompt_tokens\":512,"
                + "\"total_tokens\":" + (512 + contentChunks) + ",\"completion_tokens\":" + contentChunks + "}}");
        d.add("[DONE]");
        return d;
    }

    private static void event(StringBuilder sb, String payload) {
        sb.append("data: ").append(payload).append("\n\n");
    }

    /**
     * Request records as a streaming run at {@code rate} requests/s would produce: log-normal-ish
     * TTFT around 80 ms, {@code outputTokens} one-token chunks with ITL around 12 ms, 2% failures.
     */
    public static List<RequestRecord> records(String endpoint, int n, int outputTokens, double rate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<RequestRecord> out = new ArrayList<>(n);
        long gapNanos = (long) (1e9 / rate);
        for (int i = 0; i < n; i++) {
            long scheduled = i * gapNanos;
            long sent = scheduled + (long) (r.nextDouble() * 200_000);
            PromptInfo prompt = new PromptInfo("p" + (i % 100), i % 2 == 0 ? "chat" : "coding", "short", null);
            if (r.nextDouble() < 0.02) {
                out.add(new RequestRecord(endpoint, i, prompt, 1_700_000_000_000L + sent / 1_000_000, scheduled, sent,
                        -1, -1, -1, 30_000_000L, 0, null, 512, TokenSource.DECLARED, -1, TokenSource.NONE, -1, true,
                        FailureKind.HTTP_5XX, "HTTP 503 from http://127.0.0.1/v1/chat/completions: overloaded", 503, null));
                continue;
            }
            long ttft = (long) (80e6 * Math.exp(0.3 * gaussian(r)));
            int[] gaps = new int[outputTokens - 1];
            long e2e = ttft;
            for (int g = 0; g < gaps.length; g++) {
                gaps[g] = (int) (12_000 * Math.exp(0.2 * gaussian(r)));
                e2e += gaps[g] * 1_000L;
            }
            out.add(new RequestRecord(endpoint, i, prompt, 1_700_000_000_000L + sent / 1_000_000, scheduled, sent,
                    ttft - 1_000_000, ttft, e2e, e2e + 500_000, outputTokens, gaps, 512, TokenSource.USAGE,
                    outputTokens, TokenSource.USAGE, -1, true, null, null, 200, null));
        }
        return out;
    }

    /** The engine's aggregation of {@link #records} with two SLOs (per request: TTFT ≤ 100 ms, TPOT ≤ 15 ms). */
    public static EndpointResult result(String endpoint, int n, int outputTokens, long seed) {
        Traffic traffic = new Traffic(Traffic.Mode.RATE, 20);
        RunInfo run = new RunInfo(traffic, "synthetic in=512 out=" + outputTokens, Map.of("bench", "jmh"), null, null,
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:10:00Z"));
        Deployment d = new Deployment(endpoint, "vllm", "meta-llama/Llama-3.1-8B-Instruct", "http://127.0.0.1:8000/v1",
                "H100-80GB", 1, "vllm", "fp8", 131_072, "8B", Map.of());
        return EndpointResult.of(d, run, records(endpoint, n, outputTokens, 20, seed), slos());
    }

    /** The SLOs used by {@link #result}. */
    public static List<Slo> slos() {
        return List.of(Slo.of(Metric.TTFT, 100), Slo.of(Metric.TPOT, 15));
    }

    static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
