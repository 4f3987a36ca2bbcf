package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmbench.report.SummaryCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service's OpenAPI 3.0 document, written from the routes' declarations and the JSON schemas
 * of {@code openapi-components.json} (beside this class), so that it lists exactly the calls that
 * answer. Immutable and thread-safe.
 */
final class OpenApi {
    static final String VERSION = "3.0.3";
    private static final String SECURITY = "apiKey";

    private final ObjectMapper mapper;
    private final ObjectNode schemas;
    private final ObjectNode document;

    OpenApi(ObjectMapper mapper, List<Route> routes) {
        this.mapper = mapper;
        this.schemas = loadSchemas(mapper);
        this.document = build(routes);
    }

    /** The document; callers must not change it. */
    ObjectNode document() {
        return document;
    }

    /** The property names of a component schema: the fields a JSON body may have. */
    Set<String> fields(String schema) {
        JsonNode s = schema(schema);
        Set<String> out = new LinkedHashSet<>();
        s.path("properties").fieldNames().forEachRemaining(out::add);
        return Set.copyOf(out);
    }

    private JsonNode schema(String name) {
        JsonNode s = schemas.get(name);
        if (s == null) {
            throw new IllegalStateException("schema " + name + " must be in openapi-components.json, but is not");
        }
        return s;
    }

    private static ObjectNode loadSchemas(ObjectMapper mapper) {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi-components.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi-components.json must be on the class path beside OpenApi, but is missing");
            }
            ObjectNode s = (ObjectNode) mapper.readTree(in);
            ObjectNode row = (ObjectNode) s.get("SeedBenchmarkRow").get("properties");
            for (String column : SummaryCsv.COLUMNS) {
                row.putObject(column).put("type", SeedApi.textColumn(column) ? "string" : "number").put("nullable", true);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi-components.json", e);
        }
    }

    private ObjectNode build(List<Route> routes) {
        ObjectNode d = mapper.createObjectNode();
        d.put("openapi", VERSION);
        ObjectNode info = d.putObject("info");
        info.put("title", "llmbench service");
        info.put("version", "1");
        info.put("description", "Benchmark runs, predictions, estimates, comparisons, rankings and recommendations over an llmbench "
                + "store. Every /api/ and /v1/ call needs the key in the " + BenchService.API_KEY_HEADER + " header. Times are "
                + "milliseconds, rates per second, token counts tokens, unless a field says otherwise.");
        d.putArray("servers").addObject().put("url", "/");
        d.putArray("security").addObject().putArray(SECURITY);
        ObjectNode paths = d.putObject("paths");
        Set<String> tags = new LinkedHashSet<>();
        for (Route r : routes) {
            tags.add(r.tag());
            ObjectNode item = paths.has(openApiPath(r.path())) ? (ObjectNode) paths.get(openApiPath(r.path()))
                    : paths.putObject(openApiPath(r.path()));
            if (item.has(r.method().toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("route " + r.method() + " " + r.path() + " must be declared once, but is declared twice");
            }
            item.set(r.method().toLowerCase(Locale.ROOT), operation(r));
        }
        open(paths, "/health", "Health", "Whether the service is up (no key needed)", "application/json");
        open(paths, "/openapi.json", null, "This document (no key needed)", "application/json");
        for (Map.Entry<String, String> page : Pages.PAGES.entrySet()) {
            open(paths, page.getKey(), null, page.getValue() + " (no key needed)", Pages.contentType(page.getKey()));
        }
        tags.add("service");
        ArrayNode tagList = d.putArray("tags");
        tags.forEach(t -> tagList.addObject().put("name", t));
        ObjectNode components = d.putObject("components");
        components.set("schemas", schemas);
        ObjectNode scheme = components.putObject("securitySchemes").putObject(SECURITY);
        scheme.put("type", "apiKey");
        scheme.put("in", "header");
        scheme.put("name", BenchService.API_KEY_HEADER);
        return d;
    }

    private void open(ObjectNode paths, String path, String schema, String summary, String contentType) {
        ObjectNode op = paths.putObject(path).putObject("get");
        op.put("operationId", "get" + path.replaceAll("[^A-Za-z]", " ").trim().replace(" ", "_"));
        op.putArray("tags").add("service");
        op.put("summary", summary);
        op.putArray("security");
        ObjectNode ok = op.putObject("responses").putObject("200");
        ok.put("description", "OK");
        ObjectNode content = ok.putObject("content").putObject(contentType);
        if (schema != null) {
            content.putObject("schema").put("$ref", ref(schema));
        } else {
            content.putObject("schema").put("type", contentType.startsWith("application/json") ? "object" : "string");
        }
    }

    private ObjectNode operation(Route r) {
        ObjectNode op = mapper.createObjectNode();
        op.put("operationId", r.operationId());
        op.putArray("tags").add(r.tag());
        op.put("summary", r.summary());
        if (!r.description().isEmpty()) {
            op.put("description", r.description());
        }
        if (!r.pathParams().isEmpty() || !r.query().isEmpty()) {
            ArrayNode params = op.putArray("parameters");
            for (Route.Param p : r.pathParams()) {
                param(params, p, "path");
            }
            for (Route.Param p : r.query()) {
                param(params, p, "query");
            }
        }
        if (r.body() != null) {
            schema(r.body().schema());
            ObjectNode body = op.putObject("requestBody");
            body.put("required", true);
            body.put("description", "at most " + r.body().maxBytes() + " bytes");
            body.putObject("content").putObject(r.body().contentType()).putObject("schema").put("$ref", ref(r.body().schema()));
        }
        ObjectNode responses = op.putObject("responses");
        r.responses().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> response(responses, e.getKey(), e.getValue()));
        if (!r.query().isEmpty() || !r.pathParams().isEmpty() || r.body() != null) {
            response(responses, 400, new Route.Response("bad input: the error names the field, the rule and the value", "Error"));
        }
        response(responses, 401, new Route.Response("missing or wrong API key", "Error"));
        if (r.body() != null) {
            response(responses, 413, new Route.Response("the body is larger than the call accepts", "Error"));
        }
        response(responses, 500, new Route.Response("the store failed; see the service log", "Error"));
        return op;
    }

    private void response(ObjectNode responses, int status, Route.Response resp) {
        if (responses.has(Integer.toString(status))) {
            return;
        }
        ObjectNode o = responses.putObject(Integer.toString(status));
        o.put("description", resp.description());
        if (resp.schema() != null) {
            schema(resp.schema());
            o.putObject("content").putObject("application/json").putObject("schema").put("$ref", ref(resp.schema()));
        }
    }

    private static void param(ArrayNode params, Route.Param p, String in) {
        ObjectNode o = params.addObject();
        o.put("name", p.name());
        o.put("in", in);
        o.put("required", p.required());
        o.put("description", p.description());
        o.putObject("schema").put("type", p.type());
    }

    private static String ref(String schema) {
        return "#/components/schemas/" + schema;
    }

    /** Javalin's {@code <name>} (a parameter that may hold slashes) as OpenAPI's {@code {name}}. */
    static String openApiPath(String path) {
        return path.replace('<', '{').replace('>', '}');
    }
}
