/**
 * Implementation of {@link io.llmbench.store.ResultStore} over JDBI and Flyway. Not API: these
 * types may change in any release.
 *
 * <p><b>Nulls:</b> as in {@link io.llmbench.store}. <b>Threads:</b> the store is thread-safe;
 * the helpers are stateless or confined to one call.
 */
package io.llmbench.store.internal;
