/**
 * Implementation of the report module: CSV plumbing, JSON document shapes, chart data and the
 * HTML page writer. Public only so the API package can use it; not API, may change without notice.
 *
 * <p><b>Nulls:</b> as in {@code io.llmbench.report}. <b>Threads:</b> stateless helpers are
 * thread-safe; builders and digests are confined to the thread that makes them.
 */
package io.llmbench.report.internal;
