/**
 * Run history: comparing a run with a baseline and gating regressions
 * ({@link io.llmbench.model.history.RunDiff}), and a statistic over a series of runs
 * ({@link io.llmbench.model.history.Trend}).
 *
 * <pre>{@code
 * RunDiff diff = RunDiff.compare(store.findWithRecords(baselineId).get().result(),
 *                                store.findWithRecords(candidateId).get().result(),
 *                                DiffOptions.custom().maxRegression(Threshold.parse("ttft:p95=5%")).build());
 * if (diff.hasRegression()) {
 *     fail(diff.regressions().get(0).label() + " regressed by " + diff.regressions().get(0).describeChange());
 * }
 * }</pre>
 *
 * <p>It lives in bench-model with the other statistics over runs (fits, rankings): it needs
 * commons-math3's Beta distribution and no report or store type, so a JUnit gate or a service can
 * use it without the HTML and CSV code; bench-report renders a {@code RunDiff} and a {@code Trend}
 * as they are.
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null} unless its Javadoc says so; a
 * {@code null} statistic stands for a job measure (throughputs) throughout.
 * <b>Units:</b> values in the measure's unit ({@link io.llmbench.model.Measure#unitSymbol()}),
 * changes and thresholds as fractions (0.05 = 5%) unless absolute.
 * <b>Threads:</b> every result is immutable and thread-safe; builders are not.
 */
package io.llmbench.model.history;
