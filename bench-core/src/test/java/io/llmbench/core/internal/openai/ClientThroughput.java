package io.llmbench.core.internal.openai;

import io.llmbench.core.Endpoint;
import io.llmbench.core.FailureKind;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.ResponseListener;
import io.llmbench.core.workload.Prompt;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough end-to-end figure for the client: chunks per second received, parsed and reported over
 * real loopback HTTP from a server that costs almost nothing (a thread per connection writing one
 * prebuilt response of 2,000 chunks by default, keep-alive). Server and client share the JVM and the 2 cores.
 * Not a test; run with {@code java -cp <test classpath> io.llmbench.core.internal.openai.ClientThroughput
 * [concurrency] [seconds] [chunks per response] [connect timeout ms]}.
 */
public final class ClientThroughput {
    private ClientThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int chunksPerResponse = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        byte[] body = StreamDecoderThroughput.body(chunksPerResponse);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (ServerSocket server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> accept(server, head, body), "fixed-sse-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            Endpoint e = Endpoint.openAi("http://127.0.0.1:" + server.getLocalPort() + "/v1").model("m").build();
            JdkOpenAiClient client = new JdkOpenAiClient(e, new ClientOptions(Duration.ofMillis(
                    args.length > 3 ? Long.parseLong(args[3]) : 5000), concurrency));
            try {
                run(client, concurrency, 3, "warm-up");
                run(client, concurrency, seconds, "measured");
            } finally {
                client.close();
            }
            long peak = 0;
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "heap: max %d MiB, sum of pool peaks %d MiB%n",
                    Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
        }
    }

    private static void run(JdkOpenAiClient client, int concurrency, double seconds, String label) throws InterruptedException {
        AtomicLong chunks = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        Semaphore slots = new Semaphore(concurrency);
        Prompt prompt = Prompt.of("p", "hello").withMaxTokens(2000);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            slots.acquire();
            client.send(prompt, new ResponseListener() {
                long n;

                @Override
                public void onSent(long sentNanos) {
                }

                @Override
                public void onChunk(boolean hasChoices, String content, long arrivalNanos) {
                    n++;
                }

                @Override
                public void onUsage(int promptTokens, int completionTokens) {
                }

                @Override
                public void onComplete(long endNanos) {
                    chunks.addAndGet(n);
                    requests.incrementAndGet();
                    slots.release();
                }

                @Override
                public void onFailure(FailureKind kind, String message, int httpStatus, long endNanos) {
                    failures.incrementAndGet();
                    System.err.println(kind + " " + message);
                    slots.release();
                }
            });
        }
        slots.acquire(concurrency);
        slots.release(concurrency);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%s: concurrency %d, %d requests, %d failures, %,.0f chunks/s, %,.0f chunks per CPU-second "
                        + "(process CPU %.1f s over %.1f s wall, server included)%n", label, concurrency, requests.get(),
                failures.get(), chunks.get() / wall, chunks.get() / cpu, cpu, wall);
    }

    private static final ConcurrentHashMap<Socket, Boolean> OPEN = new ConcurrentHashMap<>();

    private static void accept(ServerSocket server, byte[] head, byte[] body) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                OPEN.put(s, true);
                Thread t = new Thread(() -> serve(s, head, body), "fixed-sse");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads each request (headers, then Content-Length bytes of body) and writes the fixed response. */
    private static void serve(Socket s, byte[] head, byte[] body) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            StringBuilder line = new StringBuilder();
            while (true) {
                int contentLength = 0;
                boolean any = false;
                while (true) {
                    line.setLength(0);
                    int c;
                    while ((c = in.read()) != -1 && c != '\n') {
                        if (c != '\r') {
                            line.append((char) c);
                        }
                    }
                    if (c == -1) {
                        return;
                    }
                    if (line.length() == 0) {
                        if (any) {
                            break;
                        }
                        continue;
                    }
                    any = true;
                    String l = line.toString().toLowerCase(Locale.ROOT);
                    if (l.startsWith("content-length:")) {
                        contentLength = Integer.parseInt(l.substring(15).trim());
                    }
                }
                in.skipNBytes(contentLength);
                out.write(head);
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        } finally {
            OPEN.remove(s);
        }
    }
}
