/**
 * Implementations behind {@link io.llmbench.model.Predictor} and the numerics they share. Public
 * only so the API package can reach them; not API, may change without notice, excluded from Javadoc.
 *
 * <p><b>Nulls:</b> as in {@link io.llmbench.model}. <b>Threads:</b> fitted objects are immutable and
 * thread-safe once constructed.
 */
package io.llmbench.model.internal;
