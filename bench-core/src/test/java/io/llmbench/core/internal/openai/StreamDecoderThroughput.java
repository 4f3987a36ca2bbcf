package io.llmbench.core.internal.openai;

import io.llmbench.core.FailureKind;
import io.llmbench.core.spi.Chunks;
import io.llmbench.core.spi.ResponseListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A rough single-thread figure for "bytes to listener events": a vLLM-shaped SSE body of 2,000
 * chunks (one token each, about 230 bytes per event), fed in 16 KiB pieces, as the HTTP client
 * would. Not a test; run it with
 * {@code java -cp <test classpath> io.llmbench.core.internal.openai.StreamDecoderThroughput [seconds]}.
 * The JMH module measures the same thing properly.
 */
public final class StreamDecoderThroughput {
    private StreamDecoderThroughput() {
    }

    /** Sinks the events so the JIT cannot drop the work. */
    static final class Sink implements ResponseListener {
        long chunks;
        long chars;
        long usage;
        int completes;

        @Override
        public void onSent(long sentNanos) {
        }

        @Override
        public void onChunk(boolean hasChoices, String content, long arrivalNanos) {
            chunks++;
            chars += content.length();
        }

        @Override
        public void onUsage(int promptTokens, int completionTokens) {
            usage += completionTokens;
        }

        @Override
        public void onComplete(long endNanos) {
            completes++;
        }

        @Override
        public void onFailure(FailureKind kind, String message, int httpStatus, long endNanos) {
            throw new IllegalStateException(kind + ": " + message);
        }
    }

    public static byte[] body(int chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] words = {" the", " quick", " brown", " fox", " jumps", " over", " a", " lazy", " dog", "."};
        out.writeBytes(("data: " + Chunks.role() + "\n\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < chunks; i++) {
            out.writeBytes(("data: " + Chunks.content(words[i % words.length]) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("data: " + Chunks.finish("length") + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("data: " + Chunks.usage(1024, chunks) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        byte[] body = body(2000);
        int piece = 16 * 1024;
        Sink sink = new Sink();
        System.out.printf("body: %d bytes, %d chunks + role/finish/usage, %.0f bytes per event%n",
                body.length, 2000, body.length / 2004.0);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] rates = new double[5];
        double[] cpuRates = new double[5];
        for (int round = -2; round < rates.length; round++) { // two warm-up rounds
            long start = System.nanoTime();
            long cpuStart = mx.getCurrentThreadCpuTime();
            long deadline = start + (long) (seconds * 1e9);
            long chunks = 0;
            long now;
            do {
                long before = sink.chunks;
                StreamDecoder d = new StreamDecoder(sink, "bench", s -> s);
                for (int at = 0; at < body.length; at += piece) {
                    d.feed(body, at, Math.min(piece, body.length - at), System.nanoTime());
                }
                d.end(System.nanoTime());
                chunks += sink.chunks - before;
                now = System.nanoTime();
            } while (now < deadline);
            double rate = chunks / ((now - start) / 1e9);
            double cpuRate = chunks / ((mx.getCurrentThreadCpuTime() - cpuStart) / 1e9);
            if (round >= 0) {
                rates[round] = rate;
                cpuRates[round] = cpuRate;
            }
            System.out.printf("round %d: %,.0f chunks/s wall, %,.0f chunks per CPU-second (%.0f ns CPU per chunk)%n",
                    round, rate, cpuRate, 1e9 / cpuRate);
        }
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        System.out.printf("median: %,.0f chunks/s wall, %,.0f chunks per CPU-second on one thread; sink %d chars, %d completes%n",
                rates[rates.length / 2], cpuRates[cpuRates.length / 2], sink.chars, sink.completes);
    }
}
