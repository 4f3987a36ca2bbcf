package io.llmbench.core.internal.openai;

import io.llmbench.core.Clock;
import io.llmbench.core.FailureKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;

/**
 * One keep-alive connection of {@link NettyOpenAiClient} and the last handler of its pipeline: it
 * writes a call's request, hands the response's head and body to the call, and goes back to the
 * pool when the response ended with keep-alive. Its {@link #stamp()} handler, at the head of the
 * pipeline, reads the clock once per socket read. Loop-confined except {@link #assign} and
 * {@link #abandon}.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter {
    private final NettyOpenAiClient client;
    private final Channel channel;
    private final EventLoop loop;
    private final Clock clock;
    private NettyCall call;
    private long readNanos;
    private boolean keepAlive;
    private boolean informational;
    private volatile boolean broken;
    /**
     * Where the bytes of a direct buffer are copied to be parsed: one array per event loop, since
     * parsing is confined to the loop and keeps nothing of its input (the SSE parser copies a line
     * it has not finished), so 20,000 connections do not hold 20,000 arrays.
     */
    private static final FastThreadLocal<byte[][]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[][] initialValue() {
            return new byte[][] {new byte[8192]};
        }
    };

    NettyConnection(NettyOpenAiClient client, Channel channel) {
        this.client = client;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.clock = client.clock();
    }

    /** The handler at the pipeline's head: one timestamp per socket read, and the end of the read. */
    ChannelInboundHandlerAdapter stamp() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                readNanos = clock.monotonicNanos();
                NettyCall c = call;
                if (c == null) {
                    ctx.fireChannelRead(msg);
                    return;
                }
                c.inRead = true;
                try {
                    ctx.fireChannelRead(msg);
                } finally {
                    c.endOfRead();
                }
            }
        };
    }

    /** The loop's scratch array, at least {@code n} bytes long. */
    byte[] scratch(int n) {
        byte[][] holder = SCRATCH.get();
        if (holder[0].length < n) {
            holder[0] = new byte[Math.max(n, holder[0].length * 2)];
        }
        return holder[0];
    }

    /** Whether the connection can take a request. */
    boolean isUsable() {
        return !broken && channel.isActive();
    }

    /** Gives the connection to {@code c}: writes its request on the connection's loop. */
    void assign(NettyCall c) {
        if (loop.inEventLoop()) {
            start(c);
        } else {
            loop.execute(() -> start(c));
        }
    }

    private void start(NettyCall c) {
        if (c.isFinished()) { // cancelled while it waited for the connection
            client.release(this);
            return;
        }
        if (!isUsable()) { // closed since it was taken from the pool; nothing was written, so another one may serve
            client.dispatch(c);
            return;
        }
        call = c;
        keepAlive = true;
        informational = false;
        c.attached(this, loop);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, client.path(),
                Unpooled.wrappedBuffer(c.body), false);
        request.headers().set(client.headers()).setInt(HttpHeaderNames.CONTENT_LENGTH, c.body.length);
        channel.writeAndFlush(request).addListener(f -> {
            if (f.isSuccess()) {
                c.onWritten(clock.monotonicNanos());
            } else if (call == c) {
                fail(c, f.cause());
            }
        });
    }

    /** Stops serving {@code c} (cancelled or timed out): the connection is closed, its response abandoned. */
    void abandon(NettyCall c) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> abandon(c));
            return;
        }
        if (call == c) {
            call = null;
            broken = true;
            c.detached();
            channel.close();
        }
    }

    void close() {
        broken = true;
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            NettyCall c = call;
            if (c == null) {
                // bytes nobody asked for on an idle connection: it cannot be trusted any more
                close();
                return;
            }
            try {
                read(c, msg);
            } catch (RuntimeException | Error e) {
                if (call == c) {
                    c.onFailure(FailureKind.OTHER, "reading the response from " + c.uri + " failed: " + c.quote(e.toString()),
                            c.status(), readNanos);
                    drop(c);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void read(NettyCall c, Object msg) {
        if (msg instanceof HttpResponse r) {
            if (r.decoderResult().isFailure()) {
                Throwable cause = r.decoderResult().cause();
                if (cause instanceof PrematureChannelClosureException) {
                    c.lost(new IOException(cause.getMessage(), cause), readNanos);
                } else {
                    c.invalidHttp(cause, readNanos);
                }
                drop(c);
                return;
            }
            int code = r.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                informational = true; // an interim response: the real one follows
                return;
            }
            informational = false;
            keepAlive = HttpUtil.isKeepAlive(r);
            c.head(code, r.headers().get(HttpHeaderNames.CONTENT_TYPE));
        }
        if (msg instanceof HttpContent h) {
            if (informational) {
                return;
            }
            if (h.decoderResult().isFailure()) {
                c.invalidHttp(h.decoderResult().cause(), readNanos);
                drop(c);
                return;
            }
            if (!c.hasHead()) {
                return;
            }
            ByteBuf b = h.content();
            if (b.isReadable() && !c.body(b, readNanos, this)) {
                drop(c);
                return;
            }
            if (msg instanceof LastHttpContent) {
                call = null;
                c.ended(readNanos);
                c.detached();
                if (keepAlive && !broken) {
                    client.release(this);
                } else {
                    close();
                }
            }
        }
    }

    /** The call is over and the connection cannot be reused: close it. */
    private void drop(NettyCall c) {
        if (call == c) {
            call = null;
        }
        c.detached();
        close();
    }

    private void fail(NettyCall c, Throwable cause) {
        call = null;
        c.lost(cause, clock.monotonicNanos());
        c.detached();
        close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        NettyCall c = call;
        if (c != null) {
            fail(c, t);
        } else {
            close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        broken = true;
        client.closed(this);
        NettyCall c = call;
        if (c != null) {
            call = null;
            c.lost(new IOException("connection closed by the server"), clock.monotonicNanos());
            c.detached();
        }
        ctx.fireChannelInactive();
    }
}
