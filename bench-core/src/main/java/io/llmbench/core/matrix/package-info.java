/**
 * Test matrices: the cartesian product of named axes (endpoint, hardware, engine, quantization,
 * traffic, input/output sizes) as {@link io.llmbench.core.matrix.TestMatrix}, filterable, with a
 * stable key per {@link io.llmbench.core.matrix.MatrixCell}, deterministic sharding
 * ({@code shard(i, n)}) and a {@link io.llmbench.core.matrix.MatrixRunner} that resumes by
 * skipping cells already done and reports every cell's outcome
 * ({@link io.llmbench.core.matrix.MatrixReport}).
 *
 * <p><b>Nulls:</b> no method accepts or returns {@code null} unless its Javadoc says so.
 * <b>Threads:</b> matrices and cells are immutable and thread-safe; the runner is not.
 */
package io.llmbench.core.matrix;
