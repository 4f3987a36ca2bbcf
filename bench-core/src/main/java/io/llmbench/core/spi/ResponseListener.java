package io.llmbench.core.spi;

import io.llmbench.core.FailureKind;

/**
 * Receives one request's events from a client, each with the moment it happened.
 *
 * <p><b>Timestamps.</b> Every event carries a monotonic timestamp in nanoseconds on the clock of
 * {@link ClientOptions#clock()} (the engine's clock; {@link System#nanoTime()} unless a test
 * injects another). A client stamps an event with the moment its bytes arrived, not the moment it
 * finished parsing them: an event-loop client reads the clock once per socket read and gives that
 * timestamp to every chunk the read completed. The forms without a timestamp are kept for clients
 * written before timestamps were passed: they stamp the event with {@link System#nanoTime()} when
 * called (the engine's listener uses its own clock instead), so such a client must call them as
 * soon as the event is parsed.
 *
 * <p>Calls for one request must not overlap (a client delivers one request's bytes in order), and
 * their timestamps must not decrease. Events after the final call ({@link #onComplete(long)} or
 * {@link #onFailure(FailureKind, String, int, long)}) are ignored.
 */
public interface ResponseListener {
    /** The request was handed to the network at {@code sentNanos} ({@code t0}). */
    void onSent(long sentNanos);

    /**
     * The request's bytes (headers and body) were fully written at {@code writtenNanos}; the gap
     * from {@link #onSent(long) t0} is the client-side send delay (connection set-up, TLS, a busy
     * writer). Optional: a client that cannot tell does not call it. The default does nothing.
     */
    default void onWritten(long writtenNanos) {
    }

    /**
     * A chunk (or a whole non-streamed response) arrived.
     *
     * @param hasChoices   whether the chunk has a non-empty {@code choices} array (role-only counts)
     * @param content      generated content in it (text, reasoning text, tool-call name/arguments),
     *                     empty when none; a chunk with non-empty content is a "content chunk"
     * @param arrivalNanos when the read that completed the chunk took its bytes off the socket
     */
    void onChunk(boolean hasChoices, String content, long arrivalNanos);

    /**
     * The server reported token usage (typically in the last chunk). Carries no timestamp: it
     * belongs to the chunk reported just before.
     *
     * @param promptTokens     prompt tokens, or -1 when absent
     * @param completionTokens generated tokens, or -1 when absent
     */
    void onUsage(int promptTokens, int completionTokens);

    /** The response ended properly ({@code [DONE]}, or the whole body for non-streamed) at {@code endNanos}. */
    void onComplete(long endNanos);

    /**
     * The request failed.
     *
     * @param kind       the classification
     * @param message    what happened; must never contain the API key
     * @param httpStatus the HTTP status, or 0 when none was received
     * @param endNanos   when the failure was seen
     */
    void onFailure(FailureKind kind, String message, int httpStatus, long endNanos);

    /** {@link #onSent(long)} stamped now with {@link System#nanoTime()}. */
    default void onSent() {
        onSent(System.nanoTime());
    }

    /** {@link #onChunk(boolean, String, long)} stamped now with {@link System#nanoTime()}. */
    default void onChunk(boolean hasChoices, String content) {
        onChunk(hasChoices, content, System.nanoTime());
    }

    /** {@link #onComplete(long)} stamped now with {@link System#nanoTime()}. */
    default void onComplete() {
        onComplete(System.nanoTime());
    }

    /** {@link #onFailure(FailureKind, String, int, long)} stamped now with {@link System#nanoTime()}. */
    default void onFailure(FailureKind kind, String message, int httpStatus) {
        onFailure(kind, message, httpStatus, System.nanoTime());
    }
}
