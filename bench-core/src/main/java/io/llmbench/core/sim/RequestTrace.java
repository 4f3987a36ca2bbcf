package io.llmbench.core.sim;

import java.util.Optional;

/**
 * What a {@link SimulatedEndpoint} did with one completion request, for tests and for measuring a
 * client's timing overhead. Immutable. Timestamps are {@link System#nanoTime()} values of this JVM
 * (so an in-process client can compare them with its own), {@code -1} when the event did not
 * happen; planned durations are milliseconds.
 *
 * @param id              the endpoint's request number, from 1
 * @param chat            {@code true} for {@code /v1/chat/completions}, {@code false} for {@code /v1/completions}
 * @param stream          whether the response was streamed
 * @param promptTokens    prompt tokens as reported in {@code usage}
 * @param outputTokens    output tokens the request was going to get
 * @param sentTokens      output tokens actually sent
 * @param fault           the injected fault, if any
 * @param receivedNanos   when the request was parsed
 * @param admittedNanos   when it got a running slot
 * @param firstTokenNanos when the first token was written to the socket
 * @param lastTokenNanos  when the last token was written
 * @param prefillMillis   the prefill time drawn for it (jitter included)
 * @param decodeMillis    the sum of the durations drawn for the decode steps that gave it tokens
 * @param completed       whether the response was sent in full
 */
public record RequestTrace(long id, boolean chat, boolean stream, int promptTokens, int outputTokens,
                           int sentTokens, Optional<SimFault> fault, long receivedNanos, long admittedNanos,
                           long firstTokenNanos, long lastTokenNanos, double prefillMillis,
                           double decodeMillis, boolean completed) {
}
