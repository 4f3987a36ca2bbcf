/**
 * Reading servers' Prometheus metrics: a parser of the text exposition format and the scraper
 * that fetches it during a run. Not API: anything here may change without notice. Nulls are not
 * accepted or returned unless stated.
 */
package io.llmbench.core.internal.prometheus;
