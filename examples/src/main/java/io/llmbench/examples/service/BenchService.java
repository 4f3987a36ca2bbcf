package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.llmbench.model.ModelException;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoreException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The llmbench web application and REST API over a {@link ResultStore} and the prediction models,
 * on Javalin (Jetty): browse models and runs with their request records and the report's charts,
 * delete runs, upload summary CSVs, predict (with a curve over one dimension), estimate, compare,
 * rank and recommend; the seed tools' routes in their JSON shapes; pages for people at {@code /};
 * the OpenAPI 3 document at {@code /openapi.json} and an API explorer at {@code /explorer}, both
 * offline. {@code llmbench serve} runs it; an application embeds it with its own store:
 *
 * <pre>{@code
 * try (ResultStore store = ResultStore.h2File(Path.of("results"));
 *      BenchService service = BenchService.builder().store(store).apiKey(System.getenv("LLMBENCH_SERVICE_KEY")).port(8080).start()) {
 *     service.awaitStop();
 * }
 * }</pre>
 *
 * <h2>API</h2>
 * Every {@code /api/} and {@code /v1/} call needs the key in the header {@value #API_KEY_HEADER} (or
 * {@code Authorization: Bearer KEY}); without it the answer is 401. The key is compared in constant
 * time and never logged or echoed. {@code /openapi.json} lists every call with its parameters and
 * JSON shapes. Bad input gets 400 with {@code {"status", "error", "field"}}, the error naming the
 * field, the rule and the value; unknown ids and models 404; data a model cannot be fitted on 422;
 * a body over the call's limit 413 before it is read.
 *
 * <h2>Limits and deadlines</h2>
 * Jetty enforces them: request headers at most {@value #MAX_HEADER_BYTES} bytes; a new connection
 * must complete its first request's headers within the header timeout (default
 * {@link #DEFAULT_HEADER_TIMEOUT}); a connection with no traffic for the idle timeout (default
 * {@link #DEFAULT_IDLE_TIMEOUT}) is closed, a body that stalls that long is cut off, and one that
 * arrives slower than {@value #MIN_BODY_BYTES_PER_SECOND} bytes/s gets 408. Waiting for headers
 * holds no request thread, so slow clients do not stall others. JSON bodies are at most
 * {@value #MAX_JSON_BYTES} bytes, CSV uploads {@value #MAX_CSV_BYTES}.
 *
 * <p>Runs by model, model lists, rankings and fitted models are cached until the next write through
 * the service; a cached value older than the cache time to live (default {@link #DEFAULT_CACHE_TTL})
 * is answered while it is computed again in the background, so that runs other processes add to a
 * shared store show up without a request waiting for the store.
 *
 * <p>Thread-safe. The builder is not.
 */
public final class BenchService implements AutoCloseable {
    /** The header carrying the API key. */
    public static final String API_KEY_HEADER = "X-API-Key";
    /** Largest JSON request body: 64 KiB. */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /** Largest CSV upload: 16 MiB. */
    public static final int MAX_CSV_BYTES = 16 * 1024 * 1024;
    /** Largest request line and headers: 8 KiB. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Slowest accepted request body, bytes per second. */
    public static final int MIN_BODY_BYTES_PER_SECOND = 4 * 1024;
    /** Request threads at most. */
    public static final int MAX_THREADS = 64;
    /** How long a new connection may take to send its first request's headers: 5 seconds. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
    /** How long a connection may be silent: 10 seconds. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** How old computed model lists and rankings get before they are computed again in the background: 30 seconds. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
    /** The environment variable {@code llmbench serve} reads the API key from by default. */
    public static final String KEY_ENV = "LLMBENCH_SERVICE_KEY";

    private static final Logger LOG = LoggerFactory.getLogger(BenchService.class);
    private static final String JSON = "application/json; charset=utf-8";

    private final Javalin app;
    private final String host;
    private final ApiKey key;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Route> routes;
    private final OpenApi openApi;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Cache cache;

    private BenchService(Builder b) {
        this.key = new ApiKey(b.apiKey);
        this.host = b.host;
        Views views = new Views(mapper);
        this.cache = new Cache(b.cacheTtl, System::nanoTime);
        StoreApi storeApi = new StoreApi(b.store, cache, views, b.clock);
        Fits fits = new Fits(cache, storeApi::modelSummaries, storeApi::runsOf);
        ModelApi modelApi = new ModelApi(fits, views, cache);
        SeedApi seedApi = new SeedApi(b.store, storeApi, cache, views);
        List<Route> all = new ArrayList<>();
        all.addAll(storeApi.routes());
        all.addAll(modelApi.routes());
        all.addAll(seedApi.routes());
        this.routes = List.copyOf(all);
        this.openApi = new OpenApi(mapper, routes);
        Pages pages = new Pages();
        Path uploads;
        try {
            uploads = Files.createTempDirectory("llmbench-uploads");
            uploads.toFile().deleteOnExit();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot create a directory for multipart uploads", e);
        }
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = MAX_CSV_BYTES + 64 * 1024L;
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = false;
            config.jetty.multipartConfig.cacheDirectory(uploads.toString());
            config.jetty.multipartConfig.maxFileSize(MAX_CSV_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(MAX_CSV_BYTES + 64 * 1024L, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
            threads.setName("llmbench-web");
            threads.setDaemon(true);
            config.jetty.threadPool = threads;
            config.jetty.addConnector((server, httpConfig) -> connector(server, httpConfig, b));
            config.requestLogger.http((ctx, ms) ->
                    // never the query string (it could carry anything) nor headers (the key)
                    LOG.info("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms)));
            config.router.mount(r -> {
                r.before(this::authorise);
                pages.register(r);
                r.addHttpHandler(HandlerType.GET, "/openapi.json", ctx -> send(ctx, 200, openApi.document()));
                r.addHttpHandler(HandlerType.GET, "/health", ctx -> send(ctx, 200, mapper.createObjectNode().put("status", "ok")));
                for (Route route : routes) {
                    Set<String> fields = route.body() == null ? Set.of() : openApi.fields(route.body().schema());
                    r.addHttpHandler(HandlerType.valueOf(route.method()), route.path(), ctx -> answer(ctx, route, fields));
                }
                r.exception(ApiException.class, (e, ctx) -> send(ctx, e.status, error(e.status, e.field, e.getMessage())));
                r.exception(HttpResponseException.class, (e, ctx) -> send(ctx, e.getStatus(), error(e.getStatus(), null,
                        frameworkMessage(ctx, e))));
                r.exception(ModelException.class, (e, ctx) -> send(ctx, 422, error(422, null, e.getMessage())));
                r.exception(IllegalArgumentException.class, (e, ctx) -> send(ctx, 400, error(400, null, e.getMessage())));
                r.exception(StoreException.class, (e, ctx) -> {
                    LOG.error("{} {}: store failed", ctx.method(), ctx.path(), e);
                    send(ctx, 500, error(500, null, "store error during " + e.operation() + "; see the service log"));
                });
                r.exception(Exception.class, (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    send(ctx, 500, error(500, null, "internal error; see the service log"));
                });
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new UncheckedIOException("cannot listen on " + b.host + ":" + b.port, new java.io.IOException(e.getMessage(), e));
        }
    }

    private static ServerConnector connector(org.eclipse.jetty.server.Server server, HttpConfiguration http, Builder b) {
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
        // answer at once, before a body arrives: a declared length over the limit gets 413 without waiting
        http.setDelayDispatchUntilContent(false);
        // model ids such as meta-llama/Llama-3.1-8B travel in paths as meta-llama%2FLlama-3.1-8B
        http.setUriCompliance(UriCompliance.DEFAULT.with("llmbench", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost(b.host);
        c.setPort(b.port);
        c.setIdleTimeout(b.idleTimeout.toMillis());
        c.addBean(new HeaderDeadline(b.headerTimeout));
        return c;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port listened on. */
    public int port() {
        return app.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUrl() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** The OpenAPI 3 document: what {@code GET /openapi.json} serves. */
    public String openApiJson() {
        return openApi.document().toString();
    }

    /**
     * What the framework routes, as {@code METHOD /path} (Javalin's path syntax), request filters and
     * the automatic HEAD routes left out: for the test that the OpenAPI document lists every route.
     */
    List<String> registeredRoutes() {
        List<String> out = new ArrayList<>();
        for (var e : app.unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
            HandlerType m = e.getEndpoint().getMethod();
            if (m.isHttpMethod() && m != HandlerType.HEAD) {
                out.add(m.name() + " " + e.getEndpoint().getPath());
            }
        }
        return out;
    }

    /** Blocks until {@link #close()} is called (from another thread or a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops listening and ends requests in progress. Does not close the store. */
    @Override
    public void close() {
        app.stop();
        cache.close();
        stopped.countDown();
    }

    private void authorise(Context ctx) {
        String path = ctx.path();
        if (!path.startsWith("/api/") && !path.startsWith("/v1/")) {
            return;
        }
        String presented = ctx.header(API_KEY_HEADER);
        if (presented == null) {
            String auth = ctx.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = auth.substring(7).trim();
            }
        }
        if (!key.matches(presented)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, API_KEY_HEADER, "missing or wrong API key: send it in the " + API_KEY_HEADER
                    + " header (or Authorization: Bearer)");
        }
    }

    private void answer(Context ctx, Route route, Set<String> fields) throws Exception {
        if (route.body() != null && ctx.req().getContentLengthLong() > route.body().maxBytes()) {
            throw ApiException.tooLarge(route.body().maxBytes());
        }
        Reply r = route.handler().handle(new Call(ctx, route, fields));
        if (r.encoded() != null) {
            headers(ctx, r.status());
            ctx.contentType(JSON);
            ctx.res().setContentLength(r.encoded().length);
            ctx.result(r.encoded());
        } else {
            send(ctx, r.status(), r.body());
        }
    }

    private static void headers(Context ctx, int status) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
    }

    private void send(Context ctx, int status, JsonNode body) {
        headers(ctx, status);
        if (body == null) {
            ctx.result(new byte[0]);
            return;
        }
        ctx.contentType(JSON);
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            // a length, not chunks, however large: clients on kept-alive connections read exactly this much
            ctx.res().setContentLength(bytes.length);
            ctx.result(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a response must be writable as JSON, but was not: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode error(int status, String field, String message) {
        ObjectNode o = mapper.createObjectNode();
        o.put("status", status);
        o.put("error", message);
        if (field != null) {
            o.put("field", field);
        }
        return o;
    }

    /** The framework's refusals (no route, wrong method, too large) in the service's words. */
    private static String frameworkMessage(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "no call matches " + ctx.method() + " " + Views.shorten(ctx.path()) + "; see /openapi.json for the calls";
            case 405 -> "method must be one of [" + e.getDetails().getOrDefault("availableMethods", "those in /openapi.json") + "]"
                    + " for " + Views.shorten(ctx.path()) + ", but was " + ctx.method();
            case 413 -> "request body must be at most " + MAX_CSV_BYTES + " bytes, but was larger";
            default -> e.getMessage();
        };
    }

    /** Configures and starts a {@link BenchService}. Not thread-safe. */
    public static final class Builder {
        private ResultStore store;
        private String apiKey;
        private String host = "127.0.0.1";
        private int port = 8080;
        private Clock clock = Clock.systemUTC();
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;

        private Builder() {
        }

        /** The store served (required); the caller keeps ownership and closes it. */
        public Builder store(ResultStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The API key clients must send (required, at least 16 characters). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The address to bind; default 127.0.0.1. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; 0 for an ephemeral one; default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
            }
            this.port = port;
            return this;
        }

        /** The clock stamping imported runs; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a new connection may take to send its first request's headers; default {@link #DEFAULT_HEADER_TIMEOUT}. */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = positive("headerTimeout", timeout);
            return this;
        }

        /** How long a connection may be silent, also while sending a body; default {@link #DEFAULT_IDLE_TIMEOUT}. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /** How long model lists and rankings are kept at most; default {@link #DEFAULT_CACHE_TTL}. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = positive("cacheTtl", ttl);
            return this;
        }

        private static Duration positive(String field, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + " must be a positive duration, but was " + d);
            }
            return d;
        }

        /**
         * Binds and starts the service.
         *
         * @throws IllegalStateException    when no store is set
         * @throws IllegalArgumentException when the API key is missing or shorter than 16 characters
         * @throws UncheckedIOException     when the address cannot be bound
         */
        public BenchService start() {
            if (store == null) {
                throw new IllegalStateException("store must be set, but was not");
            }
            return new BenchService(this);
        }
    }
}
