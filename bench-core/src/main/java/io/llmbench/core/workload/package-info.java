/**
 * What a benchmark sends: {@link io.llmbench.core.workload.Workload} and its sources — synthetic
 * prompts of a target token length ({@link io.llmbench.core.workload.SyntheticWorkload},
 * {@link io.llmbench.core.workload.LengthDistribution}), the curated
 * {@link io.llmbench.core.workload.PromptSuite}, and prompts read from JSONL or ShareGPT files
 * ({@link io.llmbench.core.workload.PromptFiles}, whose problems carry the file and line), plus
 * sampling settings sent with every request ({@link io.llmbench.core.workload.Sampling}).
 *
 * <p>Usage first:
 * <pre>{@code
 * Workload w = Workload.synthetic().inputTokens(1024, 64).outputTokens(256).seed(7).build();
 * PromptSet fromFile = PromptFiles.jsonl().read(Path.of("prompts.jsonl"));
 * }</pre>
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null} unless its Javadoc says so.
 * <b>Units:</b> lengths are tokens under the named tokenizer encoding.
 * <b>Threads:</b> workloads and prompts are immutable and thread-safe; builders and loaders are not.
 */
package io.llmbench.core.workload;
