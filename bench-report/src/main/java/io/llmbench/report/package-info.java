/**
 * Reporting llmbench results: CSV (per request, per run, and the fixed 51-column benchmark summary
 * format of existing tools), JSON for machines, and a self-contained interactive HTML report.
 *
 * <p>Usage first:
 * <pre>{@code
 * BenchmarkResult result = ...;                                   // from Benchmark.builder()...run()
 * HtmlReport.builder().title("nightly").result(result).build().write(Path.of("report.html"));
 * ResultJson.write(result, Path.of("result.json"));
 * SummaryCsv.write(result.endpoints(), Path.of("summary.csv"));
 * RequestCsv.write(result.endpoint("vllm").records(), Path.of("requests.csv"));
 *
 * ImportResult<EndpointResult> imported =
 *         SummaryCsv.read(Path.of("together.csv"), ImportOptions.of(ImportMode.SKIP_AND_REPORT));
 * imported.problems().forEach(p -> log.warn(p.message()));     // "line 7: column ttft_p50 must be a number or NaN, but was 'x'"
 * }</pre>
 *
 * <p>Charts of predictions, rankings and Pareto fronts take this package's own small inputs
 * ({@link io.llmbench.report.PredictionCurve}, {@link io.llmbench.report.Ranking},
 * {@link io.llmbench.report.ParetoFront}) and sweeps a {@link io.llmbench.report.SweepCurve}, so that
 * this module does not depend on how they were computed.
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null} unless its Javadoc says so; record
 * components documented as "may be null" are the exceptions.
 *
 * <p><b>Units:</b> as in {@code io.llmbench.core}: times in milliseconds, rates per second, token
 * counts in tokens; CSV columns say their unit in their name or documentation.
 *
 * <p><b>Threads:</b> every entry point is stateless or immutable and thread-safe; builders are
 * not. Readers and writers do not close streams they were given.
 *
 * <p><b>Errors:</b> {@link io.llmbench.report.ReportException} is the root of this module's
 * exceptions; {@link io.llmbench.report.CsvFormatException} lists every
 * {@link io.llmbench.report.CsvProblem} of a file read all-or-nothing.
 */
package io.llmbench.report;
