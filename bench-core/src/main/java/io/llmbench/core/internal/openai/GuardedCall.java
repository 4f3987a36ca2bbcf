package io.llmbench.core.internal.openai;

import io.llmbench.core.FailureKind;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request in flight, as both clients keep it: guards the engine's listener (events stop after
 * the final call or {@link #cancel()}, there is exactly one final call, and every failure message
 * passes through the endpoint's redaction). Subclasses say how to abort. Thread-safe.
 */
abstract class GuardedCall implements InferenceClient.InFlight, ResponseListener {
    private static final Logger log = LoggerFactory.getLogger(GuardedCall.class);

    final ResponseListener delegate;
    final String uri;
    final UnaryOperator<String> redact;
    private final AtomicBoolean finalCall = new AtomicBoolean();
    private volatile boolean closed;

    GuardedCall(ResponseListener delegate, String uri, UnaryOperator<String> redact) {
        this.delegate = delegate;
        this.uri = uri;
        this.redact = redact;
    }

    /**
     * Aborts the request unless its final call was already made: after it there is nothing left
     * to abort, and the client may still be reading the rest of the body so that the connection
     * can be reused.
     */
    @Override
    public void cancel() {
        if (finalCall.compareAndSet(false, true)) {
            closed = true;
            abort();
        }
    }

    /** Stops reading and closes the request's connection, whatever the request's state. */
    abstract void abort();

    /** Whether the final call was made (or the call was cancelled). */
    final boolean isFinished() {
        return finalCall.get();
    }

    /** Makes the call final without reporting anything (an abort by the client itself). */
    final void markFinished() {
        closed = true;
        finalCall.set(true);
    }

    final String quote(String s) {
        return Texts.quote(s, Texts.MAX_QUOTE_CHARS, redact);
    }

    // ---- the guarded listener

    @Override
    public void onSent(long sentNanos) {
        delegate.onSent(sentNanos);
    }

    @Override
    public void onWritten(long writtenNanos) {
        if (!closed) {
            delegate.onWritten(writtenNanos);
        }
    }

    @Override
    public void onChunk(boolean hasChoices, String content, long arrivalNanos) {
        if (!closed) {
            delegate.onChunk(hasChoices, content, arrivalNanos);
        }
    }

    @Override
    public void onUsage(int promptTokens, int completionTokens) {
        if (!closed) {
            delegate.onUsage(promptTokens, completionTokens);
        }
    }

    @Override
    public void onComplete(long endNanos) {
        if (claim()) {
            delegate.onComplete(endNanos);
        }
    }

    @Override
    public void onFailure(FailureKind kind, String message, int httpStatus, long endNanos) {
        if (claim()) {
            String m = redact.apply(message);
            log.debug("{}: request failed: {} {}", uri, kind, m);
            delegate.onFailure(kind, m, httpStatus, endNanos);
        }
    }

    private boolean claim() {
        if (finalCall.compareAndSet(false, true)) {
            closed = true;
            return true;
        }
        return false;
    }
}
