package io.llmbench.core.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.Endpoint;
import io.llmbench.core.FailureKind;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.workload.Prompt;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Connection failures, cancellation, closing, and many streams at once. */
class OpenAiClientTransportTest extends HttpTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void refusedConnectionIsConnect() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Endpoint e = Endpoint.openAi("http://127.0.0.1:" + port + "/v1").model("m").build();
        RecordingListener l = new RecordingListener();

        client(e).send(PROMPT, l);

        assertThat(l.awaitFinal().events()).containsExactly("sent", "failure(CONNECT,0)");
        assertThat(l.message()).startsWith("cannot connect to http://127.0.0.1:" + port + "/v1/chat/completions: ");
    }

    @Test
    void connectThatTakesTooLongIsConnectWithTimeoutInTheMessage() throws IOException {
        // a listening socket that never accepts, with its backlog filled: new connections hang in SYN
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket f = new Socket();
                    try {
                        f.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()), 200);
                        fillers.add(f);
                    } catch (IOException full) {
                        f.close();
                        break;
                    }
                }
                Endpoint e = Endpoint.openAi("http://127.0.0.1:" + s.getLocalPort() + "/v1").model("m").build();
                RecordingListener l = new RecordingListener();
                OpenAiClient c = new OpenAiClient(e, new ClientOptions(Duration.ofMillis(300), 1));
                try {
                    c.send(PROMPT, l);
                    assertThat(l.awaitFinal().events()).containsExactly("sent", "failure(CONNECT,0)");
                    assertThat(l.message()).isEqualTo("connect timeout after 300 ms to http://127.0.0.1:"
                            + s.getLocalPort() + "/v1/chat/completions");
                } finally {
                    c.close();
                }
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    private static String slowStream(int chunks) {
        StringBuilder sb = new StringBuilder(Chunks.sse(Chunks.role()));
        for (int i = 0; i < chunks; i++) {
            sb.append(Chunks.sse(Chunks.content("t" + i)));
        }
        return sb.append(Chunks.sse("[DONE]")).toString();
    }

    @Test
    void cancelStopsEventsMidStream() throws InterruptedException {
        // one chunk (~180 bytes) every 20 ms: the whole stream would take about 1 s
        server.enqueue(sseResponse(slowStream(50)).throttleBody(180, 20, TimeUnit.MILLISECONDS));
        RecordingListener l = new RecordingListener();
        InferenceClient.InFlight f = client().send(PROMPT, l);
        l.awaitFirstContent();

        f.cancel();
        List<String> atCancel = l.events();
        boolean finalCall = l.awaitFinal(Duration.ofMillis(1500));

        assertThat(finalCall).as("a final call after cancel").isFalse();
        assertThat(l.events()).isEqualTo(atCancel).doesNotContain("chunk(true,\"t49\")");
    }

    @Test
    void cancelBeforeTheHeadersArriveStopsEverything() throws InterruptedException {
        server.enqueue(sseResponse(slowStream(3)).setHeadersDelay(500, TimeUnit.MILLISECONDS));
        RecordingListener l = new RecordingListener();
        InferenceClient.InFlight f = client().send(PROMPT, l);

        f.cancel();
        f.cancel(); // idempotent

        assertThat(l.awaitFinal(Duration.ofMillis(1200))).isFalse();
        assertThat(l.events()).containsExactly("sent");
    }

    @Test
    void closeAbortsRequestsInFlightAndRefusesNewOnes() throws InterruptedException {
        server.enqueue(sseResponse(slowStream(50)).throttleBody(180, 20, TimeUnit.MILLISECONDS));
        OpenAiClient c = client();
        RecordingListener l = new RecordingListener();
        c.send(PROMPT, l);
        l.awaitFirstContent();

        c.close();
        c.close(); // idempotent
        List<String> atClose = l.events();
        RecordingListener after = new RecordingListener();
        c.send(PROMPT, after);

        assertThat(l.awaitFinal(Duration.ofMillis(1000))).isFalse();
        assertThat(l.events()).isEqualTo(atClose);
        assertThat(after.awaitFinal().events()).containsExactly("failure(CANCELLED,0)");
    }

    @Test
    void manyConcurrentStreamsEachGetTheirOwnChunks() {
        // the server streams each request's own prompt back, word by word, slowly enough that all overlap
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    JsonNode body = JSON.readTree(request.getBody().readUtf8());
                    String text = body.get("messages").get(0).get("content").asText();
                    StringBuilder sb = new StringBuilder();
                    for (String w : text.split(" ")) {
                        sb.append(Chunks.sse(Chunks.content(w)));
                    }
                    sb.append(Chunks.sse(Chunks.usage(1, text.split(" ").length), "[DONE]"));
                    return sseResponse(sb.toString()).throttleBody(256, 5, TimeUnit.MILLISECONDS);
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(500);
                }
            }
        });
        OpenAiClient c = new OpenAiClient(endpoint().build(), new ClientOptions(Duration.ofSeconds(2), 100));
        try {
            List<RecordingListener> listeners = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                RecordingListener l = new RecordingListener();
                listeners.add(l);
                c.send(Prompt.of("p" + i, "w" + i + "a w" + i + "b w" + i + "c w" + i + "d"), l);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(listeners.get(i).awaitFinal().events()).containsExactly("sent", "chunk(true,\"w" + i + "a\")",
                        "chunk(true,\"w" + i + "b\")", "chunk(true,\"w" + i + "c\")", "chunk(true,\"w" + i + "d\")",
                        "chunk(false,\"\")", "usage(1,4)", "complete");
            }
        } finally {
            c.close();
        }
    }

    @Test
    void reusesTheConnectionAfterDone() throws InterruptedException {
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("a"), "[DONE]")));
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("b"), "[DONE]")));
        OpenAiClient c = client();
        RecordingListener first = new RecordingListener();
        c.send(PROMPT, first);
        first.awaitFinal();
        // the final call comes at [DONE]; the connection returns to the pool once the rest of the
        // body is drained, so wait for that before the second request
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (c.inFlightCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(20);
        RecordingListener second = new RecordingListener();
        c.send(PROMPT, second);

        assertThat(second.awaitFinal().events()).containsExactly("sent", "chunk(true,\"b\")", "complete");
        assertThat(server.takeRequest().getSequenceNumber()).isZero();
        assertThat(server.takeRequest().getSequenceNumber()).as("requests before it on the same connection").isOne();
    }

    @Test
    void cancelAfterTheFinalCallLetsTheBodyDrainAndKeepsTheConnection() throws InterruptedException {
        // The engine cancels the handle of a request that finished before send() returned (a fast
        // server). Aborting the drain after [DONE] closed the connection, and java.net.http may
        // already have handed that connection to the next request, which then failed with
        // "header parser received no bytes". Here the rest of the body after [DONE] arrives late,
        // so the cancel always comes during the drain.
        String head = Chunks.sse(Chunks.content("a"), "[DONE]");
        server.enqueue(sseResponse(head + ": padding after done\n\n").throttleBody(head.length(), 300, TimeUnit.MILLISECONDS));
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("b"), "[DONE]")));
        OpenAiClient c = client();
        RecordingListener first = new RecordingListener();
        InferenceClient.InFlight firstHandle = c.send(PROMPT, first);
        first.awaitFinal();
        assertThat(c.inFlightCount()).as("still draining after [DONE]").isOne();
        firstHandle.cancel();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (c.inFlightCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(20);
        RecordingListener second = new RecordingListener();
        c.send(PROMPT, second);

        assertThat(second.awaitFinal().events()).containsExactly("sent", "chunk(true,\"b\")", "complete");
        assertThat(first.events()).containsExactly("sent", "chunk(true,\"a\")", "complete");
        assertThat(server.takeRequest().getSequenceNumber()).isZero();
        assertThat(server.takeRequest().getSequenceNumber()).as("requests before the second on its connection").isOne();
    }

    @Test
    void closeAbortsAnExchangeThatIsStillDrainingAfterDone() throws InterruptedException {
        String head = Chunks.sse(Chunks.content("a"), "[DONE]");
        server.enqueue(sseResponse(head + ": padding after done\n\n").throttleBody(head.length(), 3, TimeUnit.SECONDS));
        OpenAiClient c = client();
        RecordingListener first = new RecordingListener();
        c.send(PROMPT, first);
        first.awaitFinal();
        assertThat(c.inFlightCount()).as("still draining after [DONE]").isOne();
        c.close();
        long deadline = System.nanoTime() + 1_500_000_000L;
        while (c.inFlightCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(c.inFlightCount()).as("aborted by close, long before the rest of the body").isZero();
        assertThat(first.events()).containsExactly("sent", "chunk(true,\"a\")", "complete");
    }

    @Test
    void aListenerThatThrowsFailsItsOwnRequestOnly() {
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("boom"), Chunks.content("never"), "[DONE]")));
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("fine"), "[DONE]")));
        OpenAiClient c = client();
        RecordingListener throwing = new RecordingListener() {
            @Override
            public synchronized void onChunk(boolean hasChoices, String content) {
                super.onChunk(hasChoices, content);
                throw new IllegalStateException("listener bug");
            }
        };
        c.send(PROMPT, throwing);
        throwing.awaitFinal();
        RecordingListener next = new RecordingListener();
        c.send(PROMPT, next);

        assertThat(throwing.events()).containsExactly("sent", "chunk(true,\"boom\")", "failure(OTHER,200)");
        assertThat(throwing.message()).isEqualTo("reading the response from " + uri()
                + " failed: java.lang.IllegalStateException: listener bug");
        assertThat(next.awaitFinal().events()).containsExactly("sent", "chunk(true,\"fine\")", "complete");
    }

    @Test
    void unknownHostIsConnect() {
        Endpoint e = Endpoint.openAi("http://llmbench-no-such-host.invalid/v1").model("m").build();
        RecordingListener l = new RecordingListener();

        client(e).send(PROMPT, l);

        assertThat(l.awaitFinal().kind()).isEqualTo(FailureKind.CONNECT);
        assertThat(l.message()).startsWith("cannot connect to http://llmbench-no-such-host.invalid/v1/chat/completions");
    }
}
