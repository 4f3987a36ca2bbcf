package io.llmbench.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedEndpointFaultTest {
    static SimulatedEndpoint sim;
    static SimClient client;

    @BeforeAll
    static void start() {
        sim = SimulatedEndpoint.builder()
                .timing(TimingModel.builder().prefill(1, 0).decode(2, 0).jitter(0).build())
                .retryAfter(Duration.ofMillis(2500))
                .start();
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void rateLimitFaultIs429WithJsonErrorAndRetryAfter() throws Exception {
        SimClient.Response r = client.post("/chat/completions", SimClient.chat(5, "x", true), SimulatedEndpoint.FAULT_HEADER, "429");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.headers().get("retry-after")).containsExactly("3");
        JsonNode error = r.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("message").asText()).isNotEmpty();
    }

    @Test
    void serverErrorFaultIs500WithJsonError() throws Exception {
        SimClient.Response r = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":3}", SimulatedEndpoint.FAULT_HEADER, "500");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void disconnectFaultClosesTheStreamAfterTheGivenTokensWithoutDone() {
        SimClient.Streamed s = client.stream("/chat/completions", SimClient.chat(20, "x", true),
                SimulatedEndpoint.FAULT_HEADER, "disconnect; after=6");
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.error()).isInstanceOf(IOException.class);
        assertThat(s.contentEvents()).hasSize(6);
        assertThat(s.events()).noneMatch(SimClient.Event::isDone);
    }

    @Test
    void disconnectFaultGivesANonStreamingRequestNoResponse() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.post("/completions",
                        "{\"prompt\":\"x\",\"max_tokens\":5}", SimulatedEndpoint.FAULT_HEADER, "disconnect"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void malformedFaultSendsOneNonJsonChunkThenFinishes() {
        SimClient.Streamed s = client.stream("/chat/completions", SimClient.chat(10, "x", true),
                SimulatedEndpoint.FAULT_HEADER, "malformed; after=3");
        assertThat(s.error()).isNull();
        List<String> bad = new ArrayList<>();
        int contentBefore = 0;
        boolean seenBad = false;
        for (SimClient.Event e : s.events()) {
            if (e.isDone()) {
                continue;
            }
            try {
                JsonNode j = SimClient.JSON.readTree(e.data());
                if (!seenBad && j.path("choices").size() > 0 && !j.path("choices").get(0).path("delta").path("content").asText("").isEmpty()) {
                    contentBefore++;
                }
            } catch (IOException x) {
                bad.add(e.data());
                seenBad = true;
            }
        }
        assertThat(bad).hasSize(1);
        assertThat(contentBefore).isEqualTo(3);
        assertThat(s.contentEvents()).hasSize(10);
        assertThat(s.events().get(s.events().size() - 1).isDone()).isTrue();
    }

    @Test
    void errorFaultSendsAnErrorObjectThenDone() {
        SimClient.Streamed s = client.stream("/chat/completions", SimClient.chat(10, "x", true),
                SimulatedEndpoint.FAULT_HEADER, "error; after=4");
        assertThat(s.error()).isNull();
        assertThat(s.contentEvents()).hasSize(4);
        List<SimClient.Event> events = s.events();
        assertThat(events.get(events.size() - 1).isDone()).isTrue();
        JsonNode error = events.get(events.size() - 2).json();
        assertThat(error.path("error").path("message").asText()).contains("simulated error");
        assertThat(s.chunks()).noneMatch(c -> c.path("choices").size() > 0
                && !c.path("choices").get(0).path("finish_reason").isNull());
    }

    @Test
    void errorFaultGivesANonStreamingRequest500() throws Exception {
        SimClient.Response r = client.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":5}", SimulatedEndpoint.FAULT_HEADER, "error");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().path("error").path("message").asText()).contains("simulated error");
    }

    @Test
    void stallBeforeTheFirstTokenKeepsTheConnectionOpenAndSilentUntilTheClientLeaves() throws Exception {
        long cancelledBefore = sim.stats().cancelled();
        try (RawHttp raw = new RawHttp(sim)) {
            raw.send(RawHttp.post("/chat/completions", SimClient.chat(5, "x", true), SimulatedEndpoint.FAULT_HEADER + ": stall; after=0"));
            raw.readUntil("\r\n\r\n", 1, 2000); // the response head
            assertThat(raw.text()).startsWith("HTTP/1.1 200");
            assertThat(raw.silentFor(400)).isTrue();
            assertThat(raw.socket.isClosed()).isFalse();
            assertThat(sim.stats().running()).isEqualTo(1);
        }
        // the client left: its running slot is freed
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (sim.stats().running() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sim.stats().running()).isZero();
        assertThat(sim.stats().cancelled()).isEqualTo(cancelledBefore + 1);
    }

    @Test
    void finiteStallPausesTheStreamThenResumes() {
        SimClient.Streamed s = client.stream("/chat/completions", SimClient.chat(6, "x", true),
                SimulatedEndpoint.FAULT_HEADER, "stall; after=3; ms=300");
        assertThat(s.error()).isNull();
        List<SimClient.Event> content = s.contentEvents();
        assertThat(content).hasSize(6);
        double gap = (content.get(3).nanos() - content.get(2).nanos()) / 1e6;
        double normalGap = (content.get(2).nanos() - content.get(1).nanos()) / 1e6;
        // 300 ms stall plus one 2 ms step; the client's own delivery delays blur it by a few ms
        assertThat(gap).isBetween(280.0, 400.0);
        assertThat(normalGap).isLessThan(50.0);
        assertThat(s.events().get(s.events().size() - 1).isDone()).isTrue();
    }

    @Test
    void seededFaultProbabilitiesAreHonouredAndRepeatable() throws Exception {
        List<Integer> first = faultedIndexes(7);
        List<Integer> again = faultedIndexes(7);
        List<Integer> other = faultedIndexes(8);
        // 200 draws at p = 0.25: mean 50, standard deviation 6.1; allow 4 standard deviations
        assertThat(first.size()).isBetween(26, 74);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static List<Integer> faultedIndexes(long seed) throws Exception {
        try (SimulatedEndpoint s = SimulatedEndpoint.builder().seed(seed).timing(TimingModel.instant())
                .fault(SimFault.RATE_LIMIT, 0.25).start()) {
            SimClient c = new SimClient(s);
            List<Integer> faulted = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                if (c.post("/completions", "{\"prompt\":\"x\",\"max_tokens\":1}").status() == 429) {
                    faulted.add(i);
                }
            }
            assertThat(s.stats().faulted()).isEqualTo(faulted.size());
            return faulted;
        }
    }
}
