/**
 * llmbench's benchmarks (not published, not API): JMH microbenchmarks of the hot paths
 * ({@link io.llmbench.jmh.ChunkPathBenchmark}, {@link io.llmbench.jmh.AccountingBenchmark},
 * {@link io.llmbench.jmh.HistogramBenchmark}, {@link io.llmbench.jmh.ReportBenchmark},
 * {@link io.llmbench.jmh.ModelBenchmark}, {@link io.llmbench.jmh.StoreBenchmark}), run from the
 * shaded {@code jmh/target/benchmarks.jar}, and the whole-process {@link io.llmbench.jmh.LoadBenchmark}.
 * Results and commands are in {@code docs/PERFORMANCE.md}.
 *
 * <p>Times are in the unit each benchmark's {@code @OutputTimeUnit} names; the load benchmark
 * reports milliseconds, chunks per second and MiB. Nulls are not accepted. Benchmark state is
 * confined to JMH's threads; the load benchmark's result records are immutable.
 */
package io.llmbench.jmh;
