package io.llmbench.jmh;

import io.llmbench.core.Metric;
import io.llmbench.core.MetricStats;
import io.llmbench.core.internal.Histograms;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency histograms behind {@link MetricStats}: recording a value (what the aggregation does
 * per request and per inter-token gap), encoding a histogram to the Base64 text stored with every
 * run, and merging encoded stats exactly ({@link MetricStats#merge}, e.g. shards or repeated runs
 * of one matrix cell). Values are ITL-like microseconds (log-normal around 12 ms).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HistogramBenchmark {
    private static final int VALUES = 4_096;

    /** Samples in each encoded histogram that is merged. */
    @Param({"10000"})
    public int samples;

    /** How many encoded parts one merge adds up. */
    @Param({"10"})
    public int parts;

    private long[] values;
    private Histogram recording;
    private Histogram full;
    private List<MetricStats> encodedParts;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(7);
        values = new long[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = (long) (12_000 * Math.exp(0.5 * Fixtures.gaussian(r)));
        }
        recording = Histograms.newHistogram();
        full = Histograms.newHistogram();
        encodedParts = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            double[] ms = new double[samples];
            for (int i = 0; i < samples; i++) {
                ms[i] = 12 * Math.exp(0.5 * Fixtures.gaussian(r)) * (1 + p * 0.1);
                full.recordValue(Math.round(ms[i] * 1_000));
            }
            encodedParts.add(MetricStats.of(Metric.ITL, ms));
        }
    }

    /** One {@code recordValue} into an auto-resizing histogram, nanoseconds per value. */
    @Benchmark
    @OperationsPerInvocation(VALUES)
    public long record() {
        Histogram h = recording;
        for (long v : values) {
            h.recordValue(v);
        }
        return h.getTotalCount();
    }

    /** A histogram of {@code parts × samples} values to compressed Base64 text. */
    @Benchmark
    public String encode() {
        return Histograms.encode(full);
    }

    /** Decoding an encoded histogram. */
    @Benchmark
    public long decode() {
        return Histograms.decode(encodedParts.get(0).histogram()).getTotalCount();
    }

    /** {@code parts} encoded stats merged exactly: decode each, add, summarise, encode. */
    @Benchmark
    public MetricStats merge() {
        return MetricStats.merge(encodedParts);
    }

    /** A percentile off encoded stats (decodes the histogram). */
    @Benchmark
    public double percentile() {
        return encodedParts.get(0).percentile(99.9);
    }
}
