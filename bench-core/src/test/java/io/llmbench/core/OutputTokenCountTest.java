package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.sim.TimingModel;
import io.llmbench.core.workload.Workload;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Output tokens of streams without {@code usage}, each of whose true count is known: the engine
 * counts what the server generated, not an artefact of re-tokenizing the joined text.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutputTokenCountTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    /** A chat stream of these content chunks, without usage, ended by [DONE]. */
    private static MockResponse stream(List<String> chunks) {
        StringBuilder sb = new StringBuilder("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
        for (String c : chunks) {
            sb.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(c.replace("\n", "\\n"))
                    .append("\"},\"finish_reason\":null}]}\n\n");
        }
        sb.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n");
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sb.toString());
    }

    private RequestRecord run(List<String> chunks) {
        server.enqueue(stream(chunks));
        Endpoint e = Endpoint.openAi(server.url("/v1").toString()).model("m").name("mock").includeUsage(false).build();
        EndpointResult r = Benchmark.builder().endpoints(e).workload(Workload.ofTexts("Say something")).requests(1)
                .run().endpoint("mock");
        assertThat(r.job().succeeded()).isEqualTo(1);
        return r.records().get(0);
    }

    private static List<String> words(String format, String... words) {
        return java.util.Arrays.stream(words).map(w -> String.format(format, w)).toList();
    }

    private static final String[] SIXTEEN = {"hello", "world", "this", "is", "a", "test", "of", "the", "token", "count",
        "with", "one", "word", "per", "chunk", "here"};

    @Test
    void countsSixteenTokensWhoseTextEndsWithASpace() {
        // a server whose tokens carry a trailing space: "hello ", "world ", ... joined, the text ends
        // in a space that a tokenizer would count as a seventeenth token
        RequestRecord r = run(words("%s ", SIXTEEN));

        assertThat(r.outputSource()).isEqualTo(TokenSource.TOKENIZER);
        assertThat(r.outputTokens()).isEqualTo(16);
        assertThat(r.contentChunks()).isEqualTo(16);
    }

    @Test
    void countsSixteenTokensWithLeadingSpaces() {
        assertThat(run(words(" %s", SIXTEEN)).outputTokens()).isEqualTo(16);
    }

    @Test
    void keepsAFinalWhitespaceTokenThatCameAlone() {
        List<String> chunks = new java.util.ArrayList<>(words(" %s", SIXTEEN).subList(0, 15));
        chunks.add("\n");
        assertThat(run(chunks).outputTokens()).isEqualTo(16);
    }

    @Test
    void countsBundledChunksByTheirText() {
        // four steps of four tokens each (speculative decoding, server-side batching)
        List<String> chunks = IntStream.range(0, 4).mapToObj(i -> " " + String.join(" ", List.of(SIXTEEN).subList(4 * i, 4 * i + 4)))
                .toList();
        RequestRecord r = run(chunks);
        assertThat(r.contentChunks()).isEqualTo(4);
        assertThat(r.outputTokens()).isEqualTo(16);
    }

    @Test
    void neverCountsFewerTokensThanChunks() {
        // sixteen one-digit tokens; the local tokenizer groups digits three at a time (6 tokens)
        List<String> digits = IntStream.range(0, 16).mapToObj(i -> Integer.toString((i * 7) % 10)).toList();
        assertThat(run(digits).outputTokens()).isEqualTo(16);
    }

    @Test
    void countsWhatTheSimulatedEndpointGeneratedWithoutUsage() {
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().timing(TimingModel.instant()).start()) {
            for (Endpoint.Api api : Endpoint.Api.values()) {
                Endpoint e = Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("sim").api(api).includeUsage(false).build();
                EndpointResult r = Benchmark.builder().endpoints(e).workload(Workload.synthetic(32, 24)).requests(20)
                        .run().endpoint("sim");
                assertThat(r.records()).as(api.name()).allSatisfy(rec -> {
                    assertThat(rec.outputSource()).isEqualTo(TokenSource.TOKENIZER);
                    assertThat(rec.outputTokens()).isEqualTo(24);
                });
            }
        }
    }
}
