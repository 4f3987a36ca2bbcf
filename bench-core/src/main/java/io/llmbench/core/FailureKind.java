package io.llmbench.core;

/** Why a request failed. A failed request is data recorded in the result, never an exception. */
public enum FailureKind {
    /** The connection could not be opened (refused, unknown host, TLS). */
    CONNECT,
    /** No first content within the time-to-first-token timeout. */
    TTFT_TIMEOUT,
    /** The stream went silent for longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** The whole request took longer than the request timeout. */
    TIMEOUT,
    /** HTTP 429 Too Many Requests. */
    HTTP_429,
    /** Any other HTTP 4xx. */
    HTTP_4XX,
    /** HTTP 5xx. */
    HTTP_5XX,
    /** The connection closed before the stream ended ({@code [DONE]} or finish reason). */
    DISCONNECT,
    /** The server sent an {@code {"error": ...}} object inside the stream or body. */
    STREAM_ERROR,
    /** The stream or body could not be parsed (non-JSON data, wrong shape). */
    MALFORMED,
    /** The benchmark was cancelled while the request was in flight. */
    CANCELLED,
    /** Anything else; the message says what. */
    OTHER;

    /** Classifies an HTTP status of 400 or more. */
    public static FailureKind ofHttpStatus(int status) {
        if (status == 429) {
            return HTTP_429;
        }
        if (status >= 500) {
            return HTTP_5XX;
        }
        if (status >= 400) {
            return HTTP_4XX;
        }
        throw new IllegalArgumentException("status must be >= 400, but was " + status);
    }
}
