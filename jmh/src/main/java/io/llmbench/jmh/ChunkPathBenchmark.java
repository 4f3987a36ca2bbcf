package io.llmbench.jmh;

import io.llmbench.core.FailureKind;
import io.llmbench.core.internal.openai.ChunkDecoder;
import io.llmbench.core.internal.openai.StreamDecoder;
import io.llmbench.core.internal.sse.SseParser;
import io.llmbench.core.spi.ResponseListener;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client's per-chunk path, bytes to listener events: SSE line splitting alone, one chunk's JSON
 * decoding alone, and both together as the client runs them ({@link StreamDecoder}). Scores are
 * nanoseconds per content chunk (the body's 2,000 content chunks plus 3 framing events and
 * {@code [DONE]} count as 2,000 operations). The body is fed in 16 KiB pieces, the size the JDK
 * HTTP client hands over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ChunkPathBenchmark {
    /** Content chunks per response. */
    public static final int CHUNKS = 2_000;
    /** The piece size the body is fed in. */
    public static final int PIECE = 16 * 1024;

    private byte[] body;
    private byte[] chunk;

    @Setup
    public void setUp() {
        body = Fixtures.sseBody(CHUNKS);
        chunk = Fixtures.contentChunk(3).getBytes(StandardCharsets.UTF_8);
    }

    /** SSE line splitting and field dispatch only; the handler sinks each data slice's length. */
    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void sseLines(Blackhole bh) {
        SseParser parser = new SseParser(new SseParser.Handler() {
            @Override
            public void onData(byte[] buf, int off, int len) {
                bh.consume(len);
            }

            @Override
            public void onBlankLine() {
                bh.consume(true);
            }

            @Override
            public void onLineTooLong(int limit) {
                throw new IllegalStateException("line too long: " + limit);
            }
        });
        feed(body, parser::feed);
        parser.end();
    }

    /** One content chunk's JSON (~215 bytes) to {@code hasChoices} and content. */
    @Benchmark
    public String decodeChunk(ChunkDecoderState s) {
        if (s.decoder.decode(chunk, 0, chunk.length) != ChunkDecoder.Result.CHUNK) {
            throw new IllegalStateException("fixture chunk did not decode");
        }
        return s.decoder.content();
    }

    /** The client's whole decode path: SSE lines, JSON chunks, stream rules, listener calls. */
    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public int streamDecoder(Blackhole bh) {
        SinkListener listener = new SinkListener(bh);
        StreamDecoder decoder = new StreamDecoder(listener, "bench", UnaryOperator.identity(), 200);
        feed(body, (b, off, len) -> decoder.feed(b, off, len, 0L));
        decoder.end(0L);
        if (!listener.completed) {
            throw new IllegalStateException("fixture stream did not complete");
        }
        return decoder.chunks();
    }

    /** A decoder kept across invocations, as the client keeps one per stream. */
    @State(Scope.Thread)
    public static class ChunkDecoderState {
        final ChunkDecoder decoder = new ChunkDecoder();
    }

    interface Feed {
        void feed(byte[] buf, int off, int len);
    }

    static void feed(byte[] body, Feed f) {
        for (int off = 0; off < body.length; off += PIECE) {
            f.feed(body, off, Math.min(PIECE, body.length - off));
        }
    }

    /** Sinks every event into a blackhole. */
    static final class SinkListener implements ResponseListener {
        private final Blackhole bh;
        boolean completed;

        SinkListener(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void onSent(long sentNanos) {
        }

        @Override
        public void onChunk(boolean hasChoices, String content, long arrivalNanos) {
            bh.consume(hasChoices);
            bh.consume(content);
        }

        @Override
        public void onUsage(int promptTokens, int completionTokens) {
            bh.consume(completionTokens);
        }

        @Override
        public void onComplete(long endNanos) {
            completed = true;
        }

        @Override
        public void onFailure(FailureKind kind, String message, int httpStatus, long endNanos) {
            throw new IllegalStateException("fixture stream failed: " + kind + " " + message);
        }
    }
}
