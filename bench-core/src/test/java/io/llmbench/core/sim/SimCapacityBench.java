package io.llmbench.core.sim;

import io.llmbench.core.internal.SyntheticText;
import io.llmbench.core.internal.Tokenizers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Measures the simulated endpoint's own capacity (a benchmark program, not a test). A one-thread
 * NIO client keeps {@code connections} keep-alive connections busy in a closed loop and only
 * looks for the end of each response, so it costs as little as a client can.
 *
 * <pre>
 * java -cp ... io.llmbench.core.sim.SimCapacityBench fixed  CONNECTIONS CHUNKS SECONDS
 * java -cp ... io.llmbench.core.sim.SimCapacityBench timed  CONNECTIONS TOKENS STEP_MS SECONDS
 * java -cp ... io.llmbench.core.sim.SimCapacityBench hold   STREAMS TOKENS STEP_MS
 * java -cp ... io.llmbench.core.sim.SimCapacityBench tokenize
 * java -cp ... io.llmbench.core.sim.SimCapacityBench precision CONNECTIONS REQUESTS
 * </pre>
 */
public final class SimCapacityBench {
    private static final byte[] END = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private SimCapacityBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fixed": {
                int conns = Integer.parseInt(args[1]);
                int chunks = Integer.parseInt(args[2]);
                int seconds = Integer.parseInt(args[3]);
                try (SimulatedEndpoint sim = SimulatedEndpoint.builder().fixedResponse(chunks, 1).traceCapacity(0).start()) {
                    run(sim, conns, 3, 10, "fixed " + chunks + " chunks/response");          // warm-up
                    run(sim, conns, seconds, 10, "fixed " + chunks + " chunks/response");
                }
                break;
            }
            case "timed": {
                int conns = Integer.parseInt(args[1]);
                int tokens = Integer.parseInt(args[2]);
                double step = Double.parseDouble(args[3]);
                int seconds = Integer.parseInt(args[4]);
                TimingModel m = TimingModel.builder().prefill(0, 0).decode(step, 0).maxRunning(1_000_000).jitter(0).build();
                try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(m).traceCapacity(0).start()) {
                    run(sim, conns, seconds, tokens, "timed " + tokens + " tokens, step " + step + " ms");
                }
                break;
            }
            case "hold": {
                int streams = Integer.parseInt(args[1]);
                int tokens = Integer.parseInt(args[2]);
                double step = Double.parseDouble(args[3]);
                TimingModel m = TimingModel.builder().prefill(1, 0).decode(step, 0).maxRunning(1_000_000).jitter(0).build();
                try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(m).traceCapacity(0).start()) {
                    hold(sim, streams, tokens);
                }
                break;
            }
            case "tokenize": {
                for (int n : new int[] {100, 1000, 8000, 32000}) {
                    String text = SyntheticText.ofTokens(n, n);
                    long sink = 0;
                    for (int i = 0; i < 200; i++) {
                        sink += Tokenizers.count("cl100k_base", text);
                    }
                    int reps = Math.max(20, 400_000 / n);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        sink += Tokenizers.count("cl100k_base", text);
                    }
                    double us = (System.nanoTime() - t0) / 1e3 / reps;
                    System.out.printf(Locale.ROOT, "tokenize %6d tokens: %9.1f us/prompt, %.3f us/token (sink %d)%n",
                            n, us, us / n, sink % 7);
                }
                break;
            }
            case "precision": {
                int conns = Integer.parseInt(args[1]);
                int requests = Integer.parseInt(args[2]);
                TimingModel m = TimingModel.builder().prefill(20, 0).decode(10, 0).maxRunning(1_000_000).jitter(0).build();
                try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(m).traceCapacity(requests * 2).start()) {
                    run(sim, conns, 2, 10, "precision warm-up");
                    int before = sim.traces().size();
                    run(sim, conns, Math.max(1, requests * 110 / 1000 / conns), 10, "precision");
                    java.util.List<RequestTrace> t = sim.traces();
                    double[] first = t.subList(before, t.size()).stream().filter(RequestTrace::completed)
                            .mapToDouble(r -> (r.firstTokenNanos() - r.admittedNanos()) / 1e6 - r.prefillMillis()).sorted().toArray();
                    double[] decode = t.subList(before, t.size()).stream().filter(RequestTrace::completed)
                            .mapToDouble(r -> (r.lastTokenNanos() - r.firstTokenNanos()) / 1e6 - r.decodeMillis()).sorted().toArray();
                    System.out.printf(Locale.ROOT, "first token late by (ms): p50 %.3f p90 %.3f p99 %.3f max %.3f; "
                                    + "last token vs planned decode (ms): p50 %.3f p99 %.3f (n=%d)%n",
                            pct(first, 50), pct(first, 90), pct(first, 99), first[first.length - 1],
                            pct(decode, 50), pct(decode, 99), first.length);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("mode must be fixed, timed, hold, tokenize or precision, but was " + args[0]);
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static byte[] request(int tokens) {
        String body = "{\"model\":\"" + SimulatedEndpoint.DEFAULT_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say something.\"}],"
                + "\"max_tokens\":" + tokens + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        return ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** Per-connection state of the client: the last bytes seen, to spot the end of a response. */
    private static final class Conn {
        final SocketChannel ch;
        final byte[] tail = new byte[END.length];
        int tailLen;
        long bytes;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }

        boolean ended(ByteBuffer b) {
            int n = b.position();
            byte[] a = b.array();
            if (n >= END.length) {
                System.arraycopy(a, n - END.length, tail, 0, END.length);
                tailLen = END.length;
            } else {
                int keep = Math.min(tailLen, END.length - n);
                System.arraycopy(tail, tailLen - keep, tail, 0, keep);
                System.arraycopy(a, 0, tail, keep, n);
                tailLen = keep + n;
            }
            if (tailLen < END.length) {
                return false;
            }
            for (int i = 0; i < END.length; i++) {
                if (tail[i] != END[i]) {
                    return false;
                }
            }
            tailLen = 0;
            return true;
        }
    }

    private static void run(SimulatedEndpoint sim, int conns, int seconds, int tokens, String label) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[] req = request(tokens);
        long simCpu0 = simCpuNanos(threads);
        long procCpu0 = processCpuNanos();
        SimStats s0 = sim.stats();
        long responses = 0;
        try (Selector sel = Selector.open()) {
            for (int i = 0; i < conns; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", sim.port()));
                ch.configureBlocking(false);
                ch.register(sel, SelectionKey.OP_READ, new Conn(ch));
                ch.write(ByteBuffer.wrap(req));
            }
            ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                sel.select(100);
                for (SelectionKey k : sel.selectedKeys()) {
                    Conn c = (Conn) k.attachment();
                    while (true) {
                        buf.clear();
                        int n = c.ch.read(buf);
                        if (n <= 0) {
                            if (n < 0) {
                                throw new IOException("server closed a connection");
                            }
                            break;
                        }
                        c.bytes += n;
                        if (c.ended(buf)) {
                            responses++;
                            c.ch.write(ByteBuffer.wrap(req));
                            break;
                        }
                    }
                }
                sel.selectedKeys().clear();
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            for (SelectionKey k : sel.keys()) {
                k.channel().close();
            }
            SimStats s1 = sim.stats();
            long chunks = s1.chunksSent() - s0.chunksSent();
            double simCpu = (simCpuNanos(threads) - simCpu0) / 1e9;
            double procCpu = (processCpuNanos() - procCpu0) / 1e9;
            System.out.printf(Locale.ROOT,
                    "%s, %d connections, %.1f s: %d responses (%.0f/s), %.0f chunks/s, %.1f MB/s; "
                            + "sim CPU %.2f s (%.0f chunks per sim CPU-second), process CPU %.2f s; max lag %.2f ms, late events %d%n",
                    label, conns, elapsed, responses, responses / elapsed, chunks / elapsed,
                    (s1.bytesSent() - s0.bytesSent()) / elapsed / 1e6, simCpu, chunks / simCpu, procCpu,
                    s1.maxLagMillis(), s1.lateEvents());
        }
    }

    private static void hold(SimulatedEndpoint sim, int streams, int tokens) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heap0 = memory.getHeapMemoryUsage().getUsed();
        byte[] req = request(tokens);
        long t0 = System.nanoTime();
        long simCpu0 = simCpuNanos(threads);
        int done = 0;
        int peakRunning = 0;
        long peakHeap = 0;
        try (Selector sel = Selector.open()) {
            for (int i = 0; i < streams; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", sim.port()));
                ch.configureBlocking(false);
                ch.register(sel, SelectionKey.OP_READ, new Conn(ch));
                ch.write(ByteBuffer.wrap(req));
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long lastSample = 0;
            while (done < streams && System.nanoTime() - t0 < 300_000_000_000L) {
                sel.select(100);
                for (SelectionKey k : sel.selectedKeys()) {
                    Conn c = (Conn) k.attachment();
                    buf.clear();
                    int n = c.ch.read(buf);
                    if (n < 0) {
                        throw new IOException("server closed a connection");
                    }
                    if (n > 0 && c.ended(buf)) {
                        done++;
                        k.cancel();
                        c.ch.close();
                    }
                }
                sel.selectedKeys().clear();
                if (System.nanoTime() - lastSample > 200_000_000L) {
                    lastSample = System.nanoTime();
                    peakRunning = Math.max(peakRunning, sim.stats().running());
                    peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            SimStats s = sim.stats();
            long simThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("llmbench-sim-")).count();
            System.out.printf(Locale.ROOT,
                    "hold %d streams x %d tokens: %d complete in %.1f s (connections opened in %.1f s), peak running %d, "
                            + "sim threads %d, JVM threads %d, heap before %.0f MB, peak sampled heap %.0f MB, "
                            + "sim CPU %.2f s, chunks %d, max lag %.2f ms, late events %d%n",
                    streams, tokens, done, elapsed, openSeconds, peakRunning, simThreads, threads.getThreadCount(),
                    heap0 / 1e6, peakHeap / 1e6, (simCpuNanos(threads) - simCpu0) / 1e9, s.chunksSent(),
                    s.maxLagMillis(), s.lateEvents());
        }
    }

    private static long simCpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("llmbench-sim-")) {
                long c = threads.getThreadCpuTime(t.getId());
                if (c > 0) {
                    sum += c;
                }
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}
