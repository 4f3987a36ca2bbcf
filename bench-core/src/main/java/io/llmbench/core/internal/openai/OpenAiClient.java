package io.llmbench.core.internal.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible client ({@code /v1/chat/completions} and {@code /v1/completions}, streamed
 * with SSE or not) over {@code java.net.http} with HTTP/1.1: the default
 * {@link io.llmbench.core.spi.ClientFactory} ({@code OpenAiClient::new}). Not API.
 *
 * <p><b>Request.</b> {@code POST} {@link Endpoint#requestUri()} with a JSON body of, in this order:
 * {@code model}; {@code messages} (chat) or {@code prompt} ({@link Prompt#text()}, completions);
 * {@code max_tokens} when the prompt sets one; {@code stream}; {@code stream_options:
 * {"include_usage": true}} when streaming and {@link Endpoint#includeUsage()}; then the endpoint's
 * body fields, then the prompt's (a later field replaces an earlier one of the same name). Headers:
 * {@code Authorization: Bearer <key>} when the endpoint has a key, {@code Content-Type:
 * application/json}, {@code Accept: text/event-stream} (or {@code application/json} when not
 * streaming), then the endpoint's headers, which replace ours of the same name.
 *
 * <p><b>Response.</b> A status outside 2xx is a failure classified by
 * {@link FailureKind#ofHttpStatus} (other non-2xx statuses are {@link FailureKind#OTHER}) with the
 * server's message, read from at most {@value OpenAiCall#ERROR_BODY_BYTES} bytes of the body. A
 * {@code text/event-stream} body is decoded by {@link StreamDecoder}; an {@code application/json}
 * body as one whole response (also when streaming was asked for and the server ignored it); any
 * other content type as the request asked. {@link ResponseListener#onSent()} is called just before
 * the request is handed to the HTTP client, so a new connection's set-up counts in the latency (as
 * in vLLM's benchmark); it is not called when the request cannot even be built.
 *
 * <p><b>Connections.</b> One {@link HttpClient} per instance with the connect timeout from
 * {@link ClientOptions}; its HTTP/1.1 pool opens a connection per concurrent request and keeps them
 * alive, so up to {@link ClientOptions#maxConcurrency()} connections are open at once. Response
 * bytes are parsed on a small fixed pool of daemon threads (one per core, at least two, at most
 * {@code maxConcurrency}). {@link #close()} aborts what is in flight. After {@code [DONE]} the
 * rest of the body is still read, so the connection goes back to the pool intact; a
 * {@link InFlight#cancel()} after the final call therefore does nothing (aborting then could close
 * a connection {@code java.net.http} has already handed to the next request).
 *
 * <p><b>No retries.</b> A request is sent once. When a kept-alive connection is closed before any
 * response byte arrives (legal in HTTP/1.1 between requests, e.g. a server's idle timeout), the
 * request fails as {@link FailureKind#DISCONNECT}; it is not resent, because the client cannot
 * tell whether the server received and processed it, and a benchmark must never count one request
 * twice or hide work the server did. {@code java.net.http} does not retry a {@code POST} either
 * unless the system property {@code jdk.httpclient.enableAllMethodRetry} is set, which has the same
 * problem. A server that closes connections between requests should say {@code Connection: close}.
 *
 * <p>Thread-safe. The API key is sent only in the {@code Authorization} header: every failure
 * message passes through {@link Endpoint#redact} (which masks header values and secret body
 * fields too), and {@link #toString()} does not show it.
 */
public final class OpenAiClient implements InferenceClient {
    private static final Logger log = LoggerFactory.getLogger(OpenAiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Endpoint endpoint;
    private final URI uri;
    private final Duration connectTimeout;
    private final Secret key;
    private final HttpRequest.Builder template;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Set<OpenAiCall> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @throws IllegalArgumentException when an endpoint header cannot be sent by {@code java.net.http}
     *                                  (e.g. {@code Host}) or a body field cannot be written as JSON
     */
    public OpenAiClient(Endpoint endpoint, ClientOptions options) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(options, "options");
        this.uri = endpoint.requestUri();
        this.connectTimeout = options.connectTimeout();
        this.key = endpoint.apiKey().orElse(null);
        for (Map.Entry<String, Object> f : endpoint.bodyFields().entrySet()) {
            checkSerializable("endpoint body field", f.getKey(), f.getValue());
        }
        this.template = template(endpoint, uri, key);
        int id = CLIENTS.incrementAndGet();
        int threads = Math.min(Math.max(2, Runtime.getRuntime().availableProcessors()), Math.max(2, options.maxConcurrency()));
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "llmbench-http-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
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

    private static void checkSerializable(String what, String name, Object value) {
        try {
            JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " '" + name + "' must be writable as JSON, but its value of type "
                    + (value == null ? "null" : value.getClass().getName()) + " is not: " + e.getOriginalMessage());
        }
    }

    @Override
    public InFlight send(Prompt prompt, ResponseListener listener) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(listener, "listener");
        OpenAiCall ex = new OpenAiCall(this, listener, endpoint.stream());
        if (closed.get()) {
            ex.onFailure(FailureKind.CANCELLED, "client for " + uri + " is closed", 0);
            return ex;
        }
        HttpRequest request;
        try {
            request = template.copy().POST(HttpRequest.BodyPublishers.ofByteArray(body(prompt))).build();
        } catch (JsonProcessingException | RuntimeException e) {
            ex.onFailure(FailureKind.OTHER, "request " + prompt.info().id() + " for " + uri + " could not be built: "
                    + Texts.quote(Texts.describe(e), Texts.MAX_QUOTE_CHARS, this::redact), 0);
            return ex;
        }
        inFlight.add(ex);
        if (closed.get()) { // close() ran meanwhile and may not have seen this exchange
            inFlight.remove(ex);
            ex.onFailure(FailureKind.CANCELLED, "client for " + uri + " is closed", 0);
            return ex;
        }
        listener.onSent();
        try {
            CompletableFuture<?> f = http.sendAsync(request, ex::subscriber);
            ex.attach(f);
            f.whenComplete(ex::completed);
        } catch (RuntimeException e) {
            ex.completed(null, e);
        }
        return ex;
    }

    /** The JSON request body for a prompt. */
    byte[] body(Prompt prompt) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", endpoint.model());
        if (endpoint.api() == Endpoint.Api.CHAT) {
            List<Map<String, String>> messages = new ArrayList<>(prompt.messages().size());
            for (Prompt.Message m : prompt.messages()) {
                Map<String, String> msg = new LinkedHashMap<>(4);
                msg.put("role", m.role());
                msg.put("content", m.content());
                messages.add(msg);
            }
            body.put("messages", messages);
        } else {
            body.put("prompt", prompt.text());
        }
        if (prompt.maxTokens() > 0) {
            body.put("max_tokens", prompt.maxTokens());
        }
        body.put("stream", endpoint.stream());
        if (endpoint.stream() && endpoint.includeUsage()) {
            body.put("stream_options", Map.of("include_usage", true));
        }
        body.putAll(endpoint.bodyFields());
        body.putAll(prompt.bodyFields());
        return JSON.writeValueAsBytes(body);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // also those that made their final call but still read the rest of a body (after [DONE])
        for (OpenAiCall ex : inFlight.toArray(new OpenAiCall[0])) {
            ex.abort();
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
        return "OpenAiClient[" + endpoint.name() + ", " + redact(uri.toString()) + "]";
    }

    // ---- for OpenAiCall

    URI uri() {
        return uri;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    /** Masks the endpoint's secrets: the API key, header values and secret body fields. */
    String redact(String text) {
        return endpoint.redact(text);
    }

    /** Requests whose response is still being read (including the drain after {@code [DONE]}). */
    int inFlightCount() {
        return inFlight.size();
    }

    void finished(OpenAiCall ex) {
        inFlight.remove(ex);
    }
}
