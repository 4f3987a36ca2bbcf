package io.llmbench.core.internal.openai;

import io.llmbench.core.FailureKind;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body subscribers of {@link JdkCall}: an SSE stream, a whole JSON response and an HTTP error
 * body, each making the call's final call. Each delivery of buffers from {@code java.net.http} is
 * stamped once, and that time is given to every event the delivery completes. Not thread-safe
 * (the HTTP client delivers one body's buffers in order).
 */
final class JdkBodies {
    private JdkBodies() {
    }

    /** Reads a body and makes the final call; subclasses say what to do with the bytes. */
    abstract static class Body implements HttpResponse.BodySubscriber<Void> {
        final JdkCall call;
        final int status;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private Flow.Subscription sub;

        Body(JdkCall call, int status) {
            this.call = call;
            this.status = status;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            sub = s;
            call.subscription = s;
            if (call.cancelled) {
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
            if (call.cancelled) {
                stop();
                return;
            }
            long now = call.clock.monotonicNanos();
            try {
                for (ByteBuffer b : items) {
                    if (!accept(b, now)) {
                        stop();
                        return;
                    }
                }
            } catch (RuntimeException | Error e) {
                // report before stopping: cancelling the subscription completes the response on
                // another thread, whose handler would otherwise race for the final call
                failedReading(e, now);
                stop();
            }
        }

        private void failedReading(Throwable e, long now) {
            call.onFailure(FailureKind.OTHER, "reading the response from " + call.uri + " failed: " + call.quote(e.toString()),
                    status, now);
        }

        @Override
        public void onError(Throwable t) {
            if (result.isDone()) {
                return;
            }
            long now = call.clock.monotonicNanos();
            try {
                if (!call.cancelled) {
                    failed(t, now);
                }
            } catch (RuntimeException e) {
                failedReading(e, now);
            } finally {
                result.complete(null);
            }
        }

        @Override
        public void onComplete() {
            if (result.isDone()) {
                return;
            }
            long now = call.clock.monotonicNanos();
            try {
                if (!call.cancelled) {
                    ended(now);
                }
            } catch (RuntimeException e) {
                failedReading(e, now);
            } finally {
                result.complete(null);
            }
        }

        private void stop() {
            sub.cancel();
            result.complete(null);
        }

        /** Takes the bytes; false to stop reading (after the final call). */
        abstract boolean accept(ByteBuffer b, long now);

        /** The body ended normally. */
        abstract void ended(long now);

        /** Reading failed. */
        abstract void failed(Throwable t, long now);
    }

    /** A streamed (SSE) response. */
    static final class Sse extends Body {
        private final StreamDecoder decoder;

        Sse(JdkCall call, int status) {
            super(call, status);
            decoder = new StreamDecoder(call, call.uri, call.redact, status);
        }

        @Override
        boolean accept(ByteBuffer b, long now) {
            decoder.feed(b, now);
            return decoder.wantsMore();
        }

        @Override
        void ended(long now) {
            decoder.end(now);
        }

        @Override
        void failed(Throwable t, long now) {
            decoder.fail(t, now);
        }
    }

    /** A whole JSON response (not streamed). */
    static final class Json extends Body {
        private final BodyBuffer body = new BodyBuffer();

        Json(JdkCall call, int status) {
            super(call, status);
        }

        @Override
        boolean accept(ByteBuffer b, long now) {
            body.collect(b, Responses.MAX_BODY_BYTES);
            if (body.seen > Responses.MAX_BODY_BYTES) {
                Responses.wholeBodyTooLarge(call, status, now);
                return false;
            }
            return true;
        }

        @Override
        void ended(long now) {
            Responses.wholeBody(call, body, status, now);
        }

        @Override
        void failed(Throwable t, long now) {
            Responses.wholeBodyLost(call, body, status, t, now);
        }
    }

    /** An HTTP error status: quotes the server's message. */
    static final class HttpError extends Body {
        private final BodyBuffer body = new BodyBuffer();

        HttpError(JdkCall call, int status) {
            super(call, status);
        }

        @Override
        boolean accept(ByteBuffer b, long now) {
            body.collect(b, Responses.ERROR_BODY_BYTES);
            if (body.seen > Responses.ERROR_BODY_DRAIN_BYTES) {
                Responses.httpError(call, body, status, now);
                return false;
            }
            return true;
        }

        @Override
        void ended(long now) {
            Responses.httpError(call, body, status, now);
        }

        @Override
        void failed(Throwable t, long now) {
            Responses.httpError(call, body, status, now);
        }
    }
}
