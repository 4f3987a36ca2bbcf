package io.llmbench.core.internal.openai;

import static io.llmbench.core.internal.openai.Chunks.content;
import static io.llmbench.core.internal.openai.Chunks.emptyDelta;
import static io.llmbench.core.internal.openai.Chunks.finish;
import static io.llmbench.core.internal.openai.Chunks.role;
import static io.llmbench.core.internal.openai.Chunks.sse;
import static io.llmbench.core.internal.openai.Chunks.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Endpoint;
import io.llmbench.core.FailureKind;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/** One test per stream quirk, over real HTTP on loopback; each asserts the exact event sequence. */
class OpenAiClientStreamTest extends HttpTestBase {

    @Test
    void reportsRoleChunkContentFinishUsageAndDoneInOrder() {
        RecordingListener l = stream(sseResponse(sse(role(), content("Hello"), content(" world"), finish("stop"),
                usage(7, 2), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"\")", "chunk(true,\"Hello\")",
                "chunk(true,\" world\")", "chunk(true,\"\")", "chunk(false,\"\")", "usage(7,2)", "complete");
    }

    @Test
    void acceptsDataFieldsWithoutASpace() {
        String body = "data:" + content("a") + "\n\ndata:" + content("b") + "\n\ndata:[DONE]\n\n";

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    void acceptsCrlfLineEnds() {
        String body = sse(content("a"), content("b"), "[DONE]").replace("\n", "\r\n");

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    void acceptsCrLineEnds() {
        String body = sse(content("a"), content("b"), "[DONE]").replace("\n", "\r");

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    void joinsLinesSplitAcrossNetworkReads() {
        String body = sse(role(), content("split"), content(" across"), content(" reads"), "[DONE]")
                .replace("\n", "\r\n");
        // 5 bytes every 2 ms: every line (and CRLF pairs) arrive in pieces
        MockResponse r = sseResponse(body).throttleBody(5, 2, TimeUnit.MILLISECONDS);

        assertThat(stream(r).events()).containsExactly("sent", "chunk(true,\"\")", "chunk(true,\"split\")",
                "chunk(true,\" across\")", "chunk(true,\" reads\")", "complete");
    }

    @Test
    void ignoresCommentAndKeepAliveLines() {
        String body = ": ping\n\n" + sse(content("a")) + ":\n: keep-alive 2\n\n" + sse(content("b"), "[DONE]");

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    void ignoresEventIdAndRetryFields() {
        String body = "retry: 3000\n\nevent: message\nid: 1\ndata: " + content("a") + "\n\n"
                + "id: 2\nevent: message\ndata: " + content("b") + "\n\ndata: [DONE]\n\n";

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "complete");
    }

    @Test
    void reportsRoleOnlyFirstChunkAsChoicesWithoutContent() {
        RecordingListener l = stream(sseResponse(sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}", content("x"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"\")", "chunk(true,\"x\")", "complete");
    }

    @Test
    void reportsEmptyDeltasAsChunksWithoutContent() {
        RecordingListener l = stream(sseResponse(sse(content("x"), emptyDelta(), content(""), content("y"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "chunk(true,\"\")", "chunk(true,\"\")",
                "chunk(true,\"y\")", "complete");
    }

    @Test
    void reportsAMultiTokenChunkAsOneChunk() {
        RecordingListener l = stream(sseResponse(sse(content("one two three four"), content(" five"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"one two three four\")", "chunk(true,\" five\")",
                "complete");
    }

    @Test
    void countsReasoningAsContent() {
        String reasoningContent = "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"}}]}";
        String reasoning = "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"ing\"}}]}";
        // newer vLLM sends the same text under both names: it must count once
        String both = "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\" hard\",\"reasoning\":\" hard\"}}]}";

        RecordingListener l = stream(sseResponse(sse(reasoningContent, reasoning, both, content("Answer"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"think\")", "chunk(true,\"ing\")",
                "chunk(true,\" hard\")", "chunk(true,\"Answer\")", "complete");
    }

    @Test
    void countsToolCallNamesAndArgumentsAsContent() {
        String start = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}";
        String args = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]}}]}";

        RecordingListener l = stream(sseResponse(sse(start, args, finish("tool_calls"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"get_weather\")",
                "chunk(true,\"{\"city\": \"Paris\"}\")", "chunk(true,\"\")", "complete");
    }

    @Test
    void decodesCompletionsApiText() throws InterruptedException {
        RecordingListener l = stream(sseResponse(sse(Chunks.text("Once"), Chunks.text(" upon"), usage(3, 2), "[DONE]")),
                e -> e.api(Endpoint.Api.COMPLETIONS));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"Once\")", "chunk(true,\" upon\")",
                "chunk(false,\"\")", "usage(3,2)", "complete");
        assertThat(server.takeRequest().getPath()).isEqualTo("/v1/completions");
    }

    @Test
    void reportsUsageOnlyFinalChunk() {
        RecordingListener l = stream(sseResponse(sse(content("x"), usage(12, 1), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "chunk(false,\"\")", "usage(12,1)", "complete");
    }

    @Test
    void reportsUsageCarriedOnAContentChunkAfterTheChunk() {
        String withUsage = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}";

        assertThat(stream(sseResponse(sse(withUsage, "[DONE]"))).events())
                .containsExactly("sent", "chunk(true,\"x\")", "usage(5,1)", "complete");
    }

    @Test
    void completesAtDoneAndIgnoresWhatFollows() {
        RecordingListener l = stream(sseResponse(sse(content("x"), "[DONE]", content("late"), "garbage")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "complete");
    }

    @Test
    void inStreamErrorObjectIsStreamErrorWithTheServerMessage() {
        String error = "{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\",\"code\":500}}";

        RecordingListener l = stream(sseResponse(sse(content("x"), error, content("never"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "failure(STREAM_ERROR,200)");
        assertThat(l.message()).isEqualTo("error in stream from " + uri() + " after 1 chunks: CUDA out of memory");
    }

    @Test
    void vllmErrorResponseShapeIsStreamError() {
        String error = "{\"object\":\"error\",\"message\":\"The model does not exist.\",\"type\":\"NotFoundError\",\"code\":404}";

        RecordingListener l = stream(sseResponse(sse(error)));

        assertThat(l.events()).containsExactly("sent", "failure(STREAM_ERROR,200)");
        assertThat(l.message()).endsWith(": The model does not exist.");
    }

    @Test
    void errorEventIsStreamErrorEvenWithoutAnErrorObject() {
        String body = sse(content("x")) + "event: error\ndata: overloaded, try later\n\n" + sse(content("y"), "[DONE]");

        RecordingListener l = stream(sseResponse(body));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "failure(STREAM_ERROR,200)");
        assertThat(l.message()).endsWith(": overloaded, try later");
    }

    @Test
    void nonJsonDataIsMalformedAndStopsReading() {
        RecordingListener l = stream(sseResponse(sse(content("x"), "<html>Bad gateway</html>", content("never"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"x\")", "failure(MALFORMED,200)");
        assertThat(l.message()).startsWith("malformed data in stream from " + uri() + " after 1 chunks: ")
                .endsWith("; data: <html>Bad gateway</html>");
    }

    @Test
    void jsonThatIsNotAnObjectIsMalformed() {
        RecordingListener l = stream(sseResponse(sse("[1, 2]", "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).contains("expected a JSON object but found an array");
    }

    @Test
    void streamEndingWithoutDoneIsDisconnect() {
        RecordingListener l = stream(sseResponse(sse(role(), content("a"), content("b"))));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"\")", "chunk(true,\"a\")", "chunk(true,\"b\")",
                "failure(DISCONNECT,200)");
        assertThat(l.message()).isEqualTo("stream from " + uri() + " ended without [DONE] or finish_reason after 3 chunks");
    }

    @Test
    void streamEndingWithoutDoneAfterAFinishReasonCompletes() {
        RecordingListener l = stream(sseResponse(sse(content("a"), finish("length"), usage(4, 1))));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"\")", "chunk(false,\"\")",
                "usage(4,1)", "complete");
    }

    @Test
    void streamCutInsideAChunkIsDisconnect() {
        String body = sse(content("a")) + "data: {\"choices\":[{\"index\":0,\"delta\":{\"cont";

        RecordingListener l = stream(sseResponse(body));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"a\")", "failure(DISCONNECT,200)");
        assertThat(l.message()).startsWith("stream from " + uri() + " ended inside a chunk after 1 chunks");
    }

    @Test
    void connectionResetMidStreamIsDisconnect() {
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
    void serverClosingBeforeTheResponseIsDisconnect() {
        RecordingListener l = stream(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

        assertThat(l.events()).containsExactly("sent", "failure(DISCONNECT,0)");
        assertThat(l.message()).startsWith("connection to " + uri() + " failed before the response: ");
    }

    @Test
    void oneJsonPerDataLineWithoutBlankLinesGivesOneChunkPerLine() {
        String body = "data: " + content("a") + "\ndata: " + content("b") + "\ndata: " + content("c") + "\ndata: [DONE]\n";

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"a\")", "chunk(true,\"b\")", "chunk(true,\"c\")", "complete");
    }

    @Test
    void jsonSplitOverSeveralDataLinesOfOneEventIsOneChunk() {
        String body = "data: {\"choices\": [\ndata:   {\"index\": 0, \"delta\": {\"content\": \"joined\"}}\ndata: ]}\n\n"
                + sse(content("next"), "[DONE]");

        assertThat(stream(sseResponse(body)).events())
                .containsExactly("sent", "chunk(true,\"joined\")", "chunk(true,\"next\")", "complete");
    }

    @Test
    void eventEndingInsideAJsonValueIsMalformed() {
        String body = "data: {\"choices\": [\n\n" + sse(content("never"), "[DONE]");

        RecordingListener l = stream(sseResponse(body));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).contains("an event ended inside a JSON value");
    }

    @Test
    void bodyWithoutDataLinesIsNotAnSseStream() {
        RecordingListener l = stream(sseResponse("Service temporarily unavailable\nplease retry\n"));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).isEqualTo("response from " + uri()
                + " is not an SSE stream (no data: lines); it starts with: Service temporarily unavailable");
    }

    @Test
    void emptyStreamIsDisconnect() {
        RecordingListener l = stream(sseResponse(""));

        assertThat(l.events()).containsExactly("sent", "failure(DISCONNECT,200)");
    }

    @Test
    void jsonResponseToAStreamingRequestIsReadWhole() {
        String json = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"whole\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";

        RecordingListener l = stream(new MockResponse().setHeader("Content-Type", "application/json").setBody(json));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"whole\")", "usage(3,1)", "complete");
    }

    @Test
    void streamWithoutContentTypeIsReadAsSse() {
        RecordingListener l = stream(new MockResponse().setBody(sse(content("a"), "[DONE]")));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"a\")", "complete");
    }

    @Test
    void multiByteCharactersSplitAcrossReadsSurvive() {
        MockResponse r = sseResponse(sse(content("héllo wörld ✓ 日本語 🙂"), "[DONE]")).throttleBody(3, 1, TimeUnit.MILLISECONDS);

        assertThat(stream(r).events()).containsExactly("sent", "chunk(true,\"héllo wörld ✓ 日本語 🙂\")", "complete");
    }
}
