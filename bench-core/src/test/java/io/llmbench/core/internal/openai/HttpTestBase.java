package io.llmbench.core.internal.openai;

import io.llmbench.core.Endpoint;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.workload.Prompt;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A MockWebServer on loopback and clients that are closed after each test. */
abstract class HttpTestBase {
    static final Prompt PROMPT = Prompt.of("p1", "Say hello").withMaxTokens(16);

    MockWebServer server;
    private final List<OpenAiClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stopServer() throws IOException {
        clients.forEach(OpenAiClient::close);
        server.shutdown();
    }

    Endpoint.Builder endpoint() {
        return Endpoint.openAi(server.url("/v1").toString()).model("test-model");
    }

    String uri() {
        return server.url("/v1/chat/completions").toString();
    }

    OpenAiClient client(Endpoint e) {
        OpenAiClient c = new OpenAiClient(e, new ClientOptions(Duration.ofSeconds(2), 16));
        clients.add(c);
        return c;
    }

    OpenAiClient client() {
        return client(endpoint().build());
    }

    static MockResponse sseResponse(String body) {
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body);
    }

    /** Sends {@link #PROMPT} with a default endpoint against one enqueued response and waits for the final call. */
    RecordingListener stream(MockResponse response) {
        return stream(response, UnaryOperator.identity());
    }

    RecordingListener stream(MockResponse response, UnaryOperator<Endpoint.Builder> configure) {
        server.enqueue(response);
        RecordingListener l = new RecordingListener();
        client(configure.apply(endpoint()).build()).send(PROMPT, l);
        return l.awaitFinal();
    }
}
