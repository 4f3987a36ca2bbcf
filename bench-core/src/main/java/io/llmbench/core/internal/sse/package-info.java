/**
 * A byte-level server-sent-events line parser (not API):
 * {@link io.llmbench.core.internal.sse.SseParser} hands {@code data} values to a handler as slices
 * of byte arrays, without decoding them into strings.
 *
 * <p><b>Nulls:</b> not accepted or returned unless stated. <b>Threads:</b> a parser belongs to one
 * stream and is not thread-safe.
 */
package io.llmbench.core.internal.sse;
