package io.llmbench.core.spi;

import io.llmbench.core.FailureKind;

/**
 * Receives one request's events from a client. The engine's implementation reads the monotonic
 * clock on each call, so a client must call each method as soon as the event is parsed. Calls for
 * one request must not overlap (a client delivers one request's bytes in order). Events after the
 * final call are ignored.
 */
public interface ResponseListener {
    /** The request was handed to the network ({@code t0}). */
    void onSent();

    /**
     * A chunk (or a whole non-streamed response) arrived.
     *
     * @param hasChoices whether the chunk has a non-empty {@code choices} array (role-only counts)
     * @param content    generated content in it (text, reasoning text, tool-call name/arguments),
     *                   empty when none; a chunk with non-empty content is a "content chunk"
     */
    void onChunk(boolean hasChoices, String content);

    /**
     * The server reported token usage (typically in the last chunk).
     *
     * @param promptTokens     prompt tokens, or -1 when absent
     * @param completionTokens generated tokens, or -1 when absent
     */
    void onUsage(int promptTokens, int completionTokens);

    /** The response ended properly ({@code [DONE]}, or the whole body for non-streamed). */
    void onComplete();

    /**
     * The request failed.
     *
     * @param kind       the classification
     * @param message    what happened; must never contain the API key
     * @param httpStatus the HTTP status, or 0 when none was received
     */
    void onFailure(FailureKind kind, String message, int httpStatus);
}
