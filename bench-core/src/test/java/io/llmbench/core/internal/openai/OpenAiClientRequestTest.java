package io.llmbench.core.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.Endpoint;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.workload.Prompt;
import io.llmbench.core.workload.PromptInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** What goes on the wire: body fields and their order, headers. */
class OpenAiClientRequestTest extends HttpTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedRequest sendAndTake(Endpoint e, Prompt p) throws InterruptedException {
        server.enqueue(sseResponse(Chunks.sse(Chunks.content("ok"), "[DONE]")));
        RecordingListener l = new RecordingListener();
        client(e).send(p, l);
        l.awaitFinal();
        return server.takeRequest();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void sendsChatBodyWithModelMessagesMaxTokensAndStreamOptions() throws Exception {
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
    void endpointFieldsOverrideBuiltInsAndPromptFieldsOverrideEndpointFields() throws Exception {
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
    void omitsMaxTokensWhenThePromptSetsNone() throws Exception {
        JsonNode body = JSON.readTree(sendAndTake(endpoint().build(), Prompt.of("p", "Hi")).getBody().readUtf8());

        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void omitsStreamOptionsWhenUsageIsNotWanted() throws Exception {
        JsonNode body = JSON.readTree(sendAndTake(endpoint().includeUsage(false).build(), PROMPT).getBody().readUtf8());

        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.has("stream_options")).isFalse();
    }

    @Test
    void sendsCompletionsPromptAsJoinedText() throws Exception {
        Prompt p = new Prompt(PromptInfo.of("p"), List.of(Prompt.Message.system("A"), Prompt.Message.user("B")), 5, -1, Map.of());

        RecordedRequest r = sendAndTake(endpoint().api(Endpoint.Api.COMPLETIONS).build(), p);

        assertThat(r.getPath()).isEqualTo("/v1/completions");
        JsonNode body = JSON.readTree(r.getBody().readUtf8());
        assertThat(body.get("prompt").asText()).isEqualTo("A\nB");
        assertThat(body.has("messages")).isFalse();
    }

    @Test
    void sendsBearerKeyContentTypeAcceptAndExtraHeaders() throws Exception {
        Endpoint e = endpoint().apiKey("sk-test-123").header("X-Tenant", "team-a").header("User-Agent", "my-agent").build();

        RecordedRequest r = sendAndTake(e, PROMPT);

        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.getHeader("Accept")).isEqualTo("text/event-stream");
        assertThat(r.getHeader("X-Tenant")).isEqualTo("team-a");
        assertThat(r.getHeaders().values("User-Agent")).containsExactly("my-agent");
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() throws Exception {
        assertThat(sendAndTake(endpoint().build(), PROMPT).getHeader("Authorization")).isNull();
    }

    @Test
    void nonStreamingRequestAsksForJson() throws Exception {
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
    void rejectsAHeaderJavaNetHttpCannotSend() {
        Endpoint e = endpoint().header("Host", "example.com").build();

        assertThatThrownBy(() -> new OpenAiClient(e, new ClientOptions(Duration.ofSeconds(1), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint header 'Host' cannot be sent");
    }

    @Test
    void rejectsABodyFieldThatIsNotJson() {
        Endpoint e = endpoint().bodyField("weird", new Object()).build();

        assertThatThrownBy(() -> new OpenAiClient(e, new ClientOptions(Duration.ofSeconds(1), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint body field 'weird' must be writable as JSON, but its value of type java.lang.Object");
    }

    @Test
    void promptBodyFieldThatIsNotJsonFailsTheRequestNotTheCaller() {
        Prompt p = new Prompt(PromptInfo.of("bad"), List.of(Prompt.Message.user("Hi")), -1, -1, Map.of("weird", new Object()));
        RecordingListener l = new RecordingListener();

        client().send(p, l);

        assertThat(l.awaitFinal().events()).containsExactly("failure(OTHER,0)");
        assertThat(l.message()).startsWith("request bad for " + uri() + " could not be built: ");
        assertThat(server.getRequestCount()).isZero();
    }
}
