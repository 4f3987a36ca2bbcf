/**
 * A small HTTP service example over the store and the prediction models:
 * {@link io.llmbench.examples.service.BenchService}.
 *
 * <p>Usage first:
 * <pre>{@code
 * LLMBENCH_SERVICE_KEY=... java ... io.llmbench.examples.service.BenchService --store h2:results --port 8080
 * curl -H "X-API-Key: $LLMBENCH_SERVICE_KEY" http://127.0.0.1:8080/api/models
 * }</pre>
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null}. <b>Units:</b> JSON numbers are in the
 * library's units: milliseconds, tokens, per second. <b>Threads:</b> the service is thread-safe;
 * its builder is not. <b>Secrets:</b> the API key is held only as a digest, compared in constant
 * time, and never logged or echoed.
 */
package io.llmbench.examples.service;
