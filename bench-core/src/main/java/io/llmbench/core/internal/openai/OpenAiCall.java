package io.llmbench.core.internal.openai;

import io.llmbench.core.FailureKind;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request in flight: chooses how to read the response, guards the listener (events stop after
 * the final call or {@link #cancel()}, and there is exactly one final call), and classifies
 * transport errors. Thread-safe.
 */
final class OpenAiCall implements InferenceClient.InFlight, ResponseListener {
    private static final Logger log = LoggerFactory.getLogger(OpenAiCall.class);

    /** The most bytes of an HTTP error body quoted in the failure message. */
    static final int ERROR_BODY_BYTES = 2048;
    /** The most bytes of an error body read (then discarded) so the connection can be reused. */
    static final int ERROR_BODY_DRAIN_BYTES = 64 * 1024;
    /** The largest non-streamed response body accepted. */
    static final int MAX_BODY_BYTES = 64 << 20;

    private final OpenAiClient client;
    private final ResponseListener delegate;
    private final boolean streamRequested;
    private final AtomicBoolean finalCall = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean cancelled;
    private volatile CompletableFuture<?> future;
    private volatile Flow.Subscription subscription;

    OpenAiCall(OpenAiClient client, ResponseListener delegate, boolean streamRequested) {
        this.client = client;
        this.delegate = delegate;
        this.streamRequested = streamRequested;
    }

    void attach(CompletableFuture<?> f) {
        future = f;
        if (cancelled) {
            f.cancel(true);
        }
    }

    /**
     * Aborts the request unless its final call was already made. After the final call there is
     * nothing left to abort: the rest of the body (at most {@link StreamDecoder#MAX_BYTES_AFTER_DONE}
     * bytes after {@code [DONE]}) is still read so that the connection goes back to the pool intact.
     * Aborting then would be harmful as well as useless: {@code java.net.http} may already have
     * returned the connection to its pool and handed it to the next request, and cancelling this
     * body's subscription would close it under that request, which then fails with "header parser
     * received no bytes" although the server did nothing wrong. {@link OpenAiClient#close()} uses
     * {@link #abort()} instead.
     */
    @Override
    public void cancel() {
        if (finalCall.compareAndSet(false, true)) {
            closed = true;
            abort();
        }
    }

    /** Aborts the exchange whatever its state: stops reading and closes its connection. */
    void abort() {
        cancelled = true;
        closed = true;
        finalCall.set(true);
        CompletableFuture<?> f = future;
        if (f != null) {
            f.cancel(true);
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    // ---- the guarded listener

    @Override
    public void onSent() {
        delegate.onSent();
    }

    @Override
    public void onChunk(boolean hasChoices, String content) {
        if (!closed) {
            delegate.onChunk(hasChoices, content);
        }
    }

    @Override
    public void onUsage(int promptTokens, int completionTokens) {
        if (!closed) {
            delegate.onUsage(promptTokens, completionTokens);
        }
    }

    @Override
    public void onComplete() {
        if (claim()) {
            delegate.onComplete();
        }
    }

    @Override
    public void onFailure(FailureKind kind, String message, int httpStatus) {
        if (claim()) {
            String m = client.redact(message);
            log.debug("{}: request failed: {} {}", client, kind, m);
            delegate.onFailure(kind, m, httpStatus);
        }
    }

    private boolean claim() {
        if (finalCall.compareAndSet(false, true)) {
            closed = true;
            return true;
        }
        return false;
    }

    // ---- response handling

    /** The body handler: picks the reader from the status and content type. */
    HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status < 200 || status >= 300) {
            return new ErrorBody(status);
        }
        String type = info.headers().firstValue("Content-Type").orElse("");
        boolean sse;
        if (startsWithIgnoreCase(type, "text/event-stream")) {
            sse = true;
        } else if (startsWithIgnoreCase(type, "application/json")) {
            sse = false; // e.g. a server that ignores "stream": true
        } else {
            sse = streamRequested;
        }
        return sse ? new SseBody(status) : new JsonBody(status);
    }

    /** The sendAsync future completed: reports what no body reader reported (transport errors). */
    void completed(Object response, Throwable error) {
        // the body has been read to its end (after [DONE] too) or abandoned: the connection is free
        client.finished(this);
        if (cancelled) {
            return;
        }
        if (error == null) {
            // every body reader makes the final call before it completes; this is only a safety net
            onFailure(FailureKind.OTHER, "response from " + client.uri() + " ended without a result", 0);
            return;
        }
        Throwable c = error;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        String uri = client.uri().toString();
        if (log.isDebugEnabled()) {
            log.debug("{}: request failed with {}", client, chain(c));
        }
        if (c instanceof CancellationException) {
            onFailure(FailureKind.CANCELLED, "request to " + uri + " was cancelled", 0);
        } else if (has(c, HttpConnectTimeoutException.class) || isConnectFailure(c) && has(c, HttpTimeoutException.class)) {
            // no request timeout is set, so a timeout while connecting is the connect timeout
            onFailure(FailureKind.CONNECT, "connect timeout after " + client.connectTimeout().toMillis() + " ms to " + uri, 0);
        } else if (isConnectFailure(c)) {
            onFailure(FailureKind.CONNECT, "cannot connect to " + uri + ": " + quote(Texts.describe(c)), 0);
        } else if (c instanceof HttpTimeoutException) {
            onFailure(FailureKind.TIMEOUT, "request to " + uri + " timed out: " + quote(Texts.describe(c)), 0);
        } else if (c instanceof IOException) {
            onFailure(FailureKind.DISCONNECT, "connection to " + uri + " failed before the response: "
                    + quote(Texts.describe(c)), 0);
        } else {
            onFailure(FailureKind.OTHER, "request to " + uri + " failed: " + c.getClass().getSimpleName() + ": "
                    + quote(Texts.describe(c)), 0);
        }
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The exception classes in a cause chain, for a debug line (no messages: they are not redacted). */
    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 500; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(c.getClass().getName());
        }
        return sb.toString();
    }

    private static boolean isConnectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof NoRouteToHostException
                    || c instanceof UnresolvedAddressException || c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private String quote(String s) {
        return Texts.quote(s, Texts.MAX_QUOTE_CHARS, client::redact);
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** Reads a body and makes the final call; subclasses say what to do with the bytes. */
    private abstract class Body implements HttpResponse.BodySubscriber<Void> {
        final int status;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private Flow.Subscription sub;

        Body(int status) {
            this.status = status;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            sub = s;
            subscription = s;
            if (cancelled) {
                s.cancel();
                result.complete(null);
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            if (cancelled) {
                stop();
                return;
            }
            try {
                for (ByteBuffer b : items) {
                    if (!accept(b)) {
                        stop();
                        return;
                    }
                }
            } catch (RuntimeException | Error e) {
                // report before stopping: cancelling the subscription completes the response on
                // another thread, whose handler would otherwise race for the final call
                onFailure(FailureKind.OTHER, "reading the response from " + client.uri() + " failed: " + quote(e.toString()), status);
                stop();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (result.isDone()) {
                return;
            }
            try {
                if (!cancelled) {
                    failed(t);
                }
            } catch (RuntimeException e) {
                onFailure(FailureKind.OTHER, "reading the response from " + client.uri() + " failed: " + quote(e.toString()), status);
            } finally {
                result.complete(null);
            }
        }

        @Override
        public void onComplete() {
            if (result.isDone()) {
                return;
            }
            try {
                if (!cancelled) {
                    ended();
                }
            } catch (RuntimeException e) {
                onFailure(FailureKind.OTHER, "reading the response from " + client.uri() + " failed: " + quote(e.toString()), status);
            } finally {
                result.complete(null);
            }
        }

        private void stop() {
            sub.cancel();
            result.complete(null);
        }

        /** Takes the bytes; false to stop reading (after the final call). */
        abstract boolean accept(ByteBuffer b);

        /** The body ended normally. */
        abstract void ended();

        /** Reading failed. */
        abstract void failed(Throwable t);
    }

    /** A streamed (SSE) response. */
    private final class SseBody extends Body {
        private final StreamDecoder decoder;

        SseBody(int status) {
            super(status);
            decoder = new StreamDecoder(OpenAiCall.this, client.uri().toString(), client::redact, status);
        }

        @Override
        boolean accept(ByteBuffer b) {
            decoder.feed(b);
            return decoder.wantsMore();
        }

        @Override
        void ended() {
            decoder.end();
        }

        @Override
        void failed(Throwable t) {
            decoder.fail(t);
        }
    }

    /** Collects a body in memory, up to a limit. */
    private abstract class Collecting extends Body {
        Collecting(int status) {
            super(status);
        }

        byte[] bytes = new byte[1024];
        int length;
        long seen;

        /** Keeps up to {@code keep} bytes, counts the rest. */
        void collect(ByteBuffer b, int keep) {
            int n = b.remaining();
            seen += n;
            int take = Math.min(n, keep - length);
            if (take > 0) {
                if (length + take > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(length + take, Math.min(keep, bytes.length * 2)));
                }
                b.get(bytes, length, take);
                length += take;
            }
            b.position(b.limit());
        }
    }

    /** A whole JSON response (not streamed). */
    private final class JsonBody extends Collecting {
        JsonBody(int status) {
            super(status);
        }

        @Override
        boolean accept(ByteBuffer b) {
            collect(b, MAX_BODY_BYTES);
            if (seen > MAX_BODY_BYTES) {
                onFailure(FailureKind.MALFORMED, "response from " + client.uri() + " is larger than " + MAX_BODY_BYTES
                        + " bytes", status);
                return false;
            }
            return true;
        }

        @Override
        void ended() {
            String uri = client.uri().toString();
            if (length == 0) {
                onFailure(FailureKind.MALFORMED, "response from " + uri + " has an empty body", status);
                return;
            }
            ChunkDecoder d = new ChunkDecoder();
            switch (d.decode(bytes, 0, length)) {
                case CHUNK -> {
                    if (d.error() != null) {
                        onFailure(FailureKind.STREAM_ERROR, "error in response from " + uri + ": " + quote(d.error()), status);
                    } else if (!d.hasChoices()) {
                        onFailure(FailureKind.MALFORMED, "response from " + uri + " has no choices: " + body(), status);
                    } else {
                        onChunk(true, d.content());
                        if (d.hasUsage()) {
                            onUsage(d.promptTokens(), d.completionTokens());
                        }
                        OpenAiCall.this.onComplete();
                    }
                }
                case INCOMPLETE -> onFailure(FailureKind.MALFORMED, "response from " + uri + " is truncated JSON: " + body(), status);
                case MALFORMED -> onFailure(FailureKind.MALFORMED, "response from " + uri + " is not a JSON object: "
                        + quote(d.problem()) + "; body: " + body(), status);
            }
        }

        @Override
        void failed(Throwable t) {
            onFailure(FailureKind.DISCONNECT, "connection to " + client.uri() + " lost while reading the response after "
                    + seen + " bytes: " + quote(Texts.describe(t)), status);
        }

        private String body() {
            return Texts.quote(bytes, 0, length, 200, client::redact);
        }
    }

    /** An HTTP error status: quotes the server's message. */
    private final class ErrorBody extends Collecting {
        ErrorBody(int status) {
            super(status);
        }

        @Override
        boolean accept(ByteBuffer b) {
            collect(b, ERROR_BODY_BYTES);
            if (seen > ERROR_BODY_DRAIN_BYTES) {
                report();
                return false;
            }
            return true;
        }

        @Override
        void ended() {
            report();
        }

        @Override
        void failed(Throwable t) {
            report();
        }

        private void report() {
            FailureKind kind = status >= 400 ? FailureKind.ofHttpStatus(status) : FailureKind.OTHER;
            String head = (status >= 400 ? "HTTP " : "unexpected HTTP ") + status + " from " + client.uri();
            onFailure(kind, length == 0 ? head + " (empty body)" : head + ": " + serverMessage(), status);
        }

        private String serverMessage() {
            ChunkDecoder d = new ChunkDecoder();
            if (d.decode(bytes, 0, length) == ChunkDecoder.Result.CHUNK) {
                String m = d.error() != null ? d.error() : d.topLevelMessage();
                if (m != null) {
                    return quote(m);
                }
            }
            // not JSON, or JSON without a message: quote the text itself
            return Texts.quote(new String(bytes, 0, length, StandardCharsets.UTF_8), Texts.MAX_QUOTE_CHARS, client::redact);
        }
    }
}
