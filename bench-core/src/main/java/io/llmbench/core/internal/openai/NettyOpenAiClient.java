package io.llmbench.core.internal.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmbench.core.Clock;
import io.llmbench.core.Endpoint;
import io.llmbench.core.FailureKind;
import io.llmbench.core.Secret;
import io.llmbench.core.spi.ClientOptions;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;
import io.llmbench.core.workload.Prompt;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible client on Netty event loops, HTTP/1.1: {@link Endpoint.Transport#NETTY},
 * the default. Not API.
 *
 * <p><b>Where the work happens.</b> The event loops ({@link NettyLoops}, one per core, native epoll
 * where it loads) read the socket, and the loop that read the bytes also parses them, with no
 * hand-off: HTTP/1.1 framing (Netty's {@link HttpClientCodec}), then SSE lines, the chunk's JSON
 * and the stream rules ({@link StreamDecoder}), then the engine's listener. The clock
 * ({@link ClientOptions#clock()}) is read once per socket read, at the head of the pipeline, before
 * TLS and HTTP decoding, and that timestamp goes with every chunk the read completes. Response
 * bytes arrive in pooled buffers and are parsed in place (heap buffers) or after one copy into a
 * per-connection array (direct buffers); no string is made per line.
 *
 * <p><b>Request.</b> {@code POST} {@link Endpoint#requestUri()} with the body of
 * {@link RequestBodies} (encoded once per prompt and written without a copy) and the same headers
 * as {@link JdkOpenAiClient} plus {@code Host} and {@code Content-Length}; the endpoint's headers
 * replace ours of the same name, except {@code Content-Length}, {@code Transfer-Encoding} and
 * {@code Connection}, which this client owns. {@link ResponseListener#onSent(long)} is called
 * before a connection is taken from the pool or opened, so a new connection's set-up counts in the
 * latency (as in vLLM's benchmark); {@link ResponseListener#onWritten(long)} when the socket took
 * the request's last byte.
 *
 * <p><b>Connections.</b> Keep-alive connections are pooled per client (one client per endpoint per
 * benchmark run): a request takes the most recently released idle connection or opens a new one,
 * so no more are open than requests in flight, and at most {@link ClientOptions#maxConcurrency()}
 * are kept idle (the engine never has more in flight than that). A connection goes back to the pool when its response ended with
 * keep-alive; the final call for {@code [DONE]} waits for the end of the read that carried it, so
 * that a closed-loop benchmark's next request finds the connection free. The host name is
 * resolved once, when the client is created. TLS uses the JDK's provider through Netty's
 * {@link SslHandler}, the endpoint's {@link Endpoint#sslContext()} or the JDK default, with host
 * name verification, SNI and ALPN {@code http/1.1}; the handshake must finish within the connect
 * timeout.
 *
 * <p><b>Timeouts.</b> The connect timeout is the loop's connect timer. The request, first-token
 * and idle timeouts ({@link ClientOptions}) are enforced on the loop's timers too
 * ({@link #enforcesTimeouts()}): one timer per request, set for the earliest deadline and moved
 * on when it fires early. An expired request fails with its timeout kind and its connection is
 * closed. No retries (see {@link JdkOpenAiClient}).
 *
 * <p>Thread-safe. The API key is sent only in the {@code Authorization} header: every failure
 * message passes through {@link Endpoint#redact} (which masks header values and secret body
 * fields too), and {@link #toString()} does not show it.
 */
public final class NettyOpenAiClient implements InferenceClient {
    private static final Logger log = LoggerFactory.getLogger(NettyOpenAiClient.class);
    private static final Set<String> OWN_HEADERS = Set.of("content-length", "transfer-encoding", "connection");

    private final Endpoint endpoint;
    private final URI uri;
    private final String uriText;
    private final String path;
    private final boolean tls;
    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final ClientOptions options;
    private final Clock clock;
    private final Secret key;
    private final RequestBodies bodies;
    private final HttpHeaders headers;
    private final SSLContext sslContext;
    private final NettyLoops loops;
    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final UnknownHostException unresolved;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final IdleConnections idle = new IdleConnections();
    private final Set<NettyCall> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @throws IllegalArgumentException when an endpoint header cannot be sent (invalid, or one this
     *                                  client owns) or a body field cannot be written as JSON
     */
    public NettyOpenAiClient(Endpoint endpoint, ClientOptions options) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.options = Objects.requireNonNull(options, "options");
        this.uri = endpoint.requestUri();
        this.uriText = uri.toString();
        this.path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        this.tls = "https".equalsIgnoreCase(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        this.connectTimeout = options.connectTimeout();
        this.clock = options.clock();
        this.key = endpoint.apiKey().orElse(null);
        this.bodies = new RequestBodies(endpoint);
        this.headers = headers(endpoint, key, uri.getPort() > 0 ? host + ":" + port : host);
        try {
            this.sslContext = tls ? endpoint.sslContext().orElse(SSLContext.getDefault()) : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
        }
        InetSocketAddress a = null;
        UnknownHostException u = null;
        try {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            a = new InetSocketAddress(InetAddress.getByName(h), port);
        } catch (UnknownHostException e) {
            u = e;
        }
        this.address = a;
        this.unresolved = u;
        this.loops = NettyLoops.acquire();
        this.bootstrap = new Bootstrap().group(loops.group).channel(loops.channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        install(ch);
                    }
                });
        log.debug("{}: created on {} loops ({}), connect timeout {} ms, up to {} concurrent requests", this,
                loops.loops().size(), loops.epoll ? "epoll" : "nio", connectTimeout.toMillis(), options.maxConcurrency());
    }

    private static HttpHeaders headers(Endpoint endpoint, Secret key, String hostHeader) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.HOST, hostHeader);
        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        h.set(HttpHeaderNames.ACCEPT, endpoint.stream() ? "text/event-stream" : "application/json");
        h.set(HttpHeaderNames.USER_AGENT, "llmbench");
        if (key != null) {
            h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key.reveal());
        }
        for (Map.Entry<String, String> e : endpoint.headers().entrySet()) {
            if (OWN_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("endpoint header '" + e.getKey()
                        + "' cannot be set: the client writes it itself");
            }
            try {
                h.set(e.getKey(), e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("endpoint header '" + e.getKey() + "' cannot be sent: "
                        + endpoint.redact(bad.getMessage()));
            }
        }
        return h;
    }

    /** Sets up a connection's pipeline: the read stamp, TLS when https, HTTP/1.1, the response handler. */
    NettyConnection install(Channel ch) {
        NettyConnection c = new NettyConnection(this, ch);
        ch.pipeline().addLast("stamp", c.stamp());
        if (tls) {
            ch.pipeline().addLast("tls", sslHandler());
        }
        ch.pipeline().addLast("http", new HttpClientCodec());
        ch.pipeline().addLast("response", c);
        return c;
    }

    /** A call for {@code prompt} that has been sent ({@code t0} now) but has no connection yet, or null when it failed. */
    NettyCall newCall(Prompt prompt, ResponseListener listener) throws JsonProcessingException {
        NettyCall call = new NettyCall(this, listener, endpoint.stream());
        call.start(bodies.of(prompt), clock.monotonicNanos());
        return call;
    }

    private SslHandler sslHandler() {
        SSLEngine engine = sslContext.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setApplicationProtocols(new String[] {"http/1.1"});
        if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && !host.startsWith("[")) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(p);
        SslHandler h = new SslHandler(engine);
        h.setHandshakeTimeoutMillis(Math.max(1, connectTimeout.toMillis()));
        return h;
    }

    @Override
    public InFlight send(Prompt prompt, ResponseListener listener) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(listener, "listener");
        NettyCall call = new NettyCall(this, listener, endpoint.stream());
        if (closed.get()) {
            call.onFailure(FailureKind.CANCELLED, "client for " + uriText + " is closed", 0, clock.monotonicNanos());
            return call;
        }
        byte[] body;
        try {
            body = bodies.of(prompt);
        } catch (JsonProcessingException | RuntimeException e) {
            call.onFailure(FailureKind.OTHER, "request " + prompt.info().id() + " for " + uriText + " could not be built: "
                    + call.quote(Texts.describe(e)), 0, clock.monotonicNanos());
            return call;
        }
        inFlight.add(call);
        if (closed.get()) { // close() ran meanwhile and may not have seen this call
            inFlight.remove(call);
            call.onFailure(FailureKind.CANCELLED, "client for " + uriText + " is closed", 0, clock.monotonicNanos());
            return call;
        }
        call.start(body, clock.monotonicNanos());
        if (unresolved != null) {
            call.onFailure(FailureKind.CONNECT, "cannot connect to " + uriText + ": " + call.quote(Texts.describe(unresolved)),
                    0, clock.monotonicNanos());
            finished(call);
            return call;
        }
        dispatch(call);
        return call;
    }

    /** Gives a call not yet written the most recently released idle connection, or opens one. */
    void dispatch(NettyCall call) {
        NettyConnection c;
        while ((c = idle.pollFirst()) != null) {
            if (c.isUsable()) {
                c.assign(call);
                return;
            }
        }
        connect(call);
    }

    private void connect(NettyCall call) {
        ChannelFuture f;
        try {
            f = bootstrap.connect(address);
        } catch (RuntimeException e) {
            call.connectFailed(e);
            return;
        }
        Channel ch = f.channel();
        channels.add(ch);
        f.addListener(done -> {
            if (done.isSuccess()) {
                ch.pipeline().get(NettyConnection.class).assign(call);
            } else {
                call.connectFailed(done.cause());
            }
        });
    }

    @Override
    public List<ScheduledExecutorService> eventLoops() {
        return loops.loops();
    }

    @Override
    public boolean enforcesTimeouts() {
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (NettyCall call : inFlight.toArray(new NettyCall[0])) {
            call.abort();
        }
        idle.clear();
        var closing = channels.close();
        if (!loops.isLoopThread()) { // a loop must not wait for itself
            closing.awaitUninterruptibly(connectTimeout.toMillis() + 1_000);
        }
        loops.release();
        log.debug("{}: closed", this);
    }

    @Override
    public String toString() {
        return "NettyOpenAiClient[" + endpoint.name() + ", " + redact(uriText) + "]";
    }

    // ---- for NettyCall and NettyConnection

    String uri() {
        return uriText;
    }

    String path() {
        return path;
    }

    HttpHeaders headers() {
        return headers;
    }

    Clock clock() {
        return clock;
    }

    ClientOptions options() {
        return options;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    /** Masks the endpoint's secrets: the API key, header values and secret body fields. */
    String redact(String text) {
        return endpoint.redact(text);
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * A connection whose response ended with keep-alive: back to the pool, unless the client is
     * closed or the pool already keeps {@link ClientOptions#maxConcurrency()} idle connections.
     */
    void release(NettyConnection c) {
        if (closed.get() || !c.isUsable() || idle.size() >= options.maxConcurrency()) {
            c.close();
            return;
        }
        idle.offerFirst(c);
        if (closed.get() && idle.remove(c)) {
            c.close();
        }
    }

    /** Takes {@code c} out of the pool (a driver that hands out the connection itself). */
    void unpool(NettyConnection c) {
        idle.remove(c);
    }

    /** A connection that closed: no longer idle. */
    void closed(NettyConnection c) {
        idle.remove(c);
    }

    void finished(NettyCall call) {
        inFlight.remove(call);
    }

    /** The idle keep-alive connections, most recently released first, with a count that costs nothing to read. */
    private static final class IdleConnections {
        private final ConcurrentLinkedDeque<NettyConnection> deque = new ConcurrentLinkedDeque<>();
        private final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();

        void offerFirst(NettyConnection c) {
            deque.offerFirst(c);
            size.incrementAndGet();
        }

        NettyConnection pollFirst() {
            NettyConnection c = deque.pollFirst();
            if (c != null) {
                size.decrementAndGet();
            }
            return c;
        }

        boolean remove(NettyConnection c) {
            if (deque.remove(c)) {
                size.decrementAndGet();
                return true;
            }
            return false;
        }

        int size() {
            return size.get();
        }

        void clear() {
            NettyConnection c;
            while ((c = pollFirst()) != null) {
                // dropped: close() closes every channel
            }
        }
    }

    /** Whether a connect failure is the connect timeout. */
    static boolean isConnectTimeout(Throwable t) {
        return Responses.has(t, ConnectTimeoutException.class);
    }
}
