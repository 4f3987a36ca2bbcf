/**
 * Many benchmarks in a row: {@link io.llmbench.core.sweep.Sweep} runs one benchmark at a list of
 * concurrency levels or rates; {@link io.llmbench.core.sweep.SloSearch} brackets and bisects for
 * the highest load that still meets the SLOs (its knee, with every probe kept);
 * {@link io.llmbench.core.sweep.SteadyState} finds the window of a run in which the target load
 * was actually in flight.
 *
 * <p>Usage first:
 * <pre>{@code
 * SweepResult sweep = Sweep.of(template).concurrencies(1, 2, 4, 8, 16).run();
 * SloSearchResult knee = SloSearch.of(template).slos(Slo.at(Metric.TTFT, 95, 500)).rate(1, 64).run();
 * }</pre>
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null} unless its Javadoc says so.
 * <b>Threads:</b> results are immutable and thread-safe; a sweep or search runs on the calling thread.
 */
package io.llmbench.core.sweep;
