package io.llmbench.core.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Endpoint;
import io.llmbench.core.spi.Chunks;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.InferenceClientCompatibilityKit;
import io.llmbench.core.spi.RecordingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The client kit against the Netty client, and what is particular to it: loops, per-read timestamps, the pool. */
class NettyClientCompatibilityTest extends InferenceClientCompatibilityKit {

    @Override
    protected InferenceClient newClient(Endpoint endpoint, ClientOptions options) {
        return new NettyOpenAiClient(endpoint, options);
    }

    @Test
    void chunksCompletedByOneReadShareItsTimestamp() throws Exception {
        String first = Chunks.sse(Chunks.content("a"), Chunks.content("b"), Chunks.content("c"));
        String second = Chunks.sse(Chunks.content("d"), "[DONE]");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket c = s.accept()) {
                    readRequest(c.getInputStream());
                    OutputStream out = c.getOutputStream();
                    // one write for the head and three chunks: one read on the client side
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + chunk(first)).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(50);
                    out.write((chunk(second) + "0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Endpoint e = Endpoint.openAi("http://127.0.0.1:" + s.getLocalPort() + "/v1").model("m").build();
            RecordingListener l = new RecordingListener();
            client(e).send(PROMPT, l);

            assertThat(l.awaitFinal().events()).containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")",
                    "chunk(true,\"c\")", "chunk(true,\"d\")", "complete");
            List<Long> t = l.stamps();
            assertThat(t.get(2)).isEqualTo(t.get(1));
            assertThat(t.get(3)).isEqualTo(t.get(1));
            assertThat(t.get(4)).as("the next read, 50 ms later").isGreaterThan(t.get(3));
            assertThat(t.get(5)).as("[DONE] came in the same read as d").isEqualTo(t.get(4));
            served.get(5, TimeUnit.SECONDS);
        }
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    /** Reads a request's head and its Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    @Test
    void parsesOnTheEventLoopThatReadTheBytes() {
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("x"), "[DONE]")));
        List<String> threads = new ArrayList<>();
        RecordingListener l = new RecordingListener() {
            @Override
            public synchronized void onChunk(boolean hasChoices, String content, long arrivalNanos) {
                threads.add(Thread.currentThread().getName());
                super.onChunk(hasChoices, content, arrivalNanos);
            }
        };
        InferenceClient c = client();
        c.send(PROMPT, l);

        assertThat(l.awaitFinal().events()).containsExactly("sent", "chunk(true,\"x\")", "complete");
        assertThat(threads).singleElement().asString().startsWith("llmbench-loop");
        assertThat(c.eventLoops()).isNotEmpty();
        assertThat(c.enforcesTimeouts()).isTrue();
    }

    @Test
    void opensNoMoreConnectionsThanRequestsInFlight() throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            server.enqueue(sseResponse(Chunks.sse(Chunks.content("t" + i), "[DONE]")).throttleBody(64, 2, TimeUnit.MILLISECONDS));
        }
        InferenceClient c = client(endpoint().build(), new ClientOptions(Duration.ofSeconds(2), 10));
        for (int round = 0; round < 4; round++) {
            List<RecordingListener> ls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RecordingListener l = new RecordingListener();
                ls.add(l);
                c.send(PROMPT, l);
            }
            for (RecordingListener l : ls) {
                assertThat(l.awaitFinal().kind()).isNull();
            }
        }
        int connections = 0;
        for (int i = 0; i < 40; i++) {
            RecordedRequest r = server.takeRequest();
            if (r.getSequenceNumber() == 0) {
                connections++;
            }
        }
        assertThat(connections).as("connections opened for 4 rounds of 10").isBetween(1, 10);
    }

    @Test
    void rejectsAHeaderTheClientWritesItself() {
        Endpoint e = endpoint().header("Content-Length", "5").build();

        assertThatThrownBy(() -> new NettyOpenAiClient(e, new ClientOptions(Duration.ofSeconds(1), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint header 'Content-Length' cannot be set: the client writes it itself");
    }

    @Test
    void sendsAHostHeaderTheEndpointChose() throws InterruptedException {
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("x"), "[DONE]")));
        RecordingListener l = new RecordingListener();
        client(endpoint().header("Host", "inference.example").build()).send(PROMPT, l);
        l.awaitFinal();

        assertThat(server.takeRequest().getHeader("Host")).isEqualTo("inference.example");
    }
}
