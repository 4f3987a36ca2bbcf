package io.llmbench.jmh;

import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Deployment;
import io.llmbench.core.Endpoint;
import io.llmbench.core.EndpointResult;
import io.llmbench.core.Load;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.RunInfo;
import io.llmbench.core.Traffic;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;
import io.llmbench.core.workload.Prompt;
import io.llmbench.core.workload.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * A request's accounting in the engine, without the network:
 * <ul>
 *   <li>{@link #aggregate}: {@link EndpointResult#of} over {@code records} records of
 *       {@code outputTokens} chunks each (every metric's histogram, job figures, goodput, peak
 *       output rate, warnings); score per record;</li>
 *   <li>{@link #engineEvents}: the engine's per-event path through the public API: a whole
 *       {@link Benchmark#run()} whose in-process client delivers {@code onSent}, 128 content chunks,
 *       usage and completion synchronously on the calling thread, so the time is the engine's:
 *       clock reads, the request's synchronized recorder, the gap array, the record, the closed loop
 *       and the final aggregation (plus the run's fixed start-up, ~1 ms, spread over 256 requests).
 *       Score per content chunk.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AccountingBenchmark {
    /** Requests per engine run in {@link #engineEvents}. */
    public static final int ENGINE_REQUESTS = 256;
    /** Content chunks per request in {@link #engineEvents}. */
    public static final int ENGINE_CHUNKS = 128;

    /** Records aggregated by {@link #aggregate}. */
    @Param({"10000"})
    public int records;

    /** Content chunks (one token each) per record in {@link #aggregate}. */
    @Param({"128"})
    public int outputTokens;

    private List<RequestRecord> input;
    private Deployment deployment;
    private RunInfo run;
    private Benchmark.Builder engineRun;

    @Setup
    public void setUp() {
        input = Fixtures.records("bench", records, outputTokens, 20, 11);
        deployment = Deployment.of("bench", "vllm", "meta-llama/Llama-3.1-8B-Instruct");
        run = new RunInfo(new Traffic(Traffic.Mode.RATE, 20), "synthetic", Map.of(), null, null,
                Instant.EPOCH, Instant.EPOCH.plusSeconds(600));
        Endpoint endpoint = Endpoint.openAi("http://127.0.0.1:9/v1").model("m").name("in-process")
                .client((e, o) -> new InstantClient(ENGINE_CHUNKS)).build();
        engineRun = Benchmark.builder().endpoints(endpoint).workload(Workload.ofTexts("hello"))
                .load(Load.concurrency(4)).requests(ENGINE_REQUESTS).warmup(0);
    }

    /** {@link EndpointResult#of} over the records; divide the score by {@code records} for per-record time. */
    @org.openjdk.jmh.annotations.Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public EndpointResult aggregate() {
        return EndpointResult.of(deployment, run, input, Fixtures.slos());
    }

    /** A whole in-process engine run; score per content chunk. */
    @org.openjdk.jmh.annotations.Benchmark
    @OperationsPerInvocation(ENGINE_REQUESTS * ENGINE_CHUNKS)
    public BenchmarkResult engineEvents() {
        BenchmarkResult r = engineRun.run();
        EndpointResult e = r.endpoints().get(0);
        if (e.job().succeeded() != ENGINE_REQUESTS) {
            throw new IllegalStateException("in-process run must succeed for all " + ENGINE_REQUESTS
                    + " requests, but " + e.job().failed() + " failed: " + e.warnings());
        }
        return r;
    }

    /**
     * A client that answers every request at once on the caller's thread: role chunk, {@code chunks}
     * one-token content chunks, finish chunk, usage, completion.
     */
    static final class InstantClient implements InferenceClient {
        private final int chunks;

        InstantClient(int chunks) {
            this.chunks = chunks;
        }

        @Override
        public InFlight send(Prompt prompt, ResponseListener listener) {
            listener.onSent();
            listener.onChunk(true, "");
            for (int i = 0; i < chunks; i++) {
                listener.onChunk(true, " tok");
            }
            listener.onChunk(true, "");
            listener.onUsage(1, chunks);
            listener.onComplete();
            return () -> { };
        }

        @Override
        public void close() {
        }
    }
}
