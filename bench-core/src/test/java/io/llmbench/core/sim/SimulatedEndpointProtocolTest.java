package io.llmbench.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.core.internal.Tokenizers;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedEndpointProtocolTest {
    static SimulatedEndpoint sim;
    static SimClient client;

    @BeforeAll
    static void start() {
        sim = SimulatedEndpoint.builder().model(SimulatedEndpoint.DEFAULT_MODEL)
                .timing(TimingModel.builder().prefill(1, 0).decode(0.5, 0).jitter(0).build())
                .outputTokens(40, 10).start();
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** Chat prompt tokens by OpenAI's documented rule: 3 + per message (3 + role + content). */
    static int chatPromptTokens(String content) {
        return 3 + 3 + Tokenizers.count("cl100k_base", "user") + Tokenizers.count("cl100k_base", content);
    }

    @Test
    void chatStreamHasRoleChunkTokenChunksFinishUsageAndDone() {
        String prompt = "Explain continuous batching in two sentences.";
        SimClient.Streamed s = client.stream("/chat/completions", SimClient.chat(12, prompt, true));

        assertThat(s.error()).isNull();
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.headers().get("content-type").get(0)).startsWith("text/event-stream");
        List<SimClient.Event> events = s.events();
        assertThat(events.get(events.size() - 1).isDone()).isTrue();
        List<JsonNode> chunks = s.chunks();
        assertThat(chunks).hasSize(1 + 12 + 1 + 1);
        JsonNode role = chunks.get(0);
        assertThat(role.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(role.path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(role.path("choices").get(0).path("delta").path("content").asText()).isEmpty();
        for (JsonNode c : chunks.subList(1, 13)) {
            String text = c.path("choices").get(0).path("delta").path("content").asText();
            assertThat(Tokenizers.count("cl100k_base", text)).isEqualTo(1);
            assertThat(c.path("choices").get(0).path("finish_reason").isNull()).isTrue();
            assertThat(c.path("id").asText()).isEqualTo(role.path("id").asText());
            assertThat(c.path("model").asText()).isEqualTo(SimulatedEndpoint.DEFAULT_MODEL);
        }
        JsonNode fin = chunks.get(13);
        assertThat(fin.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(fin.path("choices").get(0).path("delta").size()).isZero();
        JsonNode usage = chunks.get(14);
        assertThat(usage.path("choices").isArray()).isTrue();
        assertThat(usage.path("choices").size()).isZero();
        assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(12);
        assertThat(usage.path("usage").path("prompt_tokens").asInt()).isEqualTo(chatPromptTokens(prompt));
        assertThat(usage.path("usage").path("total_tokens").asInt()).isEqualTo(12 + chatPromptTokens(prompt));
        assertThat(Tokenizers.count("cl100k_base", s.text())).isEqualTo(12);
    }

    @Test
    void completionsStreamHasTextChunksAndNoUsageUnlessAsked() {
        String body = "{\"prompt\":\"Once upon a time\",\"max_tokens\":7,\"stream\":true}";
        SimClient.Streamed s = client.stream("/completions", body);

        assertThat(s.error()).isNull();
        List<JsonNode> chunks = s.chunks();
        assertThat(chunks).hasSize(7 + 1);
        assertThat(chunks.get(0).path("object").asText()).isEqualTo("text_completion");
        assertThat(chunks.get(0).path("choices").get(0).has("text")).isTrue();
        assertThat(chunks.get(7).path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(chunks).noneMatch(c -> c.has("usage"));
        assertThat(s.events().get(s.events().size() - 1).isDone()).isTrue();
    }

    @Test
    void maxTokensIsHonouredExactlyAndUsageMatches() throws Exception {
        for (int max : new int[] {1, 2, 3, 17, 100}) {
            SimClient.Streamed s = client.stream("/chat/completions", SimClient.chat(max, "count " + max, true));
            assertThat(s.contentEvents()).as("content chunks for max_tokens=" + max).hasSize(max);
            JsonNode usage = s.chunks().get(s.chunks().size() - 1).path("usage");
            assertThat(usage.path("completion_tokens").asInt()).isEqualTo(max);
            assertThat(Tokenizers.count("cl100k_base", s.text())).isEqualTo(max);

            SimClient.Response r = client.post("/completions", "{\"prompt\":\"count " + max + "\",\"max_tokens\":" + max + "}");
            assertThat(r.json().path("usage").path("completion_tokens").asInt()).isEqualTo(max);
            assertThat(Tokenizers.count("cl100k_base", r.json().path("choices").get(0).path("text").asText())).isEqualTo(max);
        }
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() throws Exception {
        SimClient.Response r = client.post("/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":30,\"max_completion_tokens\":4}");
        assertThat(r.json().path("usage").path("completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void withoutMaxTokensLengthsFollowTheSeededDistributionAndMinTokensIsAFloor() throws Exception {
        double sum = 0;
        int n = 60;
        for (int i = 0; i < n; i++) {
            SimClient.Response r = client.post("/completions", "{\"prompt\":\"question " + i + "\"}");
            JsonNode choice = r.json().path("choices").get(0);
            assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
            sum += r.json().path("usage").path("completion_tokens").asInt();
        }
        // mean 40, stdev 10: the mean of 60 draws is within 40 +- 4 (3 standard errors of 1.3)
        assertThat(sum / n).isBetween(36.0, 44.0);

        SimClient.Response floored = client.post("/completions", "{\"prompt\":\"question 1\",\"min_tokens\":90}");
        assertThat(floored.json().path("usage").path("completion_tokens").asInt()).isEqualTo(90);
    }

    @Test
    void stopAtEosEndsEarlyUnlessIgnoreEosAndMinTokensIsAFloor() throws Exception {
        try (SimulatedEndpoint eos = SimulatedEndpoint.builder().timing(TimingModel.instant())
                .outputTokens(10, 0).stopAtEos(true).start()) {
            SimClient c = new SimClient(eos);
            JsonNode natural = c.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":50}").json();
            assertThat(natural.path("usage").path("completion_tokens").asInt()).isEqualTo(10);
            assertThat(natural.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
            JsonNode ignored = c.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":50,\"ignore_eos\":true}").json();
            assertThat(ignored.path("usage").path("completion_tokens").asInt()).isEqualTo(50);
            assertThat(ignored.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
            JsonNode floored = c.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":50,\"min_tokens\":20}").json();
            assertThat(floored.path("usage").path("completion_tokens").asInt()).isEqualTo(20);
            JsonNode shortMax = c.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":4}").json();
            assertThat(shortMax.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
            assertThat(shortMax.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        }
        // without stopAtEos (the default) max_tokens is exact even when ignore_eos is false
        JsonNode exact = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":77,\"ignore_eos\":false}").json();
        assertThat(exact.path("usage").path("completion_tokens").asInt()).isEqualTo(77);
    }

    @Test
    void nonStreamingChatReturnsMessageAndUsage() throws Exception {
        String prompt = "What is TTFT?";
        SimClient.Response r = client.post("/chat/completions", SimClient.chat(9, prompt, false));

        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.path("object").asText()).isEqualTo("chat.completion");
        JsonNode message = j.path("choices").get(0).path("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(Tokenizers.count("cl100k_base", message.path("content").asText())).isEqualTo(9);
        assertThat(j.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(j.path("usage").path("prompt_tokens").asInt()).isEqualTo(chatPromptTokens(prompt));
        assertThat(j.path("usage").path("completion_tokens").asInt()).isEqualTo(9);
    }

    @Test
    void sameRequestGetsSameTextStreamedOrNot() throws Exception {
        String prompt = "repeatable";
        String streamed = client.stream("/chat/completions", SimClient.chat(25, prompt, true)).text();
        String whole = client.post("/chat/completions", SimClient.chat(25, prompt, false)).json()
                .path("choices").get(0).path("message").path("content").asText();
        assertThat(streamed).isEqualTo(whole);
        String other = client.post("/chat/completions", SimClient.chat(25, prompt + "!", false)).json()
                .path("choices").get(0).path("message").path("content").asText();
        assertThat(other).isNotEqualTo(whole);
    }

    @Test
    void modelsListsTheServedModel() throws Exception {
        SimClient.Response r = client.get("/models");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("data").get(0).path("id").asText()).isEqualTo(SimulatedEndpoint.DEFAULT_MODEL);
        assertThat(client.get("/models/" + SimulatedEndpoint.DEFAULT_MODEL).status()).isEqualTo(200);
        assertThat(client.get("/models/other").status()).isEqualTo(404);
    }

    @Test
    void badRequestsGetClearErrorsNamingTheField() throws Exception {
        SimClient.Response badJson = client.post("/chat/completions", "{not json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().path("error").path("message").asText()).contains("request body must be a JSON object");

        SimClient.Response zero = client.post("/chat/completions", SimClient.chat(0, "x", false).replace("}]", "}],\"max_tokens\":0"));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().path("error").path("message").asText()).isEqualTo("max_tokens must be >= 1, but was 0");
        assertThat(zero.json().path("error").path("param").asText()).isEqualTo("max_tokens");

        SimClient.Response noMessages = client.post("/chat/completions", "{\"messages\":[]}");
        assertThat(noMessages.status()).isEqualTo(400);
        assertThat(noMessages.json().path("error").path("message").asText()).startsWith("messages must be a non-empty array");

        SimClient.Response wrongModel = client.post("/chat/completions", SimClient.chat(3, "x", false).replace(SimulatedEndpoint.DEFAULT_MODEL, "gpt-9"));
        assertThat(wrongModel.status()).isEqualTo(404);
        assertThat(wrongModel.json().path("error").path("message").asText()).contains("gpt-9");

        SimClient.Response minAboveMax = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":2,\"min_tokens\":5}");
        assertThat(minAboveMax.status()).isEqualTo(400);
        assertThat(minAboveMax.json().path("error").path("message").asText()).isEqualTo("min_tokens must be <= max_tokens (2), but was 5");

        SimClient.Response tooLong = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":40000}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("error").path("message").asText()).contains("maximum context length 32768");

        SimClient.Response badFault = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":2}", SimulatedEndpoint.FAULT_HEADER, "explode");
        assertThat(badFault.status()).isEqualTo(400);
        assertThat(badFault.json().path("error").path("message").asText()).contains("explode");

        SimClient.Response unknown = client.post("/chat", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(client.get("/chat/completions").status()).isEqualTo(405);

        // the endpoint still serves after all that
        assertThat(client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":2}").status()).isEqualTo(200);
        assertThat(sim.stats().rejected()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void tokenIdPromptsCountOneTokenPerId() throws Exception {
        SimClient.Response r = client.post("/completions", "{\"prompt\":[1,2,3,4,5],\"max_tokens\":2}");
        assertThat(r.json().path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
    }
}
