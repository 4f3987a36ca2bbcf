/**
 * Importing what other benchmark tools measured: {@link io.llmbench.report.imports.PeerResults}
 * detects the format of a result file of vLLM's serving benchmark, GuideLLM, GenAI-Perf, AIPerf or
 * LLMPerf and turns it into llmbench runs, mapping each tool's metric definitions onto llmbench's
 * ({@code docs/IMPORTERS.md} has the table).
 *
 * <pre>{@code
 * for (PeerImport i : PeerResults.read(List.of(Path.of("benchmarks.json")), PeerOptions.ofDefaults())) {
 *     i.runs().forEach(store::save);
 * }
 * }</pre>
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null} unless its Javadoc says so.
 * <b>Units:</b> as in {@code io.llmbench.core}: milliseconds, tokens, per second.
 * <b>Threads:</b> entry points are stateless and thread-safe; results are immutable.
 * <b>Errors:</b> {@link io.llmbench.report.imports.PeerFormatException} (a
 * {@link io.llmbench.report.ReportException}) names the file, the field, the rule and the value.
 */
package io.llmbench.report.imports;
