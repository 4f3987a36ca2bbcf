package io.llmbench.examples.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One API call, declared once: the service registers its handler with the web framework and
 * writes its entry in the OpenAPI document from the same declaration, so the document lists
 * exactly the routes that answer, with the parameters they accept (unknown ones are refused).
 * Immutable and thread-safe once built.
 *
 * @param method      HTTP method in upper case
 * @param path        the path with {@code {name}} placeholders, e.g. {@code /api/runs/{id}}
 * @param tag         the group the explorer shows the call in
 * @param summary     one line
 * @param description more, or empty
 * @param query       query parameters the call knows
 * @param pathParams  path parameters, in order
 * @param body        the request body, or null
 * @param responses   status to response
 * @param handler     what answers
 */
record Route(String method, String path, String tag, String summary, String description, List<Param> query,
             List<Param> pathParams, Body body, Map<Integer, Response> responses, Handler handler) {

    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Call call) throws Exception;
    }

    /**
     * A parameter.
     *
     * @param name        its name
     * @param type        an OpenAPI type: {@code string}, {@code integer}, {@code number}
     * @param required    whether it must be given
     * @param description what it means, with its unit
     */
    record Param(String name, String type, boolean required, String description) {
    }

    /**
     * A request body.
     *
     * @param contentType e.g. {@code application/json}, {@code text/csv}, {@code multipart/form-data}
     * @param schema      the name of a schema in the document's components
     * @param maxBytes    largest accepted body; larger ones get 413 before they are read
     */
    record Body(String contentType, String schema, int maxBytes) {
    }

    /**
     * A response.
     *
     * @param description what it means
     * @param schema      the component schema of its JSON body, or null for none
     */
    record Response(String description, String schema) {
    }

    Route {
        query = List.copyOf(query);
        pathParams = List.copyOf(pathParams);
        responses = Map.copyOf(responses);
    }

    /** The operation id the document gives this route, e.g. {@code getApiRunsId}. */
    String operationId() {
        StringBuilder b = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (String part : path.split("[/{}_.-]+")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    static Builder get(String path) {
        return new Builder("GET", path);
    }

    static Builder post(String path) {
        return new Builder("POST", path);
    }

    static Builder delete(String path) {
        return new Builder("DELETE", path);
    }

    /** Declares a route. Not thread-safe. */
    static final class Builder {
        private final String method;
        private final String path;
        private String tag = "api";
        private String summary = "";
        private String description = "";
        private final List<Param> query = new ArrayList<>();
        private final List<Param> pathParams = new ArrayList<>();
        private Body body;
        private final Map<Integer, Response> responses = new LinkedHashMap<>();

        private Builder(String method, String path) {
            this.method = method;
            this.path = Objects.requireNonNull(path, "path");
        }

        Builder tag(String t) {
            tag = t;
            return this;
        }

        Builder summary(String s) {
            summary = s;
            return this;
        }

        Builder description(String d) {
            description = d;
            return this;
        }

        Builder query(String name, String type, String description) {
            query.add(new Param(name, type, false, description));
            return this;
        }

        Builder requiredQuery(String name, String type, String description) {
            query.add(new Param(name, type, true, description));
            return this;
        }

        Builder pathParam(String name, String description) {
            pathParams.add(new Param(name, "string", true, description));
            return this;
        }

        Builder json(String schema) {
            body = new Body("application/json", schema, BenchService.MAX_JSON_BYTES);
            return this;
        }

        Builder body(String contentType, String schema, int maxBytes) {
            body = new Body(contentType, schema, maxBytes);
            return this;
        }

        Builder ok(String schema) {
            return response(200, "OK", schema);
        }

        Builder response(int status, String description, String schema) {
            responses.put(status, new Response(description, schema));
            return this;
        }

        Route handler(Handler handler) {
            for (String p : path.split("/")) {
                if ((p.startsWith("{") || p.startsWith("<"))
                        && pathParams.stream().noneMatch(x -> p.equals("{" + x.name() + "}") || p.equals("<" + x.name() + ">"))) {
                    throw new IllegalStateException("path parameter " + p + " of " + path + " must be declared, but was not");
                }
            }
            if (responses.isEmpty()) {
                responses.put(200, new Response("OK", null));
            }
            return new Route(method, path, tag, summary, description, query, pathParams, body, responses,
                    Objects.requireNonNull(handler, "handler"));
        }
    }
}
