package io.llmbench.core.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.Endpoint;
import io.llmbench.core.FailureKind;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/** Non-streamed responses, HTTP error statuses, and the API key in what the server sends back. */
class OpenAiClientResponseTest extends HttpTestBase {
    private static final String KEY = "sk-live-5f2a9c0e7b1d4e8f";

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private RecordingListener whole(MockResponse r) {
        return stream(r, e -> e.stream(false));
    }

    @Test
    void nonStreamedChatReportsContentUsageAndCompletion() {
        RecordingListener l = whole(json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"total_tokens\":12,\"completion_tokens\":3}}"));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"Hello there\")", "usage(9,3)", "complete");
    }

    @Test
    void nonStreamedChatCountsReasoningAndToolCalls() {
        RecordingListener l = whole(json(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"reasoning_content\":\"Let me see. \",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}"));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\"Let me see. lookup{}\")", "complete");
    }

    @Test
    void nonStreamedCompletionsReportsText() {
        RecordingListener l = stream(json(200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,"
                + "\"text\":\" a fox\",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}"),
                e -> e.stream(false).api(Endpoint.Api.COMPLETIONS));

        assertThat(l.events()).containsExactly("sent", "chunk(true,\" a fox\")", "usage(4,2)", "complete");
    }

    @Test
    void nonStreamedErrorObjectIsStreamError() {
        RecordingListener l = whole(json(200, "{\"error\":{\"message\":\"context length exceeded\",\"code\":400}}"));

        assertThat(l.events()).containsExactly("sent", "failure(STREAM_ERROR,200)");
        assertThat(l.message()).isEqualTo("error in response from " + uri() + ": context length exceeded");
    }

    @Test
    void nonStreamedBodyThatIsNotJsonIsMalformed() {
        RecordingListener l = whole(json(200, "<html>oops</html>"));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).startsWith("response from " + uri() + " is not a JSON object: ").endsWith("; body: <html>oops</html>");
    }

    @Test
    void nonStreamedBodyWithoutChoicesIsMalformed() {
        RecordingListener l = whole(json(200, "{\"id\":\"x\"}"));

        assertThat(l.events()).containsExactly("sent", "failure(MALFORMED,200)");
        assertThat(l.message()).isEqualTo("response from " + uri() + " has no choices: {\"id\":\"x\"}");
    }

    @Test
    void http400QuotesTheOpenAiErrorMessage() {
        RecordingListener l = stream(json(400, "{\"error\":{\"message\":\"max_tokens must be at least 1, got 0.\","
                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"));

        assertThat(l.events()).containsExactly("sent", "failure(HTTP_4XX,400)");
        assertThat(l.message()).isEqualTo("HTTP 400 from " + uri() + ": max_tokens must be at least 1, got 0.");
    }

    @Test
    void http429IsItsOwnKind() {
        RecordingListener l = stream(json(429, "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}"));

        assertThat(l.events()).containsExactly("sent", "failure(HTTP_429,429)");
        assertThat(l.message()).isEqualTo("HTTP 429 from " + uri() + ": Model is overloaded");
    }

    @Test
    void http500QuotesAPlainTextBody() {
        RecordingListener l = stream(new MockResponse().setResponseCode(500).setBody("Internal Server Error\n\n  upstream died\n"));

        assertThat(l.events()).containsExactly("sent", "failure(HTTP_5XX,500)");
        assertThat(l.message()).isEqualTo("HTTP 500 from " + uri() + ": Internal Server Error upstream died");
    }

    @Test
    void http404QuotesAFastApiDetail() {
        RecordingListener l = stream(json(404, "{\"detail\":\"Not Found\"}"));

        assertThat(l.kind()).isEqualTo(FailureKind.HTTP_4XX);
        assertThat(l.message()).isEqualTo("HTTP 404 from " + uri() + ": Not Found");
    }

    @Test
    void http503WithoutABodySaysSo() {
        RecordingListener l = stream(new MockResponse().setResponseCode(503));

        assertThat(l.events()).containsExactly("sent", "failure(HTTP_5XX,503)");
        assertThat(l.message()).isEqualTo("HTTP 503 from " + uri() + " (empty body)");
    }

    @Test
    void hugeErrorBodyIsCutShort() {
        RecordingListener l = stream(new MockResponse().setResponseCode(502).setBody("bad gateway ".repeat(20_000)));

        assertThat(l.kind()).isEqualTo(FailureKind.HTTP_5XX);
        assertThat(l.message()).startsWith("HTTP 502 from " + uri() + ": bad gateway bad gateway").endsWith("...");
        assertThat(l.message().length()).isLessThan(400);
    }

    @Test
    void redirectIsAnUnexpectedStatus() {
        RecordingListener l = stream(new MockResponse().setResponseCode(302).setHeader("Location", "http://elsewhere/"));

        assertThat(l.events()).containsExactly("sent", "failure(OTHER,302)");
        assertThat(l.message()).startsWith("unexpected HTTP 302 from " + uri());
    }

    @Test
    void keyEchoedInAnHttpErrorNeverReachesTheMessage() {
        RecordingListener l = stream(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + ". You can find your API key at https://example.com.\",\"code\":\"invalid_api_key\"}}"), e -> e.apiKey(KEY));

        assertThat(l.kind()).isEqualTo(FailureKind.HTTP_4XX);
        assertThat(l.message()).isEqualTo("HTTP 401 from " + uri()
                + ": Incorrect API key provided: ****. You can find your API key at https://example.com.");
    }

    @Test
    void keyEchoedInAPlainTextErrorCutAtTheLimitLeavesNoFragment() {
        String body = "x".repeat(OpenAiCall.ERROR_BODY_BYTES - 8) + KEY + " trailing";

        RecordingListener l = stream(new MockResponse().setResponseCode(403).setBody(body), e -> e.apiKey(KEY));

        assertThat(l.message()).doesNotContain(KEY.substring(0, 6));
    }

    @Test
    void keyEchoedInAnInStreamErrorNeverReachesTheMessage() {
        RecordingListener l = stream(sseResponse(Chunks.sse("{\"error\":{\"message\":\"bad key " + KEY + "\"}}")),
                e -> e.apiKey(KEY));

        assertThat(l.kind()).isEqualTo(FailureKind.STREAM_ERROR);
        assertThat(l.message()).endsWith(": bad key ****").doesNotContain(KEY);
    }

    @Test
    void keyEchoedInMalformedDataNeverReachesTheMessage() {
        RecordingListener l = stream(sseResponse(Chunks.sse("Authorization: Bearer " + KEY)), e -> e.apiKey(KEY));

        assertThat(l.kind()).isEqualTo(FailureKind.MALFORMED);
        assertThat(l.message()).contains("Bearer ****").doesNotContain(KEY);
    }

    @Test
    void keyEchoedInANonSseBodyNeverReachesTheMessage() {
        RecordingListener l = stream(sseResponse("echo " + KEY + "\n"), e -> e.apiKey(KEY));

        assertThat(l.kind()).isEqualTo(FailureKind.MALFORMED);
        assertThat(l.message()).endsWith("echo ****");
    }

    @Test
    void clientToStringDoesNotShowTheKey() {
        assertThat(client(endpoint().apiKey(KEY).build()).toString()).doesNotContain(KEY).contains(uri());
    }
}
