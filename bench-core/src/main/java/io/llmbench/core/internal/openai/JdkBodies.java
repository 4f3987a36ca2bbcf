package io.llmbench.core.internal.openai;

import io.llmbench.core.FailureKind;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body subscribers of {@link JdkCall}: an SSE stream, and a body read whole (a JSON response
 * or an HTTP error's message), each making the call's final call. Each delivery of buffers from {@code java.net.http} is
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

    /** A body read whole: a JSON response or an HTTP error's message. */
    static final class Collected extends Body {
        private final Responses.Collector collector;

        Collected(JdkCall call, int status, Responses.Reader reader) {
            super(call, status);
            collector = new Responses.Collector(call, status, reader);
        }

        @Override
        boolean accept(ByteBuffer b, long now) {
            collector.body.collect(b, collector.keep());
            return collector.check(now);
        }

        @Override
        void ended(long now) {
            collector.ended(now);
        }

        @Override
        void failed(Throwable t, long now) {
            collector.lost(t, now);
        }
    }
}
