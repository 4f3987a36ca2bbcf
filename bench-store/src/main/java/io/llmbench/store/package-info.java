/**
 * Keeping benchmark results: {@link io.llmbench.store.ResultStore} saves each endpoint's run
 * ({@link io.llmbench.core.EndpointResult}) with its metadata, job figures, metric distributions
 * (with their encoded HdrHistograms, so runs merge exactly) and request records, in an embedded H2
 * file (the default), an in-memory H2 database or PostgreSQL.
 *
 * <p>Usage first:
 * <pre>{@code
 * try (ResultStore store = ResultStore.h2File(Path.of("results"))) {
 *     String id = store.save(benchmarkResult.endpoint("llama-vllm"));
 *
 *     List<ModelSummary> models = store.models();                  // latest run and run count per model
 *     List<StoredRun> page = store.runs(RunQuery.ofModel("llama").page(0, 20));   // newest first
 *     try (Stream<RequestRecord> records = store.records(id)) {    // streamed, not loaded
 *         records.filter(r -> !r.ok()).forEach(System.out::println);
 *     }
 *     Map<Metric, MetricStats> merged = store.merge(List.of(id, otherShardId));
 *     if (!store.isCellDone(cellKey)) { ... }                       // test-matrix resume
 *     store.exportRuns(RunQuery.all(), out);                        // JSON lines; importRuns reads them
 * }
 * }</pre>
 *
 * <p><b>Nulls:</b> no method accepts {@code null} unless its Javadoc says so; look-ups that may
 * find nothing return {@link java.util.Optional}. Record components documented as "may be null"
 * (filters of {@link io.llmbench.store.RunQuery}) mean "any".
 *
 * <p><b>Threads:</b> stores are thread-safe; the value types are immutable; builders are not
 * thread-safe.
 *
 * <p><b>Units:</b> as in {@link io.llmbench.core}: metric figures in each metric's unit
 * (milliseconds for latencies), instants in UTC, kept to the microsecond.
 *
 * <p><b>Errors:</b> every failure is a {@link io.llmbench.store.StoreException} (unchecked), naming
 * the operation, the run and the database's own message; invalid arguments are
 * {@link java.lang.IllegalArgumentException}s naming the field, the rule and the value.
 */
package io.llmbench.store;
