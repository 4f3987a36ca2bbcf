package io.llmbench.core.internal.openai;

import io.llmbench.core.FailureKind;
import io.llmbench.core.spi.ResponseListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/**
 * The response rules both clients share, so that they report the same events and messages for the
 * same bytes: which reader a response gets, what a whole JSON body and an HTTP error body mean,
 * and how a transport error before the response is classified. Stateless and thread-safe.
 */
final class Responses {
    /** The most bytes of an HTTP error body quoted in the failure message. */
    static final int ERROR_BODY_BYTES = 2048;
    /** The most bytes of an error body read (then discarded) so the connection can be reused. */
    static final int ERROR_BODY_DRAIN_BYTES = 64 * 1024;
    /** The largest non-streamed response body accepted. */
    static final int MAX_BODY_BYTES = 64 << 20;

    private Responses() {
    }

    /** How a response body is read. */
    enum Reader {
        /** An HTTP status outside 2xx: the body is the server's message. */
        ERROR,
        /** A server-sent-events stream. */
        SSE,
        /** One whole JSON response. */
        JSON
    }

    /**
     * The reader for a response: a status outside 2xx is an error; {@code text/event-stream} is
     * SSE; {@code application/json} is one whole response (also when streaming was asked for and
     * the server ignored it); any other content type is read as the request asked.
     */
    static Reader reader(int status, String contentType, boolean streamRequested) {
        if (status < 200 || status >= 300) {
            return Reader.ERROR;
        }
        String type = contentType == null ? "" : contentType;
        if (startsWithIgnoreCase(type, "text/event-stream")) {
            return Reader.SSE;
        }
        if (startsWithIgnoreCase(type, "application/json")) {
            return Reader.JSON;
        }
        return streamRequested ? Reader.SSE : Reader.JSON;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * A body read whole, up to a limit: a JSON response ({@link Reader#JSON}) or an HTTP error's
     * message ({@link Reader#ERROR}, of which at most {@value #ERROR_BODY_BYTES} bytes are kept and
     * at most {@value #ERROR_BODY_DRAIN_BYTES} read). Both clients add the bytes to {@link #body}
     * as they arrive, then call {@link #check} after each addition. Not thread-safe.
     */
    static final class Collector {
        final BodyBuffer body = new BodyBuffer();
        private final GuardedCall call;
        private final int status;
        private final boolean error;

        Collector(GuardedCall call, int status, Reader reader) {
            this.call = call;
            this.status = status;
            this.error = reader == Reader.ERROR;
        }

        /** How many bytes to keep. */
        int keep() {
            return error ? ERROR_BODY_BYTES : MAX_BODY_BYTES;
        }

        /** After bytes were added: false (with the final call made) when reading must stop. */
        boolean check(long now) {
            if (error && body.seen > ERROR_BODY_DRAIN_BYTES) {
                httpError(call, body, status, now);
                return false;
            }
            if (!error && body.seen > MAX_BODY_BYTES) {
                call.onFailure(FailureKind.MALFORMED, "response from " + call.uri + " is larger than " + MAX_BODY_BYTES
                        + " bytes", status, now);
                return false;
            }
            return true;
        }

        /** The body ended normally. */
        void ended(long now) {
            if (error) {
                httpError(call, body, status, now);
            } else {
                wholeBody(call, body, status, now);
            }
        }

        /** The body broke off. */
        void lost(Throwable cause, long now) {
            if (error) {
                httpError(call, body, status, now);
            } else {
                call.onFailure(FailureKind.DISCONNECT, "connection to " + call.uri + " lost while reading the response after "
                        + body.seen + " bytes: " + call.quote(Texts.describe(cause)), status, now);
            }
        }
    }

    /** A whole JSON response ended: reports its content and usage, or why it is not one. */
    private static void wholeBody(GuardedCall call, BodyBuffer body, int status, long now) {
        String uri = call.uri;
        if (body.length == 0) {
            call.onFailure(FailureKind.MALFORMED, "response from " + uri + " has an empty body", status, now);
            return;
        }
        ChunkDecoder d = new ChunkDecoder();
        switch (d.decode(body.bytes, 0, body.length)) {
            case CHUNK -> {
                if (d.error() != null) {
                    call.onFailure(FailureKind.STREAM_ERROR, "error in response from " + uri + ": " + call.quote(d.error()),
                            status, now);
                } else if (!d.hasChoices()) {
                    call.onFailure(FailureKind.MALFORMED, "response from " + uri + " has no choices: " + quote(call, body),
                            status, now);
                } else {
                    call.onChunk(true, d.content(), now);
                    if (d.hasUsage()) {
                        call.onUsage(d.promptTokens(), d.completionTokens());
                    }
                    call.onComplete(now);
                }
            }
            case INCOMPLETE -> call.onFailure(FailureKind.MALFORMED, "response from " + uri + " is truncated JSON: "
                    + quote(call, body), status, now);
            case MALFORMED -> call.onFailure(FailureKind.MALFORMED, "response from " + uri + " is not a JSON object: "
                    + call.quote(d.problem()) + "; body: " + quote(call, body), status, now);
        }
    }

    private static String quote(GuardedCall call, BodyBuffer body) {
        return Texts.quote(body.bytes, 0, body.length, 200, call.redact);
    }

    /** An HTTP error status: fails the request with its kind and the server's message. */
    private static void httpError(GuardedCall call, BodyBuffer body, int status, long now) {
        FailureKind kind = status >= 400 ? FailureKind.ofHttpStatus(status) : FailureKind.OTHER;
        String head = (status >= 400 ? "HTTP " : "unexpected HTTP ") + status + " from " + call.uri;
        call.onFailure(kind, body.length == 0 ? head + " (empty body)" : head + ": " + serverMessage(call, body), status, now);
    }

    private static String serverMessage(GuardedCall call, BodyBuffer body) {
        ChunkDecoder d = new ChunkDecoder();
        if (d.decode(body.bytes, 0, body.length) == ChunkDecoder.Result.CHUNK) {
            String m = d.error() != null ? d.error() : d.topLevelMessage();
            if (m != null) {
                return call.quote(m);
            }
        }
        // not JSON, or JSON without a message: quote the text itself
        return call.quote(new String(body.bytes, 0, body.length, StandardCharsets.UTF_8));
    }

    /** Whether a transport error means the connection could not be opened (refused, unknown host, TLS). */
    static boolean isConnectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof NoRouteToHostException
                    || c instanceof UnresolvedAddressException || c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** Fails a request whose connection failed before any response (connect failures and lost connections). */
    static void beforeResponse(GuardedCall call, Throwable c, long now) {
        if (isConnectFailure(c)) {
            call.onFailure(FailureKind.CONNECT, "cannot connect to " + call.uri + ": " + call.quote(Texts.describe(c)), 0, now);
        } else if (c instanceof IOException) {
            call.onFailure(FailureKind.DISCONNECT, "connection to " + call.uri + " failed before the response: "
                    + call.quote(Texts.describe(c)), 0, now);
        } else {
            call.onFailure(FailureKind.OTHER, "request to " + call.uri + " failed: " + c.getClass().getSimpleName() + ": "
                    + call.quote(Texts.describe(c)), 0, now);
        }
    }

    /** The exception classes in a cause chain, for a debug line (no messages: they are not redacted). */
    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 500; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(c.getClass().getName());
        }
        return sb.toString();
    }

    /** Whether {@code type} is in the cause chain. */
    static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
