package io.llmbench.jmh;

import io.llmbench.core.internal.prometheus.SeriesColumns;
import io.llmbench.core.internal.prometheus.TextFormatParser;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One scrape of a server's Prometheus metrics without its HTTP exchange: a vLLM-like text of
 * {@value #SERIES} series (gauges and counters for 4 engines, histograms with vLLM's buckets, HELP
 * and TYPE lines) parsed alone, and parsed and kept in the scraper's columns as a run does each
 * interval. Scores are microseconds per scrape; the target is under 1,000. On a shared machine
 * (load far above its cores) wall time per scrape mostly measures waiting for a core, so
 * {@link #parseAndKeepCpu} also counts the thread's own CPU time: {@code cpuNanos / ops} is the
 * CPU a scrape costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ScrapeBenchmark {
    /** Sample lines in the text. */
    public static final int SERIES = 1_000;

    private String text;
    private SeriesColumns columns;
    private int scrape;

    @Setup
    public void setUp() {
        text = text(SERIES);
        columns = new SeriesColumns();
        scrape = 0;
    }

    /** Parsing only; the sink sinks each value. */
    @Benchmark
    public void parse(Blackhole bh) {
        TextFormatParser.parse(text, (family, type, name, labels, value, ts, series) -> bh.consume(value));
    }

    /** Parsing and keeping every sample in its series' column, as each scrape of a run does. */
    @Benchmark
    public int parseAndKeep() {
        if (scrape == 100_000) {
            columns = new SeriesColumns();
            scrape = 0;
        }
        return columns.ingest(text, scrape++);
    }

    /** Thread CPU time spent in {@link #parseAndKeepCpu}, summed with its operation count. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
        public long cpuNanos;
        public long ops;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            ops = 0;
        }
    }

    /** As {@link #parseAndKeep}, also counting the thread's CPU time per scrape. */
    @Benchmark
    public int parseAndKeepCpu(Cpu cpu) {
        long t0 = Cpu.MX.getCurrentThreadCpuTime();
        int r = parseAndKeep();
        cpu.cpuNanos += Cpu.MX.getCurrentThreadCpuTime() - t0;
        cpu.ops++;
        return r;
    }

    /** A vLLM-like exposition with exactly {@code series} sample lines. */
    public static String text(int series) {
        StringBuilder s = new StringBuilder(series * 110);
        int lines = 0;
        String[] gauges = {"vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc"};
        String[] counters = {"vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_preemptions_total",
                "vllm:prefix_cache_queries_total", "vllm:prefix_cache_hits_total"};
        String[] histograms = {"vllm:time_to_first_token_seconds", "vllm:request_time_per_output_token_seconds",
                "vllm:e2e_request_latency_seconds", "vllm:request_queue_time_seconds", "vllm:inter_token_latency_seconds"};
        double[] buckets = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0,
                80.0, 160.0, 640.0, 2560.0};
        int family = 0;
        while (lines < series) {
            String suffix = family == 0 ? "" : "_" + family;
            for (String base : gauges) {
                String g = base + suffix;
                s.append("# HELP ").append(g).append(" A gauge.\n# TYPE ").append(g).append(" gauge\n");
                for (int e = 0; e < 4 && lines < series; e++, lines++) {
                    s.append(g).append("{engine=\"").append(e).append("\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} ")
                            .append(3.0 + e).append('\n');
                }
            }
            for (String base : counters) {
                String c = base.replace("_total", suffix + "_total");
                s.append("# HELP ").append(c).append(" A counter.\n# TYPE ").append(c).append(" counter\n");
                for (int e = 0; e < 4 && lines < series; e++, lines++) {
                    s.append(c).append("{engine=\"").append(e).append("\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} ")
                            .append(123456.0 + e * 7).append('\n');
                }
            }
            for (String base : histograms) {
                String h = base + suffix;
                s.append("# HELP ").append(h).append(" A histogram.\n# TYPE ").append(h).append(" histogram\n");
                long cumulative = 0;
                for (int b = 0; b <= buckets.length && lines < series; b++, lines++) {
                    cumulative += 17 + b;
                    s.append(h).append("_bucket{engine=\"0\",le=\"")
                            .append(b < buckets.length ? String.format(Locale.ROOT, "%s", buckets[b]) : "+Inf")
                            .append("\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} ").append(cumulative).append(".0\n");
                }
                if (lines < series) {
                    s.append(h).append("_count{engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} ")
                            .append(cumulative).append(".0\n");
                    lines++;
                }
                if (lines < series) {
                    s.append(h).append("_sum{engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 1234.5678\n");
                    lines++;
                }
            }
            family++;
        }
        return s.toString();
    }
}
