package io.llmbench.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.llmbench.core.Benchmark;
import io.llmbench.core.Endpoint;
import io.llmbench.core.Load;
import io.llmbench.core.sim.SimulatedEndpoint;
import io.llmbench.core.workload.Workload;
import io.llmbench.examples.service.ServiceClient.Res;
import io.llmbench.store.ResultStore;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document against the service: it validates as OpenAPI 3.0 (swagger-parser), lists
 * every route the framework has registered, and every route answers with the JSON its entry
 * documents for the status it answered (each response validated with networknt's OpenAPI 3.0
 * dialect against the document's schema, extra fields refused).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {
    static final String KEY = "contract-key-0123456789abcdef";

    ResultStore store;
    BenchService service;
    ServiceClient client;
    JsonNode doc;
    String measuredRun;
    final List<String> covered = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        store = ResultStore.h2InMemory("contract_" + UUID.randomUUID().toString().replace("-", ""));
        try (SimulatedEndpoint sim = SimulatedEndpoint.builder().model("org/sim-measured").seed(5).start()) {
            measuredRun = store.save(Benchmark.builder().endpoints(Endpoint.openAi(sim.baseUrl()).model(sim.model()).name("measured").build())
                    .workload(Workload.synthetic(128, 16)).load(Load.concurrency(2)).requests(12).run().endpoint("measured"));
        }
        service = BenchService.builder().store(store).apiKey(KEY).port(0).start();
        client = new ServiceClient(service.baseUrl(), KEY);
        doc = ServiceClient.JSON.readTree(client.get("/openapi.json").text());
    }

    @AfterAll
    void stop() {
        service.close();
        store.close();
    }

    @Test
    void theDocumentValidatesAsOpenApi3AndListsEveryRegisteredRoute() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(doc.toString(), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes().get("apiKey").getName()).isEqualTo("X-API-Key");

        TreeSet<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        TreeSet<String> registered = new TreeSet<>();
        for (String r : service.registeredRoutes()) {
            registered.add(OpenApi.openApiPath(r));
        }
        assertThat(documented).isEqualTo(registered);
        assertThat(documented).contains("GET /v1/benchmarks/models", "GET /v1/benchmarks/models/{model}", "GET /v1/benchmarks/estimate",
                "GET /v1/benchmarks/compare", "GET /api/v1/benchmarks/rankings", "GET /api/v1/benchmarks/rankings/{metric}",
                "POST /api/benchmarks/upload", "GET /api/benchmarks/models/{model}/benchmarks", "GET /api/benchmarks/benchmarks/{id}",
                "DELETE /api/benchmarks/benchmarks/{id}", "POST /api/benchmarks/modeling/predict", "GET /openapi.json", "GET /explorer");
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            boolean open = !p.getKey().startsWith("/api/") && !p.getKey().startsWith("/v1/");
            assertThat(op.getValue().has("security")).as("%s %s has its own (empty) security", op.getKey(), p.getKey()).isEqualTo(open);
            if (!open) {
                assertThat(op.getValue().get("responses").has("401")).as("%s %s documents 401", op.getKey(), p.getKey()).isTrue();
            }
        }));
    }

    @Test
    void everyRouteAnswersWithTheDocumentedJson() throws Exception {
        // store: the sample CSV (24 runs, two models) through the API, plus the measured run with request records
        Res imported = check("POST", "/api/runs/import", client.csv("/api/runs/import", ServiceClient.sampleCsv()), 201);
        String importedRun = imported.json().get("runIds").get(0).asText();
        check("POST", "/api/runs/import", client.csv("/api/runs/import", ServiceClient.sampleCsvWithBadLine4()), 400);
        Res upload = check("POST", "/api/benchmarks/upload", client.multipart("/api/benchmarks/upload", "file", "sample.csv",
                ServiceClient.sampleCsv().replace("llama-8b", "llama-8b-copy").getBytes(StandardCharsets.UTF_8)), 201);
        String benchmark = upload.json().get("benchmark_id").asText();
        assertThat(upload.json().get("rows_inserted").asInt()).isEqualTo(24);
        check("POST", "/api/benchmarks/upload", client.multipart("/api/benchmarks/upload", "file", "bad.csv",
                ServiceClient.sampleCsvWithBadLine4().getBytes(StandardCharsets.UTF_8)), 400);

        check("GET", "/api/models", client.get("/api/models"), 200);
        check("GET", "/api/runs", client.get("/api/runs?model=llama-8b&limit=5"), 200);
        check("GET", "/api/runs/{id}", client.get("/api/runs/" + measuredRun), 200);
        check("GET", "/api/runs/{id}", client.get("/api/runs/no-such-run"), 404);
        Res records = check("GET", "/api/runs/{id}/records", client.get("/api/runs/" + measuredRun + "/records?limit=5&offset=2"), 200);
        assertThat(records.json().get("records")).hasSize(5);
        JsonNode all = client.get("/api/runs/" + measuredRun + "/records?limit=100").json();
        assertThat(all.get("total").asInt()).isEqualTo(12);
        assertThat(all.get("records")).hasSize(12);
        assertThat(records.json().get("records").get(0)).isEqualTo(all.get("records").get(2));
        Res charts = check("GET", "/api/charts", client.get("/api/charts?runs=" + measuredRun + "," + importedRun), 200);
        assertThat(charts.json().get("charts").size()).isGreaterThan(3);
        check("GET", "/api/charts", client.get("/api/charts?runs=" + measuredRun + ",nope"), 404);

        String point = "\"inputTokens\":1024,\"outputTokens\":256,\"concurrency\":8";
        check("POST", "/api/predict", client.post("/api/predict", "{\"model\":\"llama-8b\"," + point + "}"), 200);
        check("POST", "/api/predict", client.post("/api/predict", "{\"model\":\"llama-8b\",\"inputTokens\":0}"), 400);
        Res curve = check("POST", "/api/predict/curve", client.post("/api/predict/curve", "{\"model\":\"llama-8b\"," + point
                + ",\"vary\":\"concurrency\",\"measure\":\"ttft\",\"steps\":10}"), 200);
        assertThat(curve.json().get("points")).hasSize(10);
        assertThat(curve.json().get("measured").size()).isGreaterThan(0);
        check("POST", "/api/estimate", client.post("/api/estimate", "{\"model\":\"llama-8b\",\"requests\":1000," + point
                + ",\"pricePerGpuHour\":2,\"gpuCount\":1}"), 200);
        check("POST", "/api/compare", client.post("/api/compare", "{\"requests\":1000," + point + "}"), 200);
        check("GET", "/api/rankings", client.get("/api/rankings"), 200);
        check("GET", "/api/rankings/{measure}", client.get("/api/rankings/ttft?inputTokens=1024&outputTokens=256&concurrency=8"), 200);
        check("POST", "/api/recommend", client.post("/api/recommend", "{" + point
                + ",\"slos\":[{\"metric\":\"ttft\",\"threshold\":400}],\"criteria\":[{\"measure\":\"output_throughput\"}]}"), 200);

        Res seedPredict = check("POST", "/api/benchmarks/modeling/predict", client.post("/api/benchmarks/modeling/predict",
                "{\"model\":\"llama-8b\",\"input_tokens\":1024,\"output_tokens\":256,\"traffic_level\":8}"), 200);
        assertThat(seedPredict.json().get("confidence").asText()).isIn("high", "medium", "low");
        assertThat(seedPredict.json().get("predictions").get("ttft_mean").asDouble()).isPositive();
        check("GET", "/api/v1/benchmarks/rankings", client.get("/api/v1/benchmarks/rankings"), 200);
        check("GET", "/api/v1/benchmarks/rankings/{metric}", client.get("/api/v1/benchmarks/rankings/e2e_latency"), 200);
        check("GET", "/api/v1/benchmarks/rankings/{metric}", client.get("/api/v1/benchmarks/rankings/speed"), 400);
        check("GET", "/v1/benchmarks/models", client.get("/v1/benchmarks/models"), 200);
        Res modelRuns = check("GET", "/v1/benchmarks/models/{model}", client.get("/v1/benchmarks/models/org%2Fsim-measured?limit=3"), 200);
        assertThat(modelRuns.json().get("benchmarks").get(0).get("id").asText()).isEqualTo(measuredRun);
        check("GET", "/v1/benchmarks/models/{model}", client.get("/v1/benchmarks/models/org/sim-measured"), 200);
        check("GET", "/v1/benchmarks/estimate", client.get("/v1/benchmarks/estimate?model=llama-8b&num_requests=5000"), 200);
        check("GET", "/v1/benchmarks/estimate", client.get("/v1/benchmarks/estimate?model=llama-8b"), 400);
        check("GET", "/v1/benchmarks/compare", client.get("/v1/benchmarks/compare?num_requests=5000"), 200);
        check("GET", "/api/benchmarks/models", client.get("/api/benchmarks/models"), 200);
        check("GET", "/api/benchmarks/models/{model}/benchmarks", client.get("/api/benchmarks/models/llama-8b-copy/benchmarks"), 200);
        Res rows = check("GET", "/api/benchmarks/benchmarks/{id}", client.get("/api/benchmarks/benchmarks/" + benchmark), 200);
        assertThat(rows.json()).hasSize(24);
        TreeSet<String> models = new TreeSet<>();
        rows.json().forEach(row -> models.add(row.get("provider_model").asText()));
        assertThat(models).containsExactly("llama-8b-copy", "qwen-32b");
        Res deleted = check("DELETE", "/api/benchmarks/benchmarks/{id}", client.delete("/api/benchmarks/benchmarks/" + benchmark), 200);
        assertThat(deleted.json().get("deleted").asInt()).isEqualTo(24);
        check("DELETE", "/api/benchmarks/benchmarks/{id}", client.delete("/api/benchmarks/benchmarks/" + benchmark), 404);
        check("DELETE", "/api/runs/{id}", client.delete("/api/runs/" + importedRun), 204);

        check("GET", "/health", client.call("GET", "/health", null, null, null), 200);
        check("GET", "/openapi.json", client.call("GET", "/openapi.json", null, null, null), 200);
        check("GET", "/api/models", client.call("GET", "/api/models", null, null, null), 401);
        for (String page : Pages.PAGES.keySet()) {
            Res r = client.call("GET", page, null, null, null);
            assertThat(r.status()).as(page).isEqualTo(200);
            assertThat(r.contentType().replace(" ", "")).as(page).isEqualTo(Pages.contentType(page).replace(" ", ""));
            covered.add("GET " + page);
        }

        TreeSet<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertThat(new TreeSet<>(covered)).as("every documented route was called").isEqualTo(documented);
    }

    /** Checks the status and validates the body against the schema the document gives that status of that route. */
    private Res check(String method, String template, Res r, int status) {
        covered.add(method + " " + template);
        assertThat(r.status()).as("%s %s: %s", method, template, r.text()).isEqualTo(status);
        JsonNode response = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT)).path("responses").path(Integer.toString(status));
        assertThat(response.isMissingNode()).as("%s %s documents status %d", method, template, status).isFalse();
        JsonNode content = response.path("content");
        if (content.isMissingNode()) {
            assertThat(r.text()).as("%s %s %d has no body", method, template, status).isEmpty();
            return r;
        }
        assertThat(r.contentType()).startsWith("application/json");
        List<Error> errors = schemaOf(content.get("application/json").get("schema")).validate(r.json());
        assertThat(errors).as("%s %s %d against its documented schema; body %s", method, template, status, r.text()).isEmpty();
        return r;
    }

    private Schema schemaOf(JsonNode schema) {
        ObjectNode wrapper = ServiceClient.JSON.createObjectNode();
        wrapper.setAll((ObjectNode) schema.deepCopy());
        wrapper.set("components", doc.get("components"));
        return SchemaRegistry.withDialect(Dialects.getOpenApi30())
                .getSchema(SchemaLocation.of("urn:llmbench:openapi"), wrapper);
    }
}
