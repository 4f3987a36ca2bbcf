package io.llmbench.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbench.core.workload.Workload;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials given as extra headers or secret body fields are masked like the API key in every
 * message the harness keeps, against a server that echoes them back (real HTTP, the real client).
 */
class SecretMaskingTest {
    private static final String HEADER_TOKEN = "sk-canary-hdr-7f3a9b2c";
    private static final String BODY_KEY = "gw-canary-body-51d0e8";
    private static final String TENANT = "tenant-canary-42";

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

    private Endpoint endpoint() {
        return Endpoint.openAi(server.url("/v1").toString()).model("m").name("echo")
                .header("Authorization", "Bearer " + HEADER_TOKEN).header("X-Tenant", TENANT).header("X-Debug", "1")
                .secretBodyField("gateway_key", BODY_KEY).build();
    }

    @Test
    void masksEchoedHeaderValuesAndSecretBodyFieldsInErrors() {
        server.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"message\":\"token " + HEADER_TOKEN + " of " + TENANT + " with key " + BODY_KEY
                        + " is not valid (attempt 1)\"}}"));

        EndpointResult r = Benchmark.builder().endpoints(endpoint()).workload(Workload.ofTexts("x")).requests(1).run().endpoint("echo");

        RequestRecord rec = r.records().get(0);
        assertThat(rec.failure()).isEqualTo(FailureKind.HTTP_4XX);
        assertThat(rec.error()).contains("token **** of **** with key **** is not valid (attempt 1)")
                .doesNotContain(HEADER_TOKEN).doesNotContain(TENANT).doesNotContain(BODY_KEY);
        assertThat(r.toString()).doesNotContain(HEADER_TOKEN).doesNotContain(BODY_KEY);
        assertThat(endpoint().toString()).doesNotContain(HEADER_TOKEN).doesNotContain(BODY_KEY).doesNotContain(TENANT);
    }

    @Test
    void masksSecretsEchoedInTheSampledResponse() throws InterruptedException {
        String echoed = "You sent Bearer " + HEADER_TOKEN + " and " + BODY_KEY + ".";
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + echoed + "\"}}]}\n\n"
                        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}}\n\ndata: [DONE]\n\n"));

        EndpointResult r = Benchmark.builder().endpoints(endpoint()).workload(Workload.ofTexts("x")).requests(1)
                .sampleResponses(1000).run().endpoint("echo");

        assertThat(r.records().get(0).responseSample()).isEqualTo("You sent **** and ****.");
        // and the secrets did reach the server
        String body = server.takeRequest().getBody().readUtf8();
        assertThat(body).contains("\"gateway_key\":\"" + BODY_KEY + "\"");
    }

    @Test
    void leavesShortHeaderValuesAlone() {
        assertThat(endpoint().redact("attempt 1 of 1 failed; " + TENANT)).isEqualTo("attempt 1 of 1 failed; ****");
        assertThat(endpoint().redact(null)).isNull();
    }
}
