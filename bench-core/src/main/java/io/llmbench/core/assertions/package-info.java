/**
 * Assertions for performance tests: a benchmark's runs must meet service-level objectives, and
 * when one does not the failure says which objective, at which percentile, and by how much.
 *
 * <p>Usage first (JUnit 5; the same works under TestNG, Spock or AssertJ's soft assertions,
 * since a failed assertion is a plain {@link java.lang.AssertionError}):
 * <pre>{@code
 * import static io.llmbench.core.assertions.BenchmarkAssertions.assertThat;
 *
 * @Test
 * void chatMeetsItsSlos() {
 *     BenchmarkResult result = Benchmark.builder().endpoints(chat).workload(Workload.synthetic(512, 64))
 *             .load(Load.concurrency(8)).requests(48).run();
 *     assertThat(result).endpoint("chat")
 *             .meets(Slo.of(Metric.TTFT, 500), Slo.at(Metric.E2E, 99, 8000));
 * }
 * }</pre>
 *
 * <p>This package depends on no test framework: it needs nothing on the class path beyond
 * bench-core. {@link io.llmbench.core.SloVerdict} is the verdict behind every assertion, for
 * code that wants the checks without an exception.
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null}. <b>Threads:</b> assertion objects
 * are immutable and thread-safe.
 */
package io.llmbench.core.assertions;
