package io.llmbench.core.spi;

import static io.llmbench.core.spi.Chunks.content;
import static io.llmbench.core.spi.Chunks.emptyDelta;
import static io.llmbench.core.spi.Chunks.finish;
import static io.llmbench.core.spi.Chunks.role;
import static io.llmbench.core.spi.Chunks.sse;
import static io.llmbench.core.spi.Chunks.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.Benchmark;
import io.llmbench.core.BenchmarkResult;
import io.llmbench.core.Endpoint;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Load;
import io.llmbench.core.RequestRecord;
import io.llmbench.core.workload.Prompt;
import io.llmbench.core.workload.PromptInfo;
import io.llmbench.core.workload.Workload;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every OpenAI-compatible {@link InferenceClient} must show, over real HTTP on
 * loopback (MockWebServer): each SSE quirk with the exact event sequence it must give (data with
 * and without a space, CR, LF and CRLF line ends, lines split across reads, comments, role-only and
 * empty-delta chunks, multi-token chunks, reasoning and tool calls, usage-only final chunk,
 * {@code [DONE]}, in-stream errors, truncated and non-SSE bodies, garbage), whole JSON responses,
 * HTTP 4xx, 429 and 5xx with the server's message, the API key kept out of every message, what
 * goes on the wire, refused, slow and lost connections, cancellation and closing, many streams at
 * once, keep-alive reuse, timestamps, timeouts (through the engine, so a client that leaves them
 * to the engine passes too) and TLS with a certificate made for the test.
 *
 * <p>To check a client, extend this class in a test and implement {@link #newClient}; the class is
 * in bench-core's test-jar ({@code <type>test-jar</type>}). The kit tests behaviour, not timing:
 * MockWebServer may coalesce writes, so no test depends on how bytes are split into reads.
 */
public abstract class InferenceClientCompatibilityKit {
    /** The prompt most tests send. */
    protected static final Prompt PROMPT = Prompt.of("p1", "Say hello").withMaxTokens(16);
    /** The most bytes of an HTTP error body a client quotes. */
    protected static final int ERROR_BODY_BYTES = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-live-5f2a9c0e7b1d4e8f";

    protected MockWebServer server;
    private final List<InferenceClient> clients = new ArrayList<>();

    /** Creates the client under test; the kit closes it after the test. */
    protected abstract InferenceClient newClient(Endpoint endpoint, ClientOptions options);

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stopServer() throws IOException {
        clients.forEach(InferenceClient::close);
        server.shutdown();
    }

    /** An endpoint for the mock server whose client is the one under test. */
    protected Endpoint.Builder endpoint() {
        return Endpoint.openAi(server.url("/v1").toString()).model("test-model");
    }

    protected String uri() {
        return server.url("/v1/chat/completions").toString();
    }

    protected InferenceClient client(Endpoint e, ClientOptions options) {
        InferenceClient c = newClient(e, options);
        clients.add(c);
        return c;
    }

    protected InferenceClient client(Endpoint e) {
        return client(e, new ClientOptions(Duration.ofSeconds(2), 16));
    }

    protected InferenceClient client() {
        return client(endpoint().build());
    }

    protected static MockResponse sseResponse(String body) {
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body);
    }

    /** Sends {@link #PROMPT} with a default endpoint against one enqueued response and waits for the final call. */
    protected RecordingListener stream(MockResponse response) {
        return stream(response, UnaryOperator.identity());
    }

    protected RecordingListener stream(MockResponse response, UnaryOperator<Endpoint.Builder> configure) {
        server.enqueue(response);
        RecordingListener l = new RecordingListener();
        client(configure.apply(endpoint()).build()).send(PROMPT, l);
        return l.awaitFinal();
    }

    /** Runs one request through the engine with the client under test. */
    protected RequestRecord runOne(UnaryOperator<Benchmark.Builder> configure) {
        Endpoint e = endpoint().client(this::newClient).build();
        BenchmarkResult r = configure.apply(Benchmark.builder().endpoints(e).workload(Workload.of(List.of(PROMPT)))
                .load(Load.sequential()).requests(1)).run();
        return r.endpoints().get(0).records().get(0);
    }
    @Test
    public void reportsRoleChunkContentFinishUsageAndDoneInOrder() {
        RecordingListener l = stream(sseResponse(sse(role(), content("Hello"), content(" world"), finish("stop"),
                usage(7, 2), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"\")", "chunk(true,\"Hello\")",
                "chunk(true,\" world\")", "chunk(true,\"\")", "chunk(false,\"\")", "usage(7,2)", "complete");
    }

    @Test
    public void acceptsDataFieldsWithoutASpace() {
        String body = "data:" + content("a") + "\n\ndata:" + content("b") + "\n\ndata:[DONE]\n\n";

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    public void acceptsCrlfLineEnds() {
        String body = sse(content("a"), content("b"), "[DONE]").replace("\n", "\r\n");

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    public void acceptsCrLineEnds() {
        String body = sse(content("a"), content("b"), "[DONE]").replace("\n", "\r");

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    public void joinsLinesSplitAcrossNetworkReads() {
        String body = sse(role(), content("split"), content(" across"), content(" reads"), "[DONE]")
                .replace("\n", "\r\n");
        // 5 bytes every 2 ms: every line (and CRLF pairs) arrive in pieces
        MockResponse r = sseResponse(body).throttleBody(5, 2, TimeUnit.MILLISECONDS);

        assertThat(stream(r).events()).containsExactly("sent", "chunk(true,\"\")", "chunk(true,\"split\")",
                "chunk(true,\" across\")", "chunk(true,\" reads\")", "complete");
    }

    @Test
    public void ignoresCommentAndKeepAliveLines() {
        String body = ": ping\n\n" + sse(content("a")) + ":\n: keep-alive 2\n\n" + sse(content("b"), "[DONE]");

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    public void ignoresEventIdAndRetryFields() {
        String body = "retry: 3000\n\nevent: message\nid: 1\ndata: " + content("a") + "\n\n"
                + "id: 2\nevent: message\ndata: " + content("b") + "\n\ndata: [DONE]\n\n";

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    public void reportsRoleOnlyFirstChunkAsChoicesWithoutContent() {
        RecordingListener l = stream(sseResponse(sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}", content("x"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"\")", "chunk(true,\"x\")", "complete");
    }

    @Test
    public void reportsEmptyDeltasAsChunksWithoutContent() {
        RecordingListener l = stream(sseResponse(sse(content("x"), emptyDelta(), content(""), content("y"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "chunk(true,\"\")", "chunk(true,\"\")",
                "chunk(true,\"y\")", "complete");
    }

    @Test
    public void reportsAMultiTokenChunkAsOneChunk() {
        RecordingListener l = stream(sseResponse(sse(content("one two three four"), content(" five"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"one two three four\")", "chunk(true,\" five\")",
                "complete");
    }

    @Test
    public void countsReasoningAsContent() {
        String reasoningContent = "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"}}]}";
        String reasoning = "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"ing\"}}]}";
        // newer vLLM sends the same text under both names: it must count once
        String both = "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\" hard\",\"reasoning\":\" hard\"}}]}";

        RecordingListener l = stream(sseResponse(sse(reasoningContent, reasoning, both, content("Answer"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"think\")", "chunk(true,\"ing\")",
                "chunk(true,\" hard\")", "chunk(true,\"Answer\")", "complete");
    }

    @Test
    public void countsToolCallNamesAndArgumentsAsContent() {
        String start = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}";
        String args = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]}}]}";

        RecordingListener l = stream(sseResponse(sse(start, args, finish("tool_calls"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"get_weather\")",
                "chunk(true,\"{\"city\": \"Paris\"}\")", "chunk(true,\"\")", "complete");
    }

    @Test
    public void decodesCompletionsApiText() throws InterruptedException {
        RecordingListener l = stream(sseResponse(sse(Chunks.text("Once"), Chunks.text(" upon"), usage(3, 2), "[DONE]")),
                e -> e.api(Endpoint.Api.COMPLETIONS));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"Once\")", "chunk(true,\" upon\")",
                "chunk(false,\"\")", "usage(3,2)", "complete");
        assertThat(server.takeRequest().getPath()).isEqualTo("/v1/completions");
    }

    @Test
    public void reportsUsageOnlyFinalChunk() {
        RecordingListener l = stream(sseResponse(sse(content("x"), usage(12, 1), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "chunk(false,\"\")", "usage(12,1)", "complete");
    }

    @Test
    public void reportsUsageCarriedOnAContentChunkAfterTheChunk() {
        String withUsage = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}";

        assertThat(stream(sseResponse(sse(withUsage, "[DONE]"))).events())
                .containsExactly("sent", "chunk(true,\"x\")", "usage(5,1)", "complete");
    }

    @Test
    public void completesAtDoneAndIgnoresWhatFollows() {
        RecordingListener l = stream(sseResponse(sse(content("x"), "[DONE]", content("late"), "garbage")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "complete");
    }

    @Test
    public void inStreamErrorObjectIsStreamErrorWithTheServerMessage() {
        String error = "{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\",\"code\":500}}";

        RecordingListener l = stream(sseResponse(sse(content("x"), error, content("never"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "failure(STREAM_ERROR,200)");
        assertThat(l.message()).isEqualTo("error in stream from " + uri() + " after 1 chunks: CUDA out of memory");
    }

    @Test
    public void vllmErrorResponseShapeIsStreamError() {
        String error = "{\"object\":\"error\",\"message\":\"The model does not exist.\",\"type\":\"NotFoundError\",\"code\":404}";

        RecordingListener l = stream(sseResponse(sse(error)));

        assertThat(l.events()).containsExactly("sent", "failure(STREAM_ERROR,200)");
        assertThat(l.message()).endsWith(": The model does not exist.");
    }

    @Test
    public void errorEventIsStreamErrorEvenWithoutAnErrorObject() {
        String body = sse(content("x")) + "event: error\ndata: overloaded, try later\n\n" + sse(content("y"), "[DONE]");

        RecordingListener l = stream(sseResponse(body));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "failure(STREAM_ERROR,200)");
        assertThat(l.message()).endsWith(": overloaded, try later");
    }

    @Test
    public void nonJsonDataIsMalformedAndStopsReading() {
        RecordingListener l = stream(sseResponse(sse(content("x"), "<html>Bad gateway</html>", content("never"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "failure(MALFORMED,200)");
        assertThat(l.message()).startsWith("malformed data in stream from " + uri() + " after 1 chunks: ")
                .endsWith("; data: <html>Bad gateway</html>");
    }

    @Test
    public void jsonThatIsNotAnObjectIsMalformed() {
        RecordingListener l = stream(sseResponse(sse("[1, 2]", "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).contains("expected a JSON object but found an array");
    }

    @Test
    public void streamEndingWithoutDoneIsDisconnect() {
        RecordingListener l = stream(sseResponse(sse(role(), content("a"), content("b"))));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"\")", "chunk(true,\"a\")", "chunk(true,\"b\")",
                "failure(DISCONNECT,200)");
        assertThat(l.message()).isEqualTo("stream from " + uri() + " ended without [DONE] or finish_reason after 3 chunks");
    }

    @Test
    public void streamEndingWithoutDoneAfterAFinishReasonCompletes() {
        RecordingListener l = stream(sseResponse(sse(content("a"), finish("length"), usage(4, 1))));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"\")", "chunk(false,\"\")",
                "usage(4,1)", "complete");
    }

    @Test
    public void streamCutInsideAChunkIsDisconnect() {
        String body = sse(content("a")) + "data: {\"choices\":[{\"index\":0,\"delta\":{\"cont";

        RecordingListener l = stream(sseResponse(body));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"a\")", "failure(DISCONNECT,200)");
        assertThat(l.message()).startsWith("stream from " + uri() + " ended inside a chunk after 1 chunks");
    }

    @Test
    public void connectionResetMidStreamIsDisconnect() {
        StringBuilder body = new StringBuilder(sse(role()));
        for (int i = 0; i < 200; i++) {
            body.append(sse(content("token" + i)));
        }
        body.append(sse("[DONE]"));
        MockResponse r = sseResponse(body.toString()).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);

        RecordingListener l = stream(r);

        assertThat(l.events()).first().isEqualTo("sent");
        assertThat(l.events()).last().isEqualTo("failure(DISCONNECT,200)");
        assertThat(l.events()).hasSizeBetween(3, 200).doesNotContain("complete");
        assertThat(l.message()).startsWith("connection to " + uri() + " lost after ");
    }

    @Test
    public void serverClosingBeforeTheResponseIsDisconnect() {
        RecordingListener l = stream(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

        assertThat(l.events()).containsExactly("sent", "failure(DISCONNECT,0)");
        assertThat(l.message()).startsWith("connection to " + uri() + " failed before the response: ");
    }

    @Test
    public void oneJsonPerDataLineWithoutBlankLinesGivesOneChunkPerLine() {
        String body = "data: " + content("a") + "\ndata: " + content("b") + "\ndata: " + content("c") + "\ndata: [DONE]\n";

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "chunk(true,\"c\")", "complete");
    }

    @Test
    public void jsonSplitOverSeveralDataLinesOfOneEventIsOneChunk() {
        String body = "data: {\"choices\": [\ndata:   {\"index\": 0, \"delta\": {\"content\": \"joined\"}}\ndata: ]}\n\n"
                + sse(content("next"), "[DONE]");

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"joined\")", "chunk(true,\"next\")", "complete");
    }

    @Test
    public void eventEndingInsideAJsonValueIsMalformed() {
        String body = "data: {\"choices\": [\n\n" + sse(content("never"), "[DONE]");

        RecordingListener l = stream(sseResponse(body));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).contains("an event ended inside a JSON value");
    }

    @Test
    public void bodyWithoutDataLinesIsNotAnSseStream() {
        RecordingListener l = stream(sseResponse("Service temporarily unavailable\nplease retry\n"));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).isEqualTo("response from " + uri()
                + " is not an SSE stream (no data: lines); it starts with: Service temporarily unavailable");
    }

    @Test
    public void emptyStreamIsDisconnect() {
        RecordingListener l = stream(sseResponse(""));

        assertThat(l.events()).containsExactly("sent", "failure(DISCONNECT,200)");
    }

    @Test
    public void jsonResponseToAStreamingRequestIsReadWhole() {
        String json = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"whole\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";

        RecordingListener l = stream(new MockResponse().setHeader("Content-Type", "application/json").setBody(json));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"whole\")", "usage(3,1)", "complete");
    }

    @Test
    public void streamWithoutContentTypeIsReadAsSse() {
        RecordingListener l = stream(new MockResponse().setBody(sse(content("a"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"a\")", "complete");
    }

    @Test
    public void multiByteCharactersSplitAcrossReadsSurvive() {
        MockResponse r = sseResponse(sse(content("héllo wörld ✓ 日本語 🙂"), "[DONE]")).throttleBody(3, 1, TimeUnit.MILLISECONDS);

        assertThat(stream(r).events()).containsExactly("sent", "chunk(true,\"héllo wörld ✓ 日本語 🙂\")", "complete");
    }

    protected static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    protected RecordingListener whole(MockResponse r) {
        return stream(r, e -> e.stream(false));
    }

    @Test
    public void nonStreamedChatReportsContentUsageAndCompletion() {
        RecordingListener l = whole(json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"total_tokens\":12,\"completion_tokens\":3}}"));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"Hello there\")", "usage(9,3)", "complete");
    }

    @Test
    public void nonStreamedChatCountsReasoningAndToolCalls() {
        RecordingListener l = whole(json(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"reasoning_content\":\"Let me see. \",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}"));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"Let me see. lookup{}\")", "complete");
    }

    @Test
    public void nonStreamedCompletionsReportsText() {
        RecordingListener l = stream(json(200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,"
                + "\"text\":\" a fox\",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}"),
                e -> e.stream(false).api(Endpoint.Api.COMPLETIONS));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\" a fox\")", "usage(4,2)", "complete");
    }

    @Test
    public void nonStreamedErrorObjectIsStreamError() {
        RecordingListener l = whole(json(200, "{\"error\":{\"message\":\"context length exceeded\",\"code\":400}}"));

        assertThat(l.events()).containsExactly("sent", "failure(STREAM_ERROR,200)");
        assertThat(l.message()).isEqualTo("error in response from " + uri() + ": context length exceeded");
    }

    @Test
    public void nonStreamedBodyThatIsNotJsonIsMalformed() {
        RecordingListener l = whole(json(200, "<html>oops</html>"));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).startsWith("response from " + uri() + " is not a JSON object: ").endsWith("; body: <html>oops</html>");
    }

    @Test
    public void nonStreamedBodyWithoutChoicesIsMalformed() {
        RecordingListener l = whole(json(200, "{\"id\":\"x\"}"));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).isEqualTo("response from " + uri() + " has no choices: {\"id\":\"x\"}");
    }

    @Test
    public void http400QuotesTheOpenAiErrorMessage() {
        RecordingListener l = stream(json(400, "{\"error\":{\"message\":\"max_tokens must be at least 1, got 0.\","
                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"));

        assertThat(l.events()).containsExactly("sent", "failure(HTTP_4XX,400)");
        assertThat(l.message()).isEqualTo("HTTP 400 from " + uri() + ": max_tokens must be at least 1, got 0.");
    }

    @Test
    public void http429IsItsOwnKind() {
        RecordingListener l = stream(json(429, "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}"));

        assertThat(l.events()).containsExactly("sent", "failure(HTTP_429,429)");
        assertThat(l.message()).isEqualTo("HTTP 429 from " + uri() + ": Model is overloaded");
    }

    @Test
    public void http500QuotesAPlainTextBody() {
        RecordingListener l = stream(new MockResponse().setResponseCode(500).setBody("Internal Server Error\n\n  upstream died\n"));

        assertThat(l.events()).containsExactly("sent", "failure(HTTP_5XX,500)");
        assertThat(l.message()).isEqualTo("HTTP 500 from " + uri() + ": Internal Server Error upstream died");
    }

    @Test
    public void http404QuotesAFastApiDetail() {
        RecordingListener l = stream(json(404, "{\"detail\":\"Not Found\"}"));

        assertThat(l.kind()).isEqualTo(FailureKind.HTTP_4XX);
        assertThat(l.message()).isEqualTo("HTTP 404 from " + uri() + ": Not Found");
    }

    @Test
    public void http503WithoutABodySaysSo() {
        RecordingListener l = stream(new MockResponse().setResponseCode(503));

        assertThat(l.events()).containsExactly("sent", "failure(HTTP_5XX,503)");
        assertThat(l.message()).isEqualTo("HTTP 503 from " + uri() + " (empty body)");
    }

    @Test
    public void hugeErrorBodyIsCutShort() {
        RecordingListener l = stream(new MockResponse().setResponseCode(502).setBody("bad gateway ".repeat(20_000)));

        assertThat(l.kind()).isEqualTo(FailureKind.HTTP_5XX);
        assertThat(l.message()).startsWith("HTTP 502 from " + uri() + ": bad gateway bad gateway").endsWith("...");
        assertThat(l.message().length()).isLessThan(400);
    }

    @Test
    public void redirectIsAnUnexpectedStatus() {
        RecordingListener l = stream(new MockResponse().setResponseCode(302).setHeader("Location", "http://elsewhere/"));

        assertThat(l.events()).containsExactly("sent", "failure(OTHER,302)");
        assertThat(l.message()).startsWith("unexpected HTTP 302 from " + uri());
    }

    @Test
    public void keyEchoedInAnHttpErrorNeverReachesTheMessage() {
        RecordingListener l = stream(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + ". You can find your API key at https://example.com.\",\"code\":\"invalid_api_key\"}}"), e -> e.apiKey(KEY));

        assertThat(l.kind()).isEqualTo(FailureKind.HTTP_4XX);
        assertThat(l.message()).isEqualTo("HTTP 401 from " + uri()
                + ": Incorrect API key provided: ****. You can find your API key at https://example.com.");
    }

    @Test
    public void keyEchoedInAPlainTextErrorCutAtTheLimitLeavesNoFragment() {
        String body = "x".repeat(ERROR_BODY_BYTES - 8) + KEY + " trailing";

        RecordingListener l = stream(new MockResponse().setResponseCode(403).setBody(body), e -> e.apiKey(KEY));

        assertThat(l.message()).doesNotContain(KEY.substring(0, 6));
    }

    @Test
    public void keyEchoedInAnInStreamErrorNeverReachesTheMessage() {
        RecordingListener l = stream(sseResponse(sse("{\"error\":{\"message\":\"bad key " + KEY + "\"}}")),
                e -> e.apiKey(KEY));

        assertThat(l.kind()).isEqualTo(FailureKind.STREAM_ERROR);
        assertThat(l.message()).endsWith(": bad key ****").doesNotContain(KEY);
    }

    @Test
    public void keyEchoedInMalformedDataNeverReachesTheMessage() {
        RecordingListener l = stream(sseResponse(sse("Authorization: Bearer " + KEY)), e -> e.apiKey(KEY));

        assertThat(l.kind()).isEqualTo(FailureKind.MALFORMED);
        assertThat(l.message()).contains("Bearer ****").doesNotContain(KEY);
    }

    @Test
    public void keyEchoedInANonSseBodyNeverReachesTheMessage() {
        RecordingListener l = stream(sseResponse("echo " + KEY + "\n"), e -> e.apiKey(KEY));

        assertThat(l.kind()).isEqualTo(FailureKind.MALFORMED);
        assertThat(l.message()).endsWith("echo ****");
    }

    @Test
    public void clientToStringDoesNotShowTheKey() {
        assertThat(client(endpoint().apiKey(KEY).build()).toString()).doesNotContain(KEY).contains(uri());
    }

    protected RecordedRequest sendAndTake(Endpoint e, Prompt p) throws InterruptedException {
        server.enqueue(sseResponse(sse(content("ok"), "[DONE]")));
        RecordingListener l = new RecordingListener();
        client(e).send(p, l);
        l.awaitFinal();
        return server.takeRequest();
    }

    protected static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    public void sendsChatBodyWithModelMessagesMaxTokensAndStreamOptions() throws Exception {
        Prompt p = new Prompt(PromptInfo.of("p"), List.of(Prompt.Message.system("Be brief"), Prompt.Message.user("Hi")),
                32, -1, Map.of());

        RecordedRequest r = sendAndTake(endpoint().build(), p);

        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/v1/chat/completions");
        JsonNode body = JSON.readTree(r.getBody().readUtf8());
        assertThat(body).isEqualTo(JSON.readTree("{\"model\":\"test-model\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"Be brief\"},{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":32,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}"));
        assertThat(fieldNames(body)).containsExactly("model", "messages", "max_tokens", "stream", "stream_options");
    }

    @Test
    public void endpointFieldsOverrideBuiltInsAndPromptFieldsOverrideEndpointFields() throws Exception {
        Endpoint e = endpoint().bodyField("temperature", 0.5).bodyField("ignore_eos", true).bodyField("max_tokens", 99)
                .bodyField("stream_options", Map.of("include_usage", false)).build();
        Map<String, Object> promptFields = new LinkedHashMap<>();
        promptFields.put("temperature", 0.0);
        promptFields.put("seed", 7);
        Prompt p = new Prompt(PromptInfo.of("p"), List.of(Prompt.Message.user("Hi")), 32, -1, promptFields);

        JsonNode body = JSON.readTree(sendAndTake(e, p).getBody().readUtf8());

        assertThat(body.get("max_tokens").asInt()).isEqualTo(99);
        assertThat(body.get("stream_options").get("include_usage").asBoolean()).isFalse();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.get("ignore_eos").asBoolean()).isTrue();
        assertThat(body.get("seed").asInt()).isEqualTo(7);
        assertThat(fieldNames(body)).containsExactly("model", "messages", "max_tokens", "stream", "stream_options",
                "temperature", "ignore_eos", "seed");
    }

    @Test
    public void omitsMaxTokensWhenThePromptSetsNone() throws Exception {
        JsonNode body = JSON.readTree(sendAndTake(endpoint().build(), Prompt.of("p", "Hi")).getBody().readUtf8());

        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    public void omitsStreamOptionsWhenUsageIsNotWanted() throws Exception {
        JsonNode body = JSON.readTree(sendAndTake(endpoint().includeUsage(false).build(), PROMPT).getBody().readUtf8());

        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    public void sendsCompletionsPromptAsJoinedText() throws Exception {
        Prompt p = new Prompt(PromptInfo.of("p"), List.of(Prompt.Message.system("A"), Prompt.Message.user("B")), 5, -1, Map.of());

        RecordedRequest r = sendAndTake(endpoint().api(Endpoint.Api.COMPLETIONS).build(), p);

        assertThat(r.getPath()).isEqualTo("/v1/completions");
        JsonNode body = JSON.readTree(r.getBody().readUtf8());
        assertThat(body.get("prompt").asText()).isEqualTo("A\nB");
        assertThat(body.has("messages")).isFalse();
    }

    @Test
    public void sendsBearerKeyContentTypeAcceptAndExtraHeaders() throws Exception {
        Endpoint e = endpoint().apiKey("sk-test-123").header("X-Tenant", "team-a").header("User-Agent", "my-agent").build();

        RecordedRequest r = sendAndTake(e, PROMPT);

        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.getHeader("Accept")).isEqualTo("text/event-stream");
        assertThat(r.getHeader("X-Tenant")).isEqualTo("team-a");
        assertThat(r.getHeaders().values("User-Agent")).containsExactly("my-agent");
    }

    @Test
    public void sendsNoAuthorizationWithoutAKey() throws Exception {
        assertThat(sendAndTake(endpoint().build(), PROMPT).getHeader("Authorization")).isNull();
    }

    @Test
    public void nonStreamingRequestAsksForJson() throws Exception {
        server.enqueue(new okhttp3.mockwebserver.MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"choices\":[{\"message\":{\"content\":\"x\"}}]}"));
        RecordingListener l = new RecordingListener();
        client(endpoint().stream(false).build()).send(PROMPT, l);
        l.awaitFinal();
        RecordedRequest r = server.takeRequest();

        assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(r.getBody().readUtf8());
        assertThat(body.get("stream").asBoolean()).isFalse();
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    public void rejectsABodyFieldThatIsNotJson() {
        Endpoint e = endpoint().bodyField("weird", new Object()).build();

        assertThatThrownBy(() -> newClient(e, new ClientOptions(Duration.ofSeconds(1), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint body field 'weird' must be writable as JSON, but its value of type java.lang.Object");
    }

    @Test
    public void promptBodyFieldThatIsNotJsonFailsTheRequestNotTheCaller() {
        Prompt p = new Prompt(PromptInfo.of("bad"), List.of(Prompt.Message.user("Hi")), -1, -1, Map.of("weird", new Object()));
        RecordingListener l = new RecordingListener();

        client().send(p, l);

        assertThat(l.awaitFinal().events()).containsExactly("failure(OTHER,0)");
        assertThat(l.message()).startsWith("request bad for " + uri() + " could not be built: ");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    public void refusedConnectionIsConnect() throws IOException {
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
    public void connectThatTakesTooLongIsConnectWithTimeoutInTheMessage() throws IOException {
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
                InferenceClient c = client(e, new ClientOptions(Duration.ofMillis(300), 1));
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

    protected static String slowStream(int chunks) {
        StringBuilder sb = new StringBuilder(sse(role()));
        for (int i = 0; i < chunks; i++) {
            sb.append(sse(content("t" + i)));
        }
        return sb.append(sse("[DONE]")).toString();
    }

    @Test
    public void cancelStopsEventsMidStream() throws InterruptedException {
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
    public void cancelBeforeTheHeadersArriveStopsEverything() throws InterruptedException {
        server.enqueue(sseResponse(slowStream(3)).setHeadersDelay(500, TimeUnit.MILLISECONDS));
        RecordingListener l = new RecordingListener();
        InferenceClient.InFlight f = client().send(PROMPT, l);

        f.cancel();
        f.cancel(); // idempotent

        assertThat(l.awaitFinal(Duration.ofMillis(1200))).isFalse();
        assertThat(l.events()).containsExactly("sent");
    }

    @Test
    public void closeAbortsRequestsInFlightAndRefusesNewOnes() throws InterruptedException {
        server.enqueue(sseResponse(slowStream(50)).throttleBody(180, 20, TimeUnit.MILLISECONDS));
        InferenceClient c = client();
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
    public void manyConcurrentStreamsEachGetTheirOwnChunks() {
        // the server streams each request's own prompt back, word by word, slowly enough that all overlap
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    JsonNode body = JSON.readTree(request.getBody().readUtf8());
                    String text = body.get("messages").get(0).get("content").asText();
                    StringBuilder sb = new StringBuilder();
                    for (String w : text.split(" ")) {
                        sb.append(sse(content(w)));
                    }
                    sb.append(sse(usage(1, text.split(" ").length), "[DONE]"));
                    return sseResponse(sb.toString()).throttleBody(256, 5, TimeUnit.MILLISECONDS);
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(500);
                }
            }
        });
        InferenceClient c = client(endpoint().build(), new ClientOptions(Duration.ofSeconds(2), 100));
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
    public void aListenerThatThrowsFailsItsOwnRequestOnly() {
        server.enqueue(sseResponse(sse(content("boom"), content("never"), "[DONE]")));
        server.enqueue(sseResponse(sse(content("fine"), "[DONE]")));
        InferenceClient c = client();
        RecordingListener throwing = new RecordingListener() {
            @Override
            public synchronized void onChunk(boolean hasChoices, String content, long arrivalNanos) {
                super.onChunk(hasChoices, content, arrivalNanos);
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
    public void unknownHostIsConnect() {
        Endpoint e = Endpoint.openAi("http://llmbench-no-such-host.invalid/v1").model("m").build();
        RecordingListener l = new RecordingListener();

        client(e).send(PROMPT, l);

        assertThat(l.awaitFinal().kind()).isEqualTo(FailureKind.CONNECT);
        assertThat(l.message()).startsWith("cannot connect to http://llmbench-no-such-host.invalid/v1/chat/completions");
    }

    // ---- keep-alive, timestamps, timeouts, TLS

    @Test
    public void reusesTheConnectionForTheNextRequest() throws InterruptedException {
        server.enqueue(sseResponse(sse(content("a"), "[DONE]")));
        server.enqueue(sseResponse(sse(content("b"), "[DONE]")));
        InferenceClient c = client();
        RecordingListener first = new RecordingListener();
        c.send(PROMPT, first);
        first.awaitFinal();
        Thread.sleep(200); // a client may read the rest of the body after [DONE] before the connection is free
        RecordingListener second = new RecordingListener();
        c.send(PROMPT, second);

        assertThat(second.awaitFinal().events()).containsExactly("sent", "chunk(true,\"b\")", "complete");
        assertThat(server.takeRequest().getSequenceNumber()).isZero();
        assertThat(server.takeRequest().getSequenceNumber()).as("requests before it on the same connection").isOne();
    }

    @Test
    public void timestampsNeverDecreaseAndTheWriteComesBetweenSentAndTheEnd() {
        RecordingListener l = stream(sseResponse(sse(role(), content("Hello"), content(" world"), finish("stop"),
                usage(7, 2), "[DONE]")).throttleBody(64, 5, TimeUnit.MILLISECONDS));

        List<Long> stamps = l.stamps();
        assertThat(stamps).hasSize(l.events().size()).isSorted();
        long sent = stamps.get(0);
        long end = stamps.get(stamps.size() - 1);
        if (l.writtenNanos() >= 0) { // optional for a client
            assertThat(l.writtenNanos()).isBetween(sent, end);
        }
        assertThat(stamps.get(1)).as("first chunk after sent").isGreaterThanOrEqualTo(sent);
    }

    @Test
    public void engineRecordsWhenTheRequestWasWritten() {
        server.enqueue(sseResponse(sse(content("x"), usage(3, 1), "[DONE]")));

        RequestRecord r = runOne(b -> b);

        assertThat(r.ok()).as(r.toString()).isTrue();
        if (r.writtenNanos() >= 0) {
            assertThat(r.writtenNanos()).isLessThanOrEqualTo(r.ttftNanos());
        }
    }

    @Test
    public void noContentWithinTheTtftTimeoutIsTtftTimeout() {
        String head = sse(role());
        server.enqueue(sseResponse(head + sse(content("late"), "[DONE]")).throttleBody(head.length(), 1500, TimeUnit.MILLISECONDS));

        RequestRecord r = runOne(b -> b.ttftTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofSeconds(30)));

        assertThat(r.failure()).as(r.toString()).isEqualTo(FailureKind.TTFT_TIMEOUT);
        assertThat(r.error()).isEqualTo("no content within the time-to-first-token timeout of 300 ms");
        assertThat(r.firstChunkNanos()).as("the role chunk came").isGreaterThanOrEqualTo(0);
    }

    @Test
    public void aStreamThatGoesSilentIsIdleTimeout() {
        String head = sse(role(), content("a"));
        server.enqueue(sseResponse(head + sse(content("late"), "[DONE]")).throttleBody(head.length(), 1500, TimeUnit.MILLISECONDS));

        RequestRecord r = runOne(b -> b.idleTimeout(Duration.ofMillis(300)));

        assertThat(r.failure()).as(r.toString()).isEqualTo(FailureKind.IDLE_TIMEOUT);
        assertThat(r.error()).isEqualTo("stream silent for longer than the idle timeout of 300 ms");
        assertThat(r.contentChunks()).isOne();
    }

    @Test
    public void aStreamThatTakesTooLongIsTimeout() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            body.append(sse(content("t" + i)));
        }
        String one = sse(content("t0"));
        server.enqueue(sseResponse(body.append(sse("[DONE]")).toString()).throttleBody(one.length(), 50, TimeUnit.MILLISECONDS));

        RequestRecord r = runOne(b -> b.timeout(Duration.ofMillis(500)).idleTimeout(Duration.ofSeconds(30)));

        assertThat(r.failure()).as(r.toString()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(r.error()).isEqualTo("request did not finish within 500 ms");
        assertThat(r.contentChunks()).isBetween(1, 59);
    }

    @Test
    public void streamsOverTlsWithATrustedCertificate() {
        server.useHttps(TestCertificate.get().serverSocketFactory(), false);

        RecordingListener l = stream(sseResponse(sse(content("secure"), usage(2, 1), "[DONE]")),
                e -> e.sslContext(TestCertificate.get().clientContext()));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"secure\")", "chunk(false,\"\")", "usage(2,1)", "complete");
        assertThat(uri()).startsWith("https://");
    }

    @Test
    public void untrustedCertificateIsConnect() {
        server.useHttps(TestCertificate.get().serverSocketFactory(), false);

        RecordingListener l = stream(sseResponse(sse(content("never"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "failure(CONNECT,0)");
        assertThat(l.message()).startsWith("cannot connect to " + uri() + ": ");
    }
}
