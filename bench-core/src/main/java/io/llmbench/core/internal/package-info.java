/**
 * Implementation details of bench-core that other llmbench modules use. Not API: anything here
 * may change without notice. Nulls are not accepted or returned unless stated.
 */
package io.llmbench.core.internal;
