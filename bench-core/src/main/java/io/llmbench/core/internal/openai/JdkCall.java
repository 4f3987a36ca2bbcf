package io.llmbench.core.internal.openai;

import io.llmbench.core.Clock;
import io.llmbench.core.FailureKind;
import io.llmbench.core.spi.ResponseListener;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request in flight on {@link JdkOpenAiClient}: chooses the body reader ({@link JdkBodies}),
 * aborts, and classifies the transport errors {@code java.net.http} reports. Thread-safe.
 */
final class JdkCall extends GuardedCall {
    private static final Logger log = LoggerFactory.getLogger(JdkCall.class);

    final JdkOpenAiClient client;
    final Clock clock;
    private final boolean streamRequested;
    volatile boolean cancelled;
    private volatile CompletableFuture<?> future;
    volatile Flow.Subscription subscription;

    JdkCall(JdkOpenAiClient client, ResponseListener delegate, boolean streamRequested) {
        super(delegate, client.uri().toString(), client::redact);
        this.client = client;
        this.clock = client.clock();
        this.streamRequested = streamRequested;
    }

    void attach(CompletableFuture<?> f) {
        future = f;
        if (cancelled) {
            f.cancel(true);
        }
    }

    /**
     * Aborts the exchange whatever its state: stops reading and closes its connection. A
     * {@link #cancel()} after the final call does not come here: the rest of the body (at most
     * {@link StreamDecoder#MAX_BYTES_AFTER_DONE} bytes after {@code [DONE]}) is still read so that
     * the connection goes back to the pool intact, and {@code java.net.http} may already have handed
     * that connection to the next request, which cancelling this body's subscription would break
     * ("header parser received no bytes"). {@link JdkOpenAiClient#close()} calls this directly.
     */
    @Override
    void abort() {
        cancelled = true;
        markFinished();
        CompletableFuture<?> f = future;
        if (f != null) {
            f.cancel(true);
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** The body handler: picks the reader from the status and content type. */
    HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        Responses.Reader reader = Responses.reader(status, info.headers().firstValue("Content-Type").orElse(""), streamRequested);
        return reader == Responses.Reader.SSE ? new JdkBodies.Sse(this, status) : new JdkBodies.Collected(this, status, reader);
    }

    /** The sendAsync future completed: reports what no body reader reported (transport errors). */
    void completed(Object response, Throwable error) {
        // the body has been read to its end (after [DONE] too) or abandoned: the connection is free
        client.finished(this);
        if (cancelled) {
            return;
        }
        long now = clock.monotonicNanos();
        if (error == null) {
            // every body reader makes the final call before it completes; this is only a safety net
            onFailure(FailureKind.OTHER, "response from " + uri + " ended without a result", 0, now);
            return;
        }
        Throwable c = error;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (log.isDebugEnabled()) {
            log.debug("{}: request failed with {}", client, Responses.chain(c));
        }
        if (c instanceof CancellationException) {
            onFailure(FailureKind.CANCELLED, "request to " + uri + " was cancelled", 0, now);
        } else if (Responses.has(c, HttpConnectTimeoutException.class)
                || Responses.isConnectFailure(c) && Responses.has(c, HttpTimeoutException.class)) {
            // no request timeout is set, so a timeout while connecting is the connect timeout
            onFailure(FailureKind.CONNECT, "connect timeout after " + client.connectTimeout().toMillis() + " ms to " + uri, 0, now);
        } else if (c instanceof HttpTimeoutException && !Responses.isConnectFailure(c)) {
            onFailure(FailureKind.TIMEOUT, "request to " + uri + " timed out: " + quote(Texts.describe(c)), 0, now);
        } else {
            Responses.beforeResponse(this, c, now);
        }
    }
}
