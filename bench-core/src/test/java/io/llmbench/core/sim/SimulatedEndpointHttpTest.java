package io.llmbench.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 behaviour: keep-alive, pipelining, 100-continue, chunked bodies, auth, shutdown. */
class SimulatedEndpointHttpTest {

    private static SimulatedEndpoint fast() {
        return SimulatedEndpoint.builder().timing(TimingModel.builder().prefill(1, 0).decode(1, 0).jitter(0).build()).start();
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (SimulatedEndpoint sim = fast(); RawHttp raw = new RawHttp(sim)) {
            for (int i = 1; i <= 3; i++) {
                raw.send(RawHttp.post("/chat/completions", SimClient.chat(4, "turn " + i, true)));
                raw.readUntil("data: [DONE]", i, 5000);
                raw.readUntil("0\r\n\r\n", i, 5000);
            }
            raw.send(RawHttp.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":2}"));
            raw.readUntil("\"total_tokens\"", 4, 5000); // 3 usage chunks, then this body
            assertThat(sim.stats().openConnections()).isEqualTo(1);
            assertThat(sim.stats().completed()).isEqualTo(4);
        }
    }

    @Test
    void jdkClientReusesConnectionsAcrossSequentialRequests() throws Exception {
        try (SimulatedEndpoint sim = fast()) {
            SimClient client = new SimClient(sim);
            for (int i = 0; i < 10; i++) {
                assertThat(client.stream("/chat/completions", SimClient.chat(3, "r" + i, true)).error()).isNull();
            }
            assertThat(sim.stats().openConnections()).isEqualTo(1);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (SimulatedEndpoint sim = fast(); RawHttp raw = new RawHttp(sim)) {
            raw.send(RawHttp.post("/chat/completions", SimClient.chat(5, "first", true))
                    + RawHttp.post("/completions", "{\"prompt\":\"second\",\"max_tokens\":2}"));
            String all = raw.readUntil("\"total_tokens\"", 2, 5000);
            // the streamed response ends before the second response starts
            assertThat(all.indexOf("data: [DONE]")).isLessThan(all.indexOf("\"object\":\"text_completion\""));
            assertThat(RawHttp.count(all, "HTTP/1.1 200 OK")).isEqualTo(2);
        }
    }

    @Test
    void expectContinueAndChunkedRequestBodiesAreAccepted() throws Exception {
        try (SimulatedEndpoint sim = fast(); RawHttp raw = new RawHttp(sim)) {
            String body = "{\"prompt\":\"chunked body\",\"max_tokens\":3}";
            raw.send("POST /v1/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            raw.readUntil("HTTP/1.1 100 Continue\r\n\r\n", 1, 5000);
            String a = body.substring(0, 10);
            String b = body.substring(10);
            raw.send(Integer.toHexString(a.length()) + "\r\n" + a + "\r\n" + Integer.toHexString(b.length()) + "\r\n"
                    + b + "\r\n0\r\n\r\n");
            String all = raw.readUntil("\"completion_tokens\":3", 1, 5000);
            assertThat(all).contains("HTTP/1.1 200 OK");
        }
    }

    @Test
    void http10RequestsGetAResponseAndAClose() throws Exception {
        try (SimulatedEndpoint sim = fast(); RawHttp raw = new RawHttp(sim)) {
            String body = "{\"prompt\":\"old\",\"max_tokens\":3,\"stream\":true}";
            raw.send("POST /v1/completions HTTP/1.0\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            String all = raw.readToEnd(5000);
            assertThat(all).contains("connection: close").doesNotContain("transfer-encoding").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void garbageRequestLineGets400AndAClose() throws Exception {
        try (SimulatedEndpoint sim = fast(); RawHttp raw = new RawHttp(sim)) {
            raw.send("HELLO\r\n\r\n");
            String all = raw.readToEnd(5000);
            assertThat(all).startsWith("HTTP/1.1 400").contains("request line must be");
        }
    }

    @Test
    void defaultJdkClientThatOffersHttp2UpgradeGetsHttp11() throws Exception {
        try (SimulatedEndpoint sim = fast()) {
            HttpClient h2 = HttpClient.newHttpClient(); // offers h2c upgrade on plain http
            HttpResponse<String> r = h2.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"max_tokens\":2}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void apiKeyIsRequiredWhenSetAndNeverEchoed() throws Exception {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().apiKey("sk-secret-123").timing(TimingModel.instant()).start()) {
            SimClient client = new SimClient(sim);
            SimClient.Response none = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":1}");
            assertThat(none.status()).isEqualTo(401);
            SimClient.Response wrong = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":1}",
                    "Authorization", "Bearer sk-wrong");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("sk-wrong").doesNotContain("sk-secret-123");
            SimClient.Response ok = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":1}",
                    "Authorization", "Bearer sk-secret-123");
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @Test
    void closeEndsOpenStreamsAndStopsItsThreads() throws Exception {
        SimulatedEndpoint sim = SimulatedEndpoint.builder()
                .timing(TimingModel.builder().prefill(1, 0).decode(50, 0).jitter(0).build()).start();
        String suffix = sim.toString();
        SimClient client = new SimClient(sim);
        var pending = client.streamAsync("/chat/completions", SimClient.chat(1000, "long", true));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sim.stats().running() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        List<String> before = simThreads();
        assertThat(before).hasSizeGreaterThanOrEqualTo(2);
        sim.close();
        SimClient.Streamed s = pending.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(s.error()).isInstanceOf(IOException.class);
        assertThat(s.events()).noneMatch(SimClient.Event::isDone);
        List<String> after = simThreads();
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThatThrownBy(() -> client.post("/completions", "{\"prompt\":\"x\"}")).isInstanceOf(IOException.class);
        assertThat(suffix).contains(sim.baseUrl());
        sim.close(); // idempotent
    }

    private static List<String> simThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("llmbench-sim-")).toList();
    }

    @Test
    void fixedResponseModeSendsThePreEncodedStreamToEveryRequest() throws Exception {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().fixedResponse(50, 2).start()) {
            SimClient client = new SimClient(sim);
            for (int i = 0; i < 3; i++) {
                SimClient.Streamed s = client.stream("/chat/completions", SimClient.chat(0, "anything " + i, true));
                assertThat(s.error()).isNull();
                assertThat(s.contentEvents()).hasSize(50);
                List<JsonNode> chunks = s.chunks();
                assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
                assertThat(chunks.get(chunks.size() - 1).path("usage").path("completion_tokens").asInt()).isEqualTo(100);
                assertThat(s.events().get(s.events().size() - 1).isDone()).isTrue();
            }
            SimClient.Streamed text = client.stream("/completions", "{\"prompt\":\"x\", \"stream\" : true}");
            assertThat(text.contentEvents()).hasSize(50);
            assertThat(text.chunks().get(0).path("object").asText()).isEqualTo("text_completion");
            SimClient.Response whole = client.post("/chat/completions", SimClient.chat(0, "x", false));
            assertThat(whole.json().path("usage").path("completion_tokens").asInt()).isEqualTo(100);
            assertThat(sim.stats().completed()).isEqualTo(5);
            assertThat(sim.stats().openConnections()).isEqualTo(1);
        }
    }
}
