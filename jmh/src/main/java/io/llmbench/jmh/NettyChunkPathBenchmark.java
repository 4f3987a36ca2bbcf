package io.llmbench.jmh;

import io.llmbench.core.Endpoint;
import io.llmbench.core.internal.openai.EmbeddedStream;
import io.llmbench.core.workload.Prompt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Netty client's per-chunk path, bytes in a pooled direct buffer to listener events:
 * the real pipeline of one keep-alive connection ({@link EmbeddedStream}: read stamp, HTTP/1.1
 * chunked decoding, SSE, JSON, stream rules, the deferred {@code [DONE]}), no socket. The response
 * is the body of {@link ChunkPathBenchmark} (2,000 content chunks) sent with chunked transfer
 * encoding, one HTTP chunk per SSE event, as vLLM and most servers write it. Two ways to read it:
 * {@link #oneChunkPerRead} (each HTTP chunk its own read: a server that flushes every token, the
 * common case at high concurrency) and {@link #bulk} (16 KiB reads: a server that writes faster
 * than the client reads). Scores are nanoseconds per content chunk; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes allocated per content chunk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class NettyChunkPathBenchmark {
    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
            + "transfer-encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final Prompt PROMPT = Prompt.of("p", "Say something long.").withMaxTokens(ChunkPathBenchmark.CHUNKS);

    private EmbeddedStream stream;
    private int head;
    private int[] perRead;
    private int[] bulk;

    @Setup
    public void setUp() {
        stream = new EmbeddedStream(Endpoint.openAi("http://127.0.0.1:8000/v1").model("bench").build());
        head = stream.buffer(HEAD);
        StringBuilder body = new StringBuilder();
        List<Integer> reads = new ArrayList<>();
        for (String event : Fixtures.sseEvents(ChunkPathBenchmark.CHUNKS)) {
            String chunk = Integer.toHexString(event.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + event + "\r\n";
            reads.add(stream.buffer(chunk.getBytes(StandardCharsets.UTF_8)));
            body.append(chunk);
        }
        reads.add(stream.buffer("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        perRead = reads.stream().mapToInt(Integer::intValue).toArray();
        byte[] all = body.append("0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
        reads.clear();
        for (int off = 0; off < all.length; off += ChunkPathBenchmark.PIECE) {
            reads.add(stream.buffer(Arrays.copyOfRange(all, off, Math.min(all.length, off + ChunkPathBenchmark.PIECE))));
        }
        bulk = reads.stream().mapToInt(Integer::intValue).toArray();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stream.close();
    }

    /** Each HTTP chunk (one SSE event) arrives in its own read. */
    @Benchmark
    @OperationsPerInvocation(ChunkPathBenchmark.CHUNKS)
    public int oneChunkPerRead(Blackhole bh) {
        return run(perRead, bh);
    }

    /** The response arrives in 16 KiB reads. */
    @Benchmark
    @OperationsPerInvocation(ChunkPathBenchmark.CHUNKS)
    public int bulk(Blackhole bh) {
        return run(bulk, bh);
    }

    /**
     * The same two paths timed by the calling thread's CPU time instead of the wall clock, so that
     * a shared machine's scheduling does not inflate them: {@code java -cp benchmarks.jar
     * io.llmbench.jmh.NettyChunkPathBenchmark [rounds]} prints CPU nanoseconds per content chunk for
     * each round of 200 responses (the first rounds warm up).
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        NettyChunkPathBenchmark b = new NettyChunkPathBenchmark();
        b.setUp();
        try {
            for (int r = 0; r < rounds; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 200; i++) {
                    b.oneChunkPerRead(bh);
                }
                long c1 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 200; i++) {
                    b.bulk(bh);
                }
                long c2 = threads.getCurrentThreadCpuTime();
                System.out.printf(java.util.Locale.ROOT, "round %d: CPU ns per content chunk: one chunk per read %.0f, bulk %.0f%n",
                        r, (c1 - c0) / 200.0 / ChunkPathBenchmark.CHUNKS, (c2 - c1) / 200.0 / ChunkPathBenchmark.CHUNKS);
            }
        } finally {
            b.tearDown();
        }
    }

    private int run(int[] reads, Blackhole bh) {
        ChunkPathBenchmark.SinkListener listener = new ChunkPathBenchmark.SinkListener(bh);
        stream.request(PROMPT, listener);
        stream.read(head);
        for (int r : reads) {
            stream.read(r);
        }
        if (!listener.completed) {
            throw new IllegalStateException("fixture stream did not complete");
        }
        return reads.length;
    }
}
