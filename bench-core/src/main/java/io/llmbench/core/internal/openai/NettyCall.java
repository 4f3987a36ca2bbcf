package io.llmbench.core.internal.openai;

import io.llmbench.core.Clock;
import io.llmbench.core.FailureKind;
import io.llmbench.core.internal.Timeouts;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.ResponseListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request in flight on {@link NettyOpenAiClient}: the response reader for its body, its
 * timeout timer, and the deferred final call for {@code [DONE]}. After {@link #start} everything
 * but {@link #cancel()} runs on the event loop of its connection. Thread-safe where it must be
 * (cancel, abort); loop-confined otherwise.
 */
final class NettyCall extends GuardedCall {
    private final NettyOpenAiClient client;
    private final Clock clock;
    private final boolean streamRequested;
    private final long requestTimeout;
    private final long ttftTimeout;
    private final long idleTimeout;
    byte[] body;
    private long sent = -1;
    private long firstContent = -1;
    private long lastEvent = -1;
    private volatile NettyConnection connection;
    private EventLoop loop;
    private ScheduledFuture<?> timer;

    // the response, once its head arrived
    private int status;
    private Responses.Reader reader;
    private StreamDecoder decoder;
    private Responses.Collector collected;

    /** Set while the connection delivers one socket read; a [DONE] then waits for the read's end. */
    boolean inRead;
    private long pendingComplete = -1;

    NettyCall(NettyOpenAiClient client, ResponseListener delegate, boolean streamRequested) {
        super(delegate, client.uri(), client::redact);
        this.client = client;
        this.clock = client.clock();
        this.streamRequested = streamRequested;
        ClientOptions o = client.options();
        this.requestTimeout = o.requestTimeout().toNanos();
        this.ttftTimeout = o.ttftTimeout().toNanos();
        this.idleTimeout = o.idleTimeout().toNanos();
    }

    /** {@code t0}: the request is about to get a connection. */
    void start(byte[] body, long now) {
        this.body = body;
        this.sent = now;
        this.lastEvent = now;
        onSent(now);
    }

    // ---- the listener side: timeout bookkeeping and the deferred [DONE]

    @Override
    public void onChunk(boolean hasChoices, String content, long arrivalNanos) {
        lastEvent = arrivalNanos;
        if (firstContent < 0 && !content.isEmpty()) {
            firstContent = arrivalNanos;
        }
        super.onChunk(hasChoices, content, arrivalNanos);
    }

    @Override
    public void onComplete(long endNanos) {
        if (inRead) {
            // the rest of the response (the chunked body's end) is most likely in this same read:
            // let the connection go back to the pool first, so the next request finds it free
            if (pendingComplete < 0) {
                pendingComplete = endNanos;
            }
            return;
        }
        super.onComplete(endNanos);
    }

    /** The end of a socket read: makes a deferred final call. */
    void endOfRead() {
        inRead = false;
        long t = pendingComplete;
        if (t >= 0) {
            pendingComplete = -1;
            super.onComplete(t);
        }
    }

    // ---- connection life

    /** The connection this call now owns; arms the timeout timer. On the connection's loop. */
    void attached(NettyConnection c, EventLoop loop) {
        this.connection = c;
        this.loop = loop;
        schedule();
    }

    private void schedule() {
        long deadline = Timeouts.nextDeadline(sent, sent, firstContent, lastEvent, requestTimeout, ttftTimeout, idleTimeout);
        long delay = Math.max(0, deadline - clock.monotonicNanos());
        timer = loop.schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        if (isFinished()) {
            return;
        }
        long now = clock.monotonicNanos();
        FailureKind kind = Timeouts.expired(now, sent, sent, firstContent, lastEvent, requestTimeout, ttftTimeout, idleTimeout);
        if (kind == null) {
            schedule();
            return;
        }
        onFailure(kind, Timeouts.message(kind, requestTimeout, ttftTimeout, idleTimeout), 0, now);
        NettyConnection c = connection;
        if (c != null) {
            c.abandon(this);
        }
        client.finished(this);
    }

    /** The call is done with its connection (response ended, failed or abandoned). On the loop. */
    void detached() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
            timer = null;
        }
        connection = null;
        client.finished(this);
    }

    @Override
    void abort() {
        markFinished();
        NettyConnection c = connection;
        if (c != null) {
            c.abandon(this);
        }
        client.finished(this);
    }

    /** Opening the connection failed. */
    void connectFailed(Throwable cause) {
        long now = clock.monotonicNanos();
        if (NettyOpenAiClient.isConnectTimeout(cause)) {
            onFailure(FailureKind.CONNECT, "connect timeout after " + client.connectTimeout().toMillis() + " ms to " + uri,
                    0, now);
        } else {
            Responses.beforeResponse(this, cause, now);
        }
        client.finished(this);
    }

    // ---- the response

    /** The response head arrived. */
    void head(int status, String contentType) {
        this.status = status;
        this.reader = Responses.reader(status, contentType, streamRequested);
        if (reader == Responses.Reader.SSE) {
            decoder = new StreamDecoder(this, uri, redact, status);
        } else {
            collected = new Responses.Collector(this, status, reader);
        }
    }

    /** The response's HTTP status, or 0 before its head. */
    int status() {
        return status;
    }

    boolean hasHead() {
        return reader != null;
    }

    /**
     * Body bytes of one socket read.
     *
     * @param scratch an array at least {@code b.readableBytes()} long when {@code b} has none
     * @return false when reading must stop (the final call was made and the rest is not wanted)
     */
    boolean body(ByteBuf b, long now, NettyConnection scratch) {
        int n = b.readableBytes();
        if (decoder == null) {
            BodyBuffer body = collected.body;
            int keep = collected.keep();
            int take = Math.min(n, keep - body.length);
            if (take > 0) {
                b.getBytes(b.readerIndex(), body.ensure(take, keep), body.length, take);
                body.length += take;
            }
            body.seen += n;
            return collected.check(now);
        }
        if (b.hasArray()) {
            decoder.feed(b.array(), b.arrayOffset() + b.readerIndex(), n, now);
        } else {
            byte[] a = scratch.scratch(n);
            b.getBytes(b.readerIndex(), a, 0, n);
            decoder.feed(a, 0, n, now);
        }
        return decoder.wantsMore();
    }

    /** The response ended normally. */
    void ended(long now) {
        if (decoder != null) {
            decoder.end(now);
        } else {
            collected.ended(now);
        }
    }

    /** The connection failed or closed before the response ended. */
    void lost(Throwable cause, long now) {
        if (reader == null) {
            Responses.beforeResponse(this, cause, now);
            return;
        }
        if (decoder != null) {
            decoder.fail(cause, now);
        } else {
            collected.lost(cause, now);
        }
    }

    /** The response was not valid HTTP. */
    void invalidHttp(Throwable cause, long now) {
        onFailure(FailureKind.MALFORMED, "invalid HTTP response from " + uri + ": " + quote(Texts.describe(cause)), status, now);
    }
}
