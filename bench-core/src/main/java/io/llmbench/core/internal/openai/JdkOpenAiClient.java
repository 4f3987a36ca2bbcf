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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible client over {@code java.net.http}: {@link Endpoint.Transport#JDK}, for
 * servers that speak only HTTP/2 (it negotiates HTTP/2 over TLS when the server offers it, and
 * speaks HTTP/1.1 otherwise). Not API.
 *
 * <p><b>Request.</b> {@code POST} {@link Endpoint#requestUri()} with the body of
 * {@link RequestBodies}. Headers: {@code Authorization: Bearer <key>} when the endpoint has a key,
 * {@code Content-Type: application/json}, {@code Accept: text/event-stream} (or
 * {@code application/json} when not streaming), {@code User-Agent: llmbench}, then the endpoint's
 * headers, which replace ours of the same name.
 *
 * <p><b>Response.</b> Read as {@link Responses#reader} says: an HTTP error quotes the server's
 * message from at most {@value Responses#ERROR_BODY_BYTES} bytes of the body; a
 * {@code text/event-stream} body is decoded by {@link StreamDecoder}; a JSON body as one whole
 * response. {@link ResponseListener#onSent(long)} is called just before the request is handed to
 * the HTTP client, so a new connection's set-up counts in the latency (as in vLLM's benchmark); it
 * is not called when the request cannot even be built. {@link ResponseListener#onWritten(long)} is
 * called when the HTTP client took the last byte of the body (it does not tell when the socket
 * did). Each delivery of response buffers is stamped once on {@link ClientOptions#clock()}.
 *
 * <p><b>Connections.</b> One {@link HttpClient} per instance with the connect timeout from
 * {@link ClientOptions}; its HTTP/1.1 pool opens a connection per concurrent request and keeps them
 * alive. Response bytes are parsed on a small fixed pool of daemon threads (one per core, at least
 * two, at most {@code maxConcurrency}); {@code java.net.http} hands every read from its selector
 * thread to them, which is why {@link Endpoint.Transport#NETTY} is the default. {@link #close()}
 * aborts what is in flight. After {@code [DONE]} the rest of the body is still read, so the
 * connection goes back to the pool intact. The engine enforces the request, first-token and idle
 * timeouts.
 *
 * <p><b>No retries.</b> A request is sent once. When a kept-alive connection is closed before any
 * response byte arrives (legal in HTTP/1.1 between requests, e.g. a server's idle timeout), the
 * request fails as {@link FailureKind#DISCONNECT}; it is not resent, because the client cannot
 * tell whether the server received and processed it, and a benchmark must never count one request
 * twice or hide work the server did.
 *
 * <p>Thread-safe. The API key is sent only in the {@code Authorization} header: every failure
 * message passes through {@link Endpoint#redact} (which masks header values and secret body
 * fields too), and {@link #toString()} does not show it.
 */
public final class JdkOpenAiClient implements InferenceClient {
    private static final Logger log = LoggerFactory.getLogger(JdkOpenAiClient.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Endpoint endpoint;
    private final URI uri;
    private final Duration connectTimeout;
    private final Clock clock;
    private final Secret key;
    private final RequestBodies bodies;
    private final HttpRequest.Builder template;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Set<JdkCall> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @throws IllegalArgumentException when an endpoint header cannot be sent by {@code java.net.http}
     *                                  (e.g. {@code Host}) or a body field cannot be written as JSON
     */
    public JdkOpenAiClient(Endpoint endpoint, ClientOptions options) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(options, "options");
        this.uri = endpoint.requestUri();
        this.connectTimeout = options.connectTimeout();
        this.clock = options.clock();
        this.key = endpoint.apiKey().orElse(null);
        this.bodies = new RequestBodies(endpoint);
        this.template = template(endpoint, uri, key);
        int id = CLIENTS.incrementAndGet();
        int threads = Math.min(Math.max(2, Runtime.getRuntime().availableProcessors()), Math.max(2, options.maxConcurrency()));
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "llmbench-http-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        endpoint.sslContext().ifPresent(b::sslContext);
        this.http = b.build();
        log.debug("{}: created, {} threads, connect timeout {} ms, up to {} concurrent requests",
                this, threads, connectTimeout.toMillis(), options.maxConcurrency());
    }

    private static HttpRequest.Builder template(Endpoint endpoint, URI uri, Secret key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", endpoint.stream() ? "text/event-stream" : "application/json")
                .header("User-Agent", "llmbench");
        if (key != null) {
            b.header("Authorization", "Bearer " + key.reveal());
        }
        for (Map.Entry<String, String> h : endpoint.headers().entrySet()) {
            try {
                b.setHeader(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint header '" + h.getKey()
                        + "' cannot be sent: java.net.http rejects it (" + endpoint.redact(e.getMessage()) + ")");
            }
        }
        return b;
    }

    @Override
    public InFlight send(Prompt prompt, ResponseListener listener) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(listener, "listener");
        JdkCall call = new JdkCall(this, listener, endpoint.stream());
        if (closed.get()) {
            call.onFailure(FailureKind.CANCELLED, "client for " + uri + " is closed", 0, clock.monotonicNanos());
            return call;
        }
        HttpRequest request;
        try {
            byte[] body = bodies.of(prompt);
            request = template.copy().POST(new WrittenPublisher(body, call)).build();
        } catch (JsonProcessingException | RuntimeException e) {
            call.onFailure(FailureKind.OTHER, "request " + prompt.info().id() + " for " + uri + " could not be built: "
                    + call.quote(Texts.describe(e)), 0, clock.monotonicNanos());
            return call;
        }
        inFlight.add(call);
        if (closed.get()) { // close() ran meanwhile and may not have seen this call
            inFlight.remove(call);
            call.onFailure(FailureKind.CANCELLED, "client for " + uri + " is closed", 0, clock.monotonicNanos());
            return call;
        }
        call.onSent(clock.monotonicNanos());
        try {
            CompletableFuture<?> f = http.sendAsync(request, call::subscriber);
            call.attach(f);
            f.whenComplete(call::completed);
        } catch (RuntimeException e) {
            call.completed(null, e);
        }
        return call;
    }

    /** The body as one buffer; tells the call when the HTTP client has taken all of it. */
    private final class WrittenPublisher implements HttpRequest.BodyPublisher {
        private final HttpRequest.BodyPublisher bytes;
        private final JdkCall call;

        WrittenPublisher(byte[] body, JdkCall call) {
            this.bytes = HttpRequest.BodyPublishers.ofByteArray(body);
            this.call = call;
        }

        @Override
        public long contentLength() {
            return bytes.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            bytes.subscribe(new Flow.Subscriber<ByteBuffer>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    s.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    s.onNext(item);
                }

                @Override
                public void onError(Throwable t) {
                    s.onError(t);
                }

                @Override
                public void onComplete() {
                    s.onComplete();
                    call.onWritten(clock.monotonicNanos());
                }
            });
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // also those that made their final call but still read the rest of a body (after [DONE])
        for (JdkCall call : inFlight.toArray(new JdkCall[0])) {
            call.abort();
        }
        // HttpClient is AutoCloseable from Java 21 on; on 17 its selector thread ends when it is collected
        if (http instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("{}: closing the HTTP client failed: {}", this, e.toString());
            }
        }
        executor.shutdownNow();
        log.debug("{}: closed", this);
    }

    @Override
    public String toString() {
        return "JdkOpenAiClient[" + endpoint.name() + ", " + redact(uri.toString()) + "]";
    }

    // ---- for JdkCall

    URI uri() {
        return uri;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Clock clock() {
        return clock;
    }

    /** Masks the endpoint's secrets: the API key, header values and secret body fields. */
    String redact(String text) {
        return endpoint.redact(text);
    }

    /** Requests whose response is still being read (including the drain after {@code [DONE]}). */
    int inFlightCount() {
        return inFlight.size();
    }

    void finished(JdkCall call) {
        inFlight.remove(call);
    }
}
