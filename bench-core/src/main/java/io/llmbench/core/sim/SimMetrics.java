package io.llmbench.core.sim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the simulated endpoint serves at {@code GET /metrics}: the Prometheus text format with
 * vLLM's metric names, whose values follow its own timing model: running and waiting requests,
 * KV-cache blocks in use (blocks of {@value #BLOCK_TOKENS} tokens of prompt and output per
 * running request, of a cache sized for every running slot at the full context window, so it
 * never preempts), prompt and generation token counters, finished requests by finish reason, and
 * histograms of TTFT (request parsed to first token written), TPOT, E2E latency and queue time
 * with vLLM's buckets. Written by the engine thread only, read by the I/O thread.
 */
final class SimMetrics {
    static final int BLOCK_TOKENS = 16;
    private static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
            5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] TPOT_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0,
            7.5, 10.0, 20.0, 40.0, 80.0};
    private static final double[] REQUEST_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
            60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

    private final Engine engine;
    private final String labels;
    private final long totalBlocks;

    // single writer: the engine thread
    private volatile long kvBlocks;
    private volatile long promptTokens;
    private volatile long generationTokens;
    private volatile long finishedStop;
    private volatile long finishedLength;
    private final Histogram ttft = new Histogram(TTFT_BUCKETS);
    private final Histogram tpot = new Histogram(TPOT_BUCKETS);
    private final Histogram e2e = new Histogram(REQUEST_BUCKETS);
    private final Histogram queue = new Histogram(REQUEST_BUCKETS);

    SimMetrics(Engine engine, String model, int maxRunning, int maxModelLen) {
        this.engine = engine;
        this.labels = "engine=\"0\",model_name=\"" + escape(model) + "\"";
        this.totalBlocks = (long) maxRunning * blocks(maxModelLen);
    }

    static long blocks(long tokens) {
        return (tokens + BLOCK_TOKENS - 1) / BLOCK_TOKENS;
    }

    // ---- engine thread ----

    void admitted(Generation g) {
        kvBlocks += blocks(g.promptTokens);
    }

    /** {@code g} has just been given {@code n} more tokens ({@code g.emitted} already counts them). */
    void emitted(Generation g, int n) {
        long now = g.promptTokens + g.emitted;
        kvBlocks += blocks(now) - blocks(now - n);
        generationTokens += n;
    }

    void firstToken(Generation g) {
        promptTokens += g.promptTokens;
        ttft.observe((g.firstTokenNanos - g.receivedNanos) / 1e9);
    }

    void released(Generation g, boolean completed) {
        kvBlocks -= blocks(g.promptTokens + g.emitted);
        if (!completed) {
            return;
        }
        if ("length".equals(g.finishReason)) {
            finishedLength++;
        } else {
            finishedStop++;
        }
        e2e.observe((g.lastTokenNanos - g.receivedNanos) / 1e9);
        if (g.admittedNanos >= 0) {
            queue.observe((g.admittedNanos - g.receivedNanos) / 1e9);
        }
        if (g.emitted > 1 && g.firstTokenNanos >= 0) {
            tpot.observe((g.lastTokenNanos - g.firstTokenNanos) / 1e9 / (g.emitted - 1));
        }
    }

    // ---- I/O thread ----

    /** The text of {@code GET /metrics}. */
    byte[] render() {
        StringBuilder s = new StringBuilder(8 * 1024);
        gauge(s, "vllm:num_requests_running", "Number of requests in model execution batches.", engine.running);
        gauge(s, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", engine.waitingCount);
        gauge(s, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.",
                totalBlocks == 0 ? 0 : Math.max(0, kvBlocks) / (double) totalBlocks);
        s.append("# HELP vllm:cache_config_info Information of the LLMEngine CacheConfig\n")
                .append("# TYPE vllm:cache_config_info gauge\n")
                .append("vllm:cache_config_info{block_size=\"").append(BLOCK_TOKENS).append("\",engine=\"0\",num_gpu_blocks=\"")
                .append(totalBlocks).append("\"} 1.0\n");
        counter(s, "vllm:num_preemptions_total", "Cumulative number of preemption from the engine.", 0);
        counter(s, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", promptTokens);
        counter(s, "vllm:generation_tokens_total", "Number of generation tokens processed.", generationTokens);
        s.append("# HELP vllm:request_success_total Count of successfully processed requests.\n")
                .append("# TYPE vllm:request_success_total counter\n");
        s.append("vllm:request_success_total{").append(labels).append(",finished_reason=\"stop\"} ").append(num(finishedStop)).append('\n');
        s.append("vllm:request_success_total{").append(labels).append(",finished_reason=\"length\"} ").append(num(finishedLength)).append('\n');
        ttft.render(s, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels);
        tpot.render(s, "vllm:request_time_per_output_token_seconds", "Histogram of time_per_output_token_seconds per request.", labels);
        e2e.render(s, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", labels);
        queue.render(s, "vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", labels);
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void gauge(StringBuilder s, String name, String help, double value) {
        s.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append('{').append(labels).append("} ").append(num(value)).append('\n');
    }

    private void counter(StringBuilder s, String name, String help, double value) {
        s.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append('{').append(labels).append("} ").append(num(value)).append('\n');
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (long) v + ".0" : Double.toString(v);
    }

    /** A label value of the text format: backslash, quote and newline escaped. */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A Prometheus histogram with fixed buckets: one writer, any number of readers. */
    private static final class Histogram {
        private final double[] bounds;
        private final AtomicLongArray counts;
        private volatile double sum;

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length + 1);
        }

        void observe(double seconds) {
            double v = Math.max(0, seconds);
            int i = 0;
            while (i < bounds.length && v > bounds[i]) {
                i++;
            }
            sum += v;
            counts.incrementAndGet(i);
        }

        void render(StringBuilder s, String name, String help, String labels) {
            double total = sum;
            s.append("# HELP ").append(name).append(' ').append(help).append('\n')
                    .append("# TYPE ").append(name).append(" histogram\n");
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += counts.get(i);
                s.append(name).append("_bucket{").append(labels).append(",le=\"")
                        .append(i < bounds.length ? String.format(Locale.ROOT, "%s", bounds[i]) : "+Inf").append("\"} ")
                        .append(num(cumulative)).append('\n');
            }
            s.append(name).append("_count{").append(labels).append("} ").append(num(cumulative)).append('\n');
            s.append(name).append("_sum{").append(labels).append("} ").append(num(total)).append('\n');
        }
    }
}
