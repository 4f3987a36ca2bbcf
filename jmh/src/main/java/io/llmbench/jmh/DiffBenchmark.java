package io.llmbench.jmh;

import io.llmbench.core.EndpointResult;
import io.llmbench.model.history.DiffOptions;
import io.llmbench.model.history.RunDiff;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a run comparison costs ({@code llmbench diff}, {@code RunDiff.compare} with the defaults:
 * 1000 resamples of 11 per-request statistics): two runs of {@code requests} records with
 * {@code outputTokens} tokens each, from their records (ITL resampled by request), and the same
 * runs without records, from their histograms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DiffBenchmark {
    /** Request records per run. */
    @Param({"200", "5000"})
    public int requests;

    /** Output tokens per request (gaps per request + 1). */
    @Param({"64"})
    public int outputTokens;

    private EndpointResult baseline;
    private EndpointResult candidate;
    private EndpointResult baselineHistograms;
    private EndpointResult candidateHistograms;

    @Setup
    public void setUp() {
        baseline = Fixtures.result("a", requests, outputTokens, 1);
        candidate = Fixtures.result("b", requests, outputTokens, 2);
        baselineHistograms = withoutRecords(baseline);
        candidateHistograms = withoutRecords(candidate);
    }

    private static EndpointResult withoutRecords(EndpointResult r) {
        return new EndpointResult(r.deployment(), r.run(), r.job(), r.metrics(), List.of(), r.warnings());
    }

    /** A comparison by request bootstrap. */
    @Benchmark
    public RunDiff fromRecords() {
        return RunDiff.compare(baseline, candidate, DiffOptions.ofDefaults());
    }

    /** A comparison from the runs' histograms (as {@code runs --trend} does). */
    @Benchmark
    public RunDiff fromHistograms() {
        return RunDiff.compare(baselineHistograms, candidateHistograms, DiffOptions.ofDefaults());
    }
}
