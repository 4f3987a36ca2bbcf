/**
 * The llmbench web application and REST API over the store and the prediction models, on
 * Javalin (Jetty): {@link io.llmbench.examples.service.BenchService}. {@code llmbench serve} runs
 * it; an application embeds it with its own {@code ResultStore}.
 *
 * <p>Usage first:
 * <pre>{@code
 * LLMBENCH_SERVICE_KEY=... java -jar llmbench.jar serve --store llmbench-out/demo/llmbench --port 8080
 * curl -H "X-API-Key: $LLMBENCH_SERVICE_KEY" http://127.0.0.1:8080/api/models
 * curl http://127.0.0.1:8080/openapi.json
 * }</pre>
 *
 * <p>Each call is declared once ({@code Route}): the same declaration registers its handler and
 * writes its entry in the OpenAPI document, whose schemas ({@code openapi-components.json}) also
 * say which JSON fields a body may have. {@code StoreApi} serves runs, {@code ModelApi} everything
 * that fits a model (the one class that talks to bench-model, with {@code Fits}), {@code SeedApi}
 * the seed tools' routes, {@code Pages} the pages.
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null}. <b>Units:</b> JSON numbers are in the
 * library's units: milliseconds, tokens, per second. <b>Threads:</b> the service is thread-safe;
 * its builder is not. <b>Secrets:</b> the API key is held only as a digest, compared in constant
 * time, and never logged or echoed.
 */
package io.llmbench.examples.service;
