package io.llmbench.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmbench.examples.service.ServiceClient.Res;
import io.llmbench.store.ResultStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service over real HTTP, with a real in-memory H2 store and the sample summary CSV. */
class BenchServiceTest {
    static final String KEY = "test-key-0123456789abcdef";

    ResultStore store;
    BenchService service;
    ServiceClient client;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        store = ResultStore.h2InMemory("service_" + UUID.randomUUID().toString().replace("-", ""));
        service = BenchService.builder().store(store).apiKey(KEY).port(0)
                .clock(Clock.fixed(Instant.parse("2026-02-01T10:00:00Z"), ZoneOffset.UTC)).start();
        client = new ServiceClient(service.baseUrl(), KEY);
    }

    @AfterEach
    void stop() {
        service.close();
        store.close();
    }

    Res call(String method, String path, String body, String contentType, String key) throws Exception {
        return client.call(method, path, body, contentType, key);
    }

    Res get(String path) throws Exception {
        return client.get(path);
    }

    Res post(String path, String json) throws Exception {
        return client.post(path, json);
    }

    static String sampleCsv() throws Exception {
        return ServiceClient.sampleCsv();
    }

    void importSample() throws Exception {
        Res r = call("POST", "/api/runs/import", sampleCsv(), "text/csv", KEY);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.json().get("imported").asInt()).isEqualTo(24);
    }

    // --- authentication ---

    @Test
    void refusesApiCallsWithoutTheRightKeyAndNeverEchoesTheKey() throws Exception {
        String wrong = "wrong-key-" + "z".repeat(20);
        for (String key : new String[] {null, wrong, KEY.substring(0, KEY.length() - 1), KEY + "x", ""}) {
            Res r = call("GET", "/api/models", null, null, key);
            assertThat(r.status()).as("key %s", key).isEqualTo(401);
            assertThat(r.json().get("error").asText()).contains("X-API-Key");
            assertThat(r.text()).doesNotContain(KEY).doesNotContain(wrong);
        }
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/models"))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(get("/api/models").status()).isEqualTo(200);
    }

    @Test
    void servesThePageAndHealthWithoutAKey() throws Exception {
        Res page = call("GET", "/", null, null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<title>llmbench</title>").contains("/app.js", "/assets/chart.js", "/assets/report.js")
                .doesNotContain("<script>").doesNotContain("http://").doesNotContain("https://");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .isEqualTo(Pages.CSP).contains("script-src 'self';").doesNotContain("unsafe");
        Res js = call("GET", "/app.js", null, null, null);
        assertThat(js.contentType()).startsWith("text/javascript");
        assertThat(js.text()).contains("textContent").doesNotContain("innerHTML").doesNotContain("outerHTML")
                .doesNotContain("insertAdjacentHTML").doesNotContain("document.write").doesNotContain("eval(")
                .doesNotContain("localStorage").doesNotContain("sessionStorage");
        for (String asset : List.of("/assets/chart.js", "/assets/report.js", "/assets/swagger-ui.js", "/assets/swagger-ui.css", "/explorer")) {
            Res a = call("GET", asset, null, null, null);
            assertThat(a.status()).as(asset).isEqualTo(200);
            assertThat(a.text()).as(asset).doesNotContain("sourceMappingURL");
        }
        assertThat(call("GET", "/health", null, null, null).json().get("status").asText()).isEqualTo("ok");
        Res post = call("POST", "/", "x", "text/plain", null);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().get("error").asText()).isEqualTo("method must be one of [GET] for /, but was POST");
    }

    @Test
    void apiKeyIsRedactedAndTooShortKeysAreRefusedWithoutShowingThem() {
        assertThat(new ApiKey(KEY).toString()).doesNotContain(KEY);
        assertThat(new ApiKey(KEY).matches(KEY)).isTrue();
        assertThat(new ApiKey(KEY).matches(null)).isFalse();
        assertThatThrownBy(() -> new ApiKey("short-secret"))
                .hasMessage("API key must have at least 16 characters, but had 12").hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> BenchService.builder().store(store).port(0).start()).hasMessage("API key must be set, but was missing");
    }

    // --- store browsing ---

    @Test
    void uploadsBrowsesAndDeletesRuns() throws Exception {
        importSample();

        JsonNode models = get("/api/models").json().get("models");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).get("model").asText()).isEqualTo("llama-8b");
        assertThat(models.get(0).get("runs").asInt()).isEqualTo(12);

        Res runs = get("/api/runs?model=qwen-32b&limit=5");
        assertThat(runs.json().get("total").asInt()).isEqualTo(12);
        assertThat(runs.json().get("runs")).hasSize(5);
        JsonNode first = runs.json().get("runs").get(0);
        assertThat(first.get("deployment").get("model").asText()).isEqualTo("qwen-32b");
        assertThat(first.get("run").get("startedAt").asText()).isEqualTo("2026-02-01T10:00:00Z");

        String id = first.get("id").asText();
        Res one = get("/api/runs/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("metrics").get("ttft").get("count").asInt()).isEqualTo(48);
        assertThat(one.json().get("job").get("requests").asInt()).isEqualTo(48);

        assertThat(call("DELETE", "/api/runs/" + id, null, null, KEY).status()).isEqualTo(204);
        Res gone = get("/api/runs/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("error").asText()).isEqualTo("run id must be one of a stored run, but '" + id + "' is not");
        assertThat(call("DELETE", "/api/runs/" + id, null, null, KEY).status()).isEqualTo(404);
        assertThat(get("/api/runs?model=qwen-32b").json().get("total").asInt()).isEqualTo(11);
    }

    @Test
    void aBadCsvImportsNothingAndNamesLineColumnAndValue() throws Exception {
        String bad = ServiceClient.sampleCsvWithBadLine4();   // traffic_level of the record on line 4 is 'eight'

        Res r = call("POST", "/api/runs/import", bad, "text/csv", KEY);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("summary CSV has 1 problem; nothing was imported");
        JsonNode p = r.json().get("problems").get(0);
        assertThat(p.get("line").asInt()).isEqualTo(4);
        assertThat(p.get("column").asText()).isEqualTo("traffic_level");
        assertThat(p.get("value").asText()).isEqualTo("eight");
        assertThat(get("/api/models").json().get("models")).isEmpty();

        Res skip = call("POST", "/api/runs/import?mode=skip", bad, "text/csv", KEY);
        assertThat(skip.status()).isEqualTo(201);
        assertThat(skip.json().get("imported").asInt()).isEqualTo(23);
        assertThat(skip.json().get("problems").get(0).get("message").asText()).startsWith("line 4: column traffic_level");

        assertThat(call("POST", "/api/runs/import?mode=maybe", bad, "text/csv", KEY).json().get("error").asText())
                .isEqualTo("mode must be one of [all, skip], but was 'maybe'");
    }

    // --- model ---

    @Test
    void predictsNearAMeasuredPointWithConfidenceAndFarAwayWithLowConfidence() throws Exception {
        importSample();
        // measured: llama-8b, concurrency 8, in 1024, out 256 (row 10 of the sample)
        JsonNode measured = null;
        for (JsonNode run : get("/api/runs?model=llama-8b").json().get("runs")) {
            JsonNode r = run.get("run");
            if (r.get("trafficLevel").asDouble() == 8 && run.get("job").get("inputTokens").asLong() == 1024L * 48
                    && run.get("job").get("outputTokens").asLong() == 256L * 48) {
                measured = run;
            }
        }
        assertThat(measured).isNotNull();

        Res near = post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":1024,\"outputTokens\":256,\"concurrency\":8}");
        assertThat(near.status()).as(near.text()).isEqualTo(200);
        double ttft = near.json().get("values").get("ttft").get("value").asDouble();
        assertThat(ttft).isCloseTo(measured.get("keyMetrics").get("ttft").get("mean").asDouble(), within(0.15 * ttft));
        assertThat(near.json().get("confidence").asText()).isIn("HIGH", "MEDIUM");
        JsonNode interval = near.json().get("values").get("e2e");
        assertThat(interval.get("lower").asDouble()).isLessThanOrEqualTo(interval.get("value").asDouble());
        assertThat(interval.get("upper").asDouble()).isGreaterThanOrEqualTo(interval.get("value").asDouble());

        Res far = post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":100000,\"outputTokens\":4000,\"concurrency\":64}");
        assertThat(far.json().get("confidence").asText()).isEqualTo("LOW");
    }

    @Test
    void badPredictInputGetsAClearErrorNamingFieldRuleAndValue() throws Exception {
        importSample();
        Res zero = post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":0,\"outputTokens\":256,\"concurrency\":8}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().get("error").asText()).isEqualTo("inputTokens must be a number >= 1, but was 0");
        assertThat(zero.json().get("field").asText()).isEqualTo("inputTokens");

        assertThat(post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":\"many\",\"outputTokens\":256,\"concurrency\":8}")
                .json().get("error").asText()).isEqualTo("inputTokens must be a number >= 1, but was 'many'");
        assertThat(post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":1,\"outputTokens\":256,\"concurency\":8}")
                .json().get("error").asText()).startsWith("field concurency is not known here; known fields are [").endsWith("but got 'concurency'");
        assertThat(post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":1,\"outputTokens\":256}")
                .json().get("error").asText()).isEqualTo("one of concurrency and rate must be given, but neither was");
        assertThat(post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":1,\"outputTokens\":2,\"concurrency\":1,\"rate\":2}")
                .json().get("error").asText()).isEqualTo("concurrency and rate must not both be given, but both were");
        assertThat(post("/api/predict", "{\"model\":\"llama-8b\",").json().get("error").asText())
                .startsWith("request body must be a JSON object, but could not be parsed at line 1");
        assertThat(post("/api/predict", "[1,2]").json().get("error").asText())
                .isEqualTo("request body must be a JSON object, but was array");

        Res unknown = post("/api/predict", "{\"model\":\"gpt-9\",\"inputTokens\":1,\"outputTokens\":2,\"concurrency\":1}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("model must be one with stored runs, but 'gpt-9' has none");

        Res rate = post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":1,\"outputTokens\":2,\"rate\":1}");
        // no rate runs: the concurrency runs are converted by Little's law, at low confidence
        assertThat(rate.status()).as(rate.text()).isEqualTo(200);
        assertThat(rate.json().get("point").get("rate").asDouble()).isEqualTo(1.0);
        assertThat(rate.json().get("confidence").asText()).isEqualTo("LOW");

        String huge = "{\"model\":\"" + "x".repeat(BenchService.MAX_JSON_BYTES) + "\"}";
        assertThat(post("/api/predict", huge).status()).isEqualTo(413);
        assertThat(get("/api/nothing").status()).isEqualTo(404);
        Res put = call("PUT", "/api/predict", "{}", "application/json", KEY);
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.json().get("error").asText()).isEqualTo("method must be one of [POST] for /api/predict, but was PUT");
    }

    @Test
    void estimatesNRequestsWithCost() throws Exception {
        importSample();
        Res r = post("/api/estimate", "{\"model\":\"llama-8b\",\"requests\":100000,\"inputTokens\":1024,\"outputTokens\":256,"
                + "\"concurrency\":8,\"pricePerGpuHour\":2.5,\"gpuCount\":2}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode e = r.json();
        double seconds = e.get("seconds").asDouble();
        assertThat(seconds).isCloseTo(100000 / e.get("requestsPerSecond").asDouble(), within(1e-6 * seconds));
        assertThat(e.get("hours").asDouble()).isCloseTo(seconds / 3600, within(1e-9));
        assertThat(e.get("cost").get("perJob").asDouble()).isCloseTo(2.5 * 2 * seconds / 3600, within(1e-6));
        assertThat(e.get("basis").asText()).contains("runs");

        assertThat(post("/api/estimate", "{\"model\":\"llama-8b\",\"inputTokens\":1,\"outputTokens\":2,\"concurrency\":1}")
                .json().get("error").asText()).isEqualTo("requests must be a whole number >= 1, but was missing");
        assertThat(post("/api/estimate", "{\"model\":\"llama-8b\",\"requests\":1.5,\"inputTokens\":1,\"outputTokens\":2,\"concurrency\":1}")
                .json().get("error").asText()).startsWith("requests must be a whole number in [1, ").endsWith("but was 1.5");
    }

    @Test
    void comparesModelsFastestFirst() throws Exception {
        importSample();
        Res r = post("/api/compare", "{\"requests\":5000,\"inputTokens\":1024,\"outputTokens\":256,\"concurrency\":8}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode rows = r.json().get("models");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("model").asText()).isEqualTo("llama-8b");
        assertThat(rows.get(0).get("rank").asInt()).isEqualTo(1);
        double fast = rows.get(0).get("seconds").asDouble();
        double slow = rows.get(1).get("seconds").asDouble();
        assertThat(fast).isLessThan(slow);
        assertThat(rows.get(0).get("speedUpVsSlowest").asDouble()).isCloseTo(slow / fast, within(1e-9));
        assertThat(rows.get(1).get("speedUpVsSlowest").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(0).get("secondsSavedVsSlowest").asDouble()).isCloseTo(slow - fast, within(1e-6));

        assertThat(post("/api/compare", "{\"models\":[\"nope\"],\"requests\":5,\"inputTokens\":1,\"outputTokens\":2,\"concurrency\":1}")
                .status()).isEqualTo(404);
    }

    @Test
    void ranksModelsPerMeasureAndForOneMeasure() throws Exception {
        importSample();
        JsonNode all = get("/api/rankings").json();
        assertThat(all.get("basis").asText()).isEqualTo("mean over each model's measured runs");
        assertThat(all.get("rankings").get("ttft").get(0).get("model").asText()).isEqualTo("llama-8b");
        assertThat(all.get("rankings").get("user_tps").get(0).get("model").asText()).isEqualTo("llama-8b");
        assertThat(all.get("rankings").get("e2e")).hasSize(2);

        JsonNode one = get("/api/rankings/e2e?inputTokens=4096&outputTokens=64&concurrency=1").json();
        assertThat(one.get("rankings").size()).isEqualTo(1);
        assertThat(one.get("basis").asText()).isEqualTo("predicted at in=4096 out=64 concurrency 1");
        JsonNode e2e = one.get("rankings").get("e2e");
        assertThat(e2e.get(0).get("value").asDouble()).isLessThan(e2e.get(1).get("value").asDouble());

        Res bad = get("/api/rankings/speed");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).startsWith("measure must be one of [").endsWith("but was 'speed'");
        assertThat(get("/api/rankings?inputTokens=100").json().get("error").asText())
                .isEqualTo("outputTokens must be a number >= 1, but was missing");
    }

    @Test
    void recommendsTheModelsThatMeetTheSlos() throws Exception {
        importSample();
        String point = "\"inputTokens\":1024,\"outputTokens\":256,\"concurrency\":8";
        double llama = ttftAt("llama-8b");
        double qwen = ttftAt("qwen-32b");
        assertThat(llama).isLessThan(qwen);
        double limit = Math.sqrt(llama * qwen);   // between the two

        Res r = post("/api/recommend", "{" + point + ",\"compliance\":\"point\",\"slos\":[{\"metric\":\"ttft\",\"threshold\":" + limit
                + "}],\"criteria\":[{\"measure\":\"output_throughput\",\"weight\":1}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("recommended")).hasSize(1);
        assertThat(r.json().get("recommended").get(0).get("model").asText()).isEqualTo("llama-8b");
        JsonNode rejected = r.json().get("rejected").get(0);
        assertThat(rejected.get("model").asText()).isEqualTo("qwen-32b");
        assertThat(rejected.get("value").asDouble()).isCloseTo(qwen, within(1e-6 * qwen));
        assertThat(rejected.get("message").asText()).startsWith("qwen-32b: ttft p95 ").contains(" misses ttft p95 <= ");

        assertThat(post("/api/recommend", "{" + point + "}").json().get("error").asText())
                .isEqualTo("slos, constraints or criteria must be given to recommend, but none were");
        assertThat(post("/api/recommend", "{" + point + ",\"slos\":[{\"metric\":\"latency\",\"threshold\":5}]}").json().get("error").asText())
                .isEqualTo("slos metric must be one of [e2e, itl, tpot, ttft, user_tps], but was 'latency'");
        assertThat(post("/api/recommend", "{" + point + ",\"constraints\":[{\"measure\":\"ttft\"}]}").json().get("error").asText())
                .isEqualTo("constraints on ttft must have exactly one of min and max, but had neither");
    }

    private double ttftAt(String model) throws Exception {
        return post("/api/predict", "{\"model\":\"" + model + "\",\"inputTokens\":1024,\"outputTokens\":256,\"concurrency\":8}")
                .json().get("values").get("ttft").get("value").asDouble();
    }
}
