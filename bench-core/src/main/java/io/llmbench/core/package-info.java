/**
 * Benchmarking LLM inference endpoints: the fluent API, the metrics, and the result values.
 *
 * <p>Usage first:
 * <pre>{@code
 * Endpoint vllm = Endpoint.openAi("http://localhost:8000/v1").model("llama").name("vllm").build();
 * BenchmarkResult result = Benchmark.builder()
 *         .endpoints(vllm)
 *         .workload(Workload.synthetic(512, 128))
 *         .load(Load.concurrency(16))
 *         .requests(200)
 *         .run();
 * double p95 = result.endpoint("vllm").metric(Metric.TTFT).p95();   // milliseconds
 * }</pre>
 *
 * <p><b>Nulls:</b> no method in this package accepts or returns {@code null} unless its Javadoc
 * says so; look-ups that may find nothing return {@link java.util.Optional}.
 *
 * <p><b>Units:</b> durations in results are milliseconds ({@code double}) unless a name ends in
 * {@code Nanos}; throughputs are per second. {@link io.llmbench.core.Metric} documents each metric.
 *
 * <p><b>Threads:</b> result values are immutable and thread-safe; builders are not.
 */
package io.llmbench.core;
