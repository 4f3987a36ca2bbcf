package io.llmbench.examples.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmbench.examples.Args;
import io.llmbench.examples.Stores;
import io.llmbench.model.ModelException;
import io.llmbench.store.ResultStore;
import io.llmbench.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP service over a {@link ResultStore} and the prediction models: browse models and runs,
 * delete runs, upload summary CSVs, predict, estimate, compare, rank and recommend. JSON in and out;
 * a static page at {@code /} for upload, browse and predict.
 *
 * <pre>{@code
 * try (ResultStore store = ResultStore.h2File(Path.of("results"));
 *      BenchService service = BenchService.builder().store(store).apiKey(System.getenv("LLMBENCH_SERVICE_KEY")).port(8080).start()) {
 *     service.awaitStop();
 * }
 * }</pre>
 *
 * <h2>API</h2>
 * Every {@code /api/} call needs the key in the header {@value #API_KEY_HEADER} (or
 * {@code Authorization: Bearer KEY}); without it the answer is 401. The key is compared in constant
 * time and never logged or echoed.
 * <ul>
 *   <li>{@code GET /api/models}: models with their run counts and latest runs</li>
 *   <li>{@code GET /api/runs?model=M&offset=0&limit=100}: runs, newest first</li>
 *   <li>{@code GET /api/runs/ID}, {@code DELETE /api/runs/ID}: one run</li>
 *   <li>{@code POST /api/runs/import?mode=all|skip}, body a benchmark summary CSV: import its rows (201)</li>
 *   <li>{@code POST /api/predict} {@code {"model", "inputTokens", "outputTokens", "concurrency" | "rate", "level"?, "predictor"?, "statistic"?}}</li>
 *   <li>{@code POST /api/estimate} {@code {"model", "requests", "inputTokens", "outputTokens", "concurrency", "pricePerGpuHour"?, "gpuCount"?}}</li>
 *   <li>{@code POST /api/compare} {@code {"models"?, "requests", "inputTokens", "outputTokens", "concurrency", "pricing"?: {model: {...}}}}</li>
 *   <li>{@code GET /api/rankings}, {@code GET /api/rankings/MEASURE} (e.g. {@code ttft}), optionally at
 *       {@code ?inputTokens=&outputTokens=&concurrency=}</li>
 *   <li>{@code POST /api/recommend} {@code {"inputTokens", "outputTokens", "concurrency" | "rate",
 *       "slos": [{"metric", "threshold", "percentile"?}], "constraints"?: [{"measure", "min" | "max"}],
 *       "criteria"?: [{"measure", "weight"?}], "limit"?, "compliance"?, "pricing"?}}</li>
 * </ul>
 * Bad input gets 400 with {@code {"status", "error", "field"}}, the error naming the field, the rule
 * and the value; unknown ids and models 404; data a model cannot be fitted on 422.
 *
 * <p>Thread-safe: requests are served by a pool of {@value #THREADS} daemon threads.
 */
public final class BenchService implements AutoCloseable {
    /** The header carrying the API key. */
    public static final String API_KEY_HEADER = "X-API-Key";
    /** Largest JSON request body: 64 KiB. */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /** Largest CSV upload: 16 MiB. */
    public static final int MAX_CSV_BYTES = 16 * 1024 * 1024;
    /** Request threads. */
    public static final int THREADS = 4;
    /** The environment variable {@link #main} reads the API key from. */
    public static final String KEY_ENV = "LLMBENCH_SERVICE_KEY";

    private static final Logger LOG = LoggerFactory.getLogger(BenchService.class);
    private static final Map<String, String> STATIC = Map.of("/", "index.html", "/index.html", "index.html", "/app.js", "app.js");

    private final HttpServer server;
    private final ExecutorService executor;
    private final ApiKey key;
    private final ObjectMapper mapper = new ObjectMapper();
    private final StoreApi storeApi;
    private final ModelApi modelApi;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    private BenchService(Builder b) throws IOException {
        this.key = new ApiKey(b.apiKey);
        Views views = new Views(mapper);
        Fits fits = new Fits(b.store);
        this.storeApi = new StoreApi(b.store, fits, views, b.clock);
        this.modelApi = new ModelApi(fits, views);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "llmbench-service-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    /** Blocks until {@link #close()} is called (from another thread or a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops listening and waits up to a second for requests in progress. Does not close the store. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped.countDown();
    }

    private void handle(HttpExchange ex) {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        int status;
        try {
            status = dispatch(ex, method, path);
        } catch (Throwable t) {
            status = 500;
            LOG.error("{} {} failed", method, path, t);
            trySend(ex, 500, error(500, null, "internal error; see the service log"));
        } finally {
            ex.close();
        }
        // never the query string (it could carry anything) nor headers (the key)
        LOG.info("{} {} -> {} in {} ms", method, path, status, (System.nanoTime() - start) / 1_000_000);
    }

    private int dispatch(HttpExchange ex, String method, String path) throws IOException {
        String file = STATIC.get(path);
        if (file != null) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return methodNotAllowed(ex, "GET");
            }
            return sendStatic(ex, file);
        }
        if (path.equals("/health")) {
            return send(ex, 200, mapper.createObjectNode().put("status", "ok"));
        }
        if (!path.startsWith("/api/")) {
            return send(ex, 404, error(404, null, "path must be /, /health or start with /api/, but was '" + shorten(path) + "'"));
        }
        if (!authorised(ex.getRequestHeaders())) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            return send(ex, 401, error(401, API_KEY_HEADER, "missing or wrong API key: send it in the " + API_KEY_HEADER
                    + " header (or Authorization: Bearer)"));
        }
        try {
            Reply r = route(ex, method, path.substring("/api/".length()));
            return r == null ? methodNotAllowedOrNotFound(ex, path) : send(ex, r.status(), r.body());
        } catch (ApiException e) {
            return send(ex, e.status, error(e.status, e.field, e.getMessage()));
        } catch (ModelException e) {
            // too little data, no variation: the request was fine, the stored data cannot answer it
            return send(ex, 422, error(422, null, e.getMessage()));
        } catch (StoreException e) {
            LOG.error("{} {}: store failed", method, path, e);
            return send(ex, 500, error(500, null, "store error during " + e.operation() + "; see the service log"));
        } catch (IllegalArgumentException e) {
            // the library's own validation messages name the field, the rule and the value
            return send(ex, 400, error(400, null, e.getMessage()));
        }
    }

    /** The reply, or null when no route matches the path and method. */
    private Reply route(HttpExchange ex, String method, String rest) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        List<String> seg = List.of(rest.split("/", -1));
        switch (seg.get(0)) {
            case "models":
                if (seg.size() == 1 && method.equals("GET")) {
                    Params.query(mapper, query, java.util.Set.of());
                    return storeApi.models();
                }
                return null;
            case "runs":
                if (seg.size() == 1 && method.equals("GET")) {
                    return storeApi.runs(Params.query(mapper, query, java.util.Set.of("model", "offset", "limit")));
                }
                if (seg.size() == 2 && seg.get(1).equals("import") && method.equals("POST")) {
                    return storeApi.importCsv(Params.query(mapper, query, java.util.Set.of("mode")), body(ex, MAX_CSV_BYTES));
                }
                if (seg.size() == 2 && !seg.get(1).isEmpty()) {
                    String id = java.net.URLDecoder.decode(seg.get(1), StandardCharsets.UTF_8);
                    if (method.equals("GET")) {
                        return storeApi.run(id);
                    }
                    if (method.equals("DELETE")) {
                        return storeApi.delete(id);
                    }
                }
                return null;
            case "predict":
                return post(ex, method, seg, ModelApi.PREDICT_FIELDS, modelApi::predict);
            case "estimate":
                return post(ex, method, seg, ModelApi.ESTIMATE_FIELDS, modelApi::estimate);
            case "compare":
                return post(ex, method, seg, ModelApi.COMPARE_FIELDS, modelApi::compare);
            case "recommend":
                return post(ex, method, seg, ModelApi.RECOMMEND_FIELDS, modelApi::recommend);
            case "rankings":
                if (method.equals("GET") && seg.size() <= 2) {
                    String measure = seg.size() == 2 ? java.net.URLDecoder.decode(seg.get(1), StandardCharsets.UTF_8) : null;
                    return modelApi.rankings(Params.query(mapper, query, ModelApi.RANK_FIELDS), measure);
                }
                return null;
            default:
                return null;
        }
    }

    private Reply post(HttpExchange ex, String method, List<String> seg, java.util.Set<String> fields,
                       java.util.function.Function<Params, Reply> handler) throws IOException {
        if (seg.size() != 1 || !method.equals("POST")) {
            return null;
        }
        return handler.apply(Params.json(mapper, body(ex, MAX_JSON_BYTES), fields));
    }

    private int methodNotAllowedOrNotFound(HttpExchange ex, String path) throws IOException {
        return send(ex, 404, error(404, null, "no API call matches " + ex.getRequestMethod() + " " + shorten(path)
                + "; see GET / for the calls"));
    }

    private int methodNotAllowed(HttpExchange ex, String allow) throws IOException {
        ex.getResponseHeaders().set("Allow", allow);
        return send(ex, 405, error(405, null, "method must be " + allow + ", but was " + ex.getRequestMethod()));
    }

    private boolean authorised(Headers h) {
        String presented = h.getFirst(API_KEY_HEADER);
        if (presented == null) {
            String auth = h.getFirst("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = auth.substring(7).trim();
            }
        }
        return key.matches(presented);
    }

    private static byte[] body(HttpExchange ex, int limit) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) {
                throw new ApiException(413, null, "request body must be at most " + limit + " bytes, but was larger");
            }
            return b;
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

    private int send(HttpExchange ex, int status, com.fasterxml.jackson.databind.JsonNode body) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return status;
        }
        byte[] bytes = mapper.writeValueAsBytes(body);
        h.set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    private void trySend(HttpExchange ex, int status, ObjectNode body) {
        try {
            send(ex, status, body);
        } catch (IOException | RuntimeException ignored) {
            // headers already sent or the client went away
        }
    }

    private int sendStatic(HttpExchange ex, String file) throws IOException {
        byte[] bytes;
        try (InputStream in = BenchService.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("resource " + file + " must be on the class path beside BenchService, but is missing");
            }
            bytes = in.readAllBytes();
        }
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        h.set("Cache-Control", "no-cache");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(200, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        return 200;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * Runs the service until the process is stopped. Options: {@code --store} (default
     * {@value Stores#DEFAULT_STORE}), {@code --schema}, {@code --db-user}, {@code --host} (default
     * 127.0.0.1), {@code --port} (default 8080). The API key comes from the environment variable
     * {@value #KEY_ENV} (at least 16 characters).
     */
    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args, "store", "schema", "db-user", "host", "port");
        String apiKey = System.getenv(KEY_ENV);
        if (apiKey == null) {
            throw new IllegalStateException("environment variable " + KEY_ENV + " must hold the API key, but is not set");
        }
        String spec = a.string("store", Stores.DEFAULT_STORE);
        try (ResultStore store = Stores.open(spec, a.string("schema", null), a.string("db-user", null));
             BenchService service = builder().store(store).apiKey(apiKey).host(a.string("host", "127.0.0.1"))
                     .port(a.integer("port", 8080, 0)).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "llmbench-service-stop"));
            System.out.println("llmbench service on " + service.baseUrl() + " (store " + Stores.redact(spec) + ")");
            service.awaitStop();
        }
    }

    /** Configures and starts a {@link BenchService}. Not thread-safe. */
    public static final class Builder {
        private ResultStore store;
        private String apiKey;
        private String host = "127.0.0.1";
        private int port = 8080;
        private Clock clock = Clock.systemUTC();

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
            try {
                return new BenchService(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
            }
        }
    }
}
