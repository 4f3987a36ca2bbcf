/**
 * Runnable example programs, one per use: {@link io.llmbench.examples.QuickStart},
 * {@link io.llmbench.examples.CompareEndpoints}, {@link io.llmbench.examples.SweepAndSloSearch},
 * {@link io.llmbench.examples.PersistToPostgres}, {@link io.llmbench.examples.ImportCsvAndPredict},
 * {@link io.llmbench.examples.RecommendUnderSlos}, {@link io.llmbench.examples.MatrixShardWorker},
 * {@link io.llmbench.examples.DiffCalibration}, and {@link io.llmbench.examples.SloAssertions} and
 * {@link io.llmbench.examples.RegressionGate} for JUnit performance tests.
 *
 * <p>Usage first: each program has a {@code main} and a {@code run(String[] args, PrintStream out)}
 * that returns what it computed; with no arguments every program starts simulated endpoints
 * in-process, so it needs no GPU and no network:
 * <pre>{@code
 * mvn -q -pl examples -am install -DskipTests
 * mvn -q -pl examples exec:java -Dexec.mainClass=io.llmbench.examples.QuickStart
 * }</pre>
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null}. <b>Units:</b> times in milliseconds,
 * throughputs per second, token counts in tokens. <b>Threads:</b> the programs are meant to be run
 * from one thread; {@link io.llmbench.examples.SloAssertions} is stateless and thread-safe.
 * <b>Secrets:</b> API keys come from the environment ({@code LLMBENCH_API_KEY}) and are never
 * printed or stored.
 */
package io.llmbench.examples;
