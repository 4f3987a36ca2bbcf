package io.llmbench.core.sim;

import com.knuddels.jtokkit.api.Encoding;
import io.llmbench.core.internal.Tokenizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SimulatedEndpoint}: a small non-blocking HTTP/1.1 server. The I/O thread accepts,
 * reads, parses, validates and answers what needs no timing (errors, 429/500 faults, models,
 * fixed responses); timed completions go to the {@link Engine}.
 */
final class SimServer implements SimulatedEndpoint, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String model;
    private final TimingModel timing;
    private final long seed;
    private final int outputMean;
    private final int outputStdev;
    private final boolean stopAtEos;
    private final int maxModelLen;
    private final Encoding tokenizer;
    private final double[] faultCumulative;
    private final SimFault[] faultKinds;
    private final int faultAfterTokens;
    private final long stallNanos;
    private final long retryAfterSeconds;
    private final String authorization;
    private final int traceCapacity;
    private final long capacity;   // maxRunning + maxWaiting, or Long.MAX_VALUE
    private final Wire wire;
    private final FixedResponse fixed;

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final int port;
    private final String baseUrl;
    private final Engine engine;
    private final Thread ioThread;
    private final Thread engineThread;
    private final ConcurrentLinkedQueue<Connection> parseQueue = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();   // I/O thread only
    private final SplittableRandom faultRandom;                       // I/O thread only
    private final Bytes ioOut = new Bytes(16 * 1024);                 // I/O thread only
    private final long startedSeconds = System.currentTimeMillis() / 1000;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    final LongAdder bytesSent = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder faulted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder immediateChunks = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final ArrayDeque<RequestTrace> traces = new ArrayDeque<>();  // guarded by itself

    private SimServer(SimulatedEndpoint.Builder b) throws IOException {
        this.model = b.model;
        this.timing = b.timing;
        this.seed = b.seed;
        this.outputMean = b.outputMean;
        this.outputStdev = b.outputStdev;
        this.stopAtEos = b.stopAtEos;
        this.maxModelLen = b.maxModelLen;
        this.tokenizer = Tokenizers.encoding(b.tokenizer);
        this.faultKinds = b.faults.keySet().toArray(new SimFault[0]);
        this.faultCumulative = new double[faultKinds.length];
        double c = 0;
        for (int i = 0; i < faultKinds.length; i++) {
            c += b.faults.get(faultKinds[i]);
            faultCumulative[i] = c;
        }
        this.faultAfterTokens = b.faultAfterTokens;
        this.stallNanos = b.stallNanos;
        this.retryAfterSeconds = (b.retryAfter.toMillis() + 999) / 1000;
        this.authorization = b.apiKey == null ? null : "Bearer " + b.apiKey;
        this.traceCapacity = b.traceCapacity;
        this.capacity = b.maxWaiting < 0 ? Long.MAX_VALUE : (long) b.timing.maxRunning() + b.maxWaiting;
        this.faultRandom = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        this.wire = new Wire(model);
        this.fixed = b.fixedChunks > 0 ? new FixedResponse(wire, b.fixedChunks, b.fixedTokensPerChunk, seed) : null;

        this.selector = Selector.open();
        this.serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(new InetSocketAddress(b.host, b.port), 16_384);
            serverChannel.configureBlocking(false);
            serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            serverChannel.close();
            selector.close();
            throw e;
        }
        this.port = ((InetSocketAddress) serverChannel.getLocalAddress()).getPort();
        String host = b.host.contains(":") ? "[" + b.host + "]" : b.host;
        this.baseUrl = "http://" + host + ":" + port + "/v1";
        int n = INSTANCES.incrementAndGet();
        this.engine = new Engine(this, timing, wire, seed);
        this.engineThread = new Thread(engine, "llmbench-sim-engine-" + n);
        this.engineThread.setDaemon(true);
        this.ioThread = new Thread(this, "llmbench-sim-io-" + n);
        this.ioThread.setDaemon(true);
    }

    static SimulatedEndpoint start(SimulatedEndpoint.Builder b) {
        SimServer s;
        try {
            s = new SimServer(b);
        } catch (IOException e) {
            throw new UncheckedIOException("simulated endpoint could not listen on " + b.host + ":" + b.port, e);
        }
        s.engine.start(s.engineThread);
        s.ioThread.start();
        LOG.debug("simulated endpoint {} serving {} with {}", s.baseUrl, s.model, s.timing);
        return s;
    }

    Engine engine() {
        return engine;
    }

    Logger log() {
        return LOG;
    }

    // ---- SimulatedEndpoint ----

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public TimingModel timing() {
        return timing;
    }

    @Override
    public SimStats stats() {
        return new SimStats(received.sum(), completed.sum(), faulted.sum(), rejected.sum(), cancelled.sum(),
                engine.running, engine.waitingCount, engine.peakRunning, engine.peakWaiting, open.get(),
                engine.chunks + immediateChunks.sum(), bytesSent.sum(), engine.maxLagNanos / 1e6, engine.lateEvents);
    }

    @Override
    public List<RequestTrace> traces() {
        synchronized (traces) {
            return List.copyOf(traces);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.stop();
        selector.wakeup();
        try {
            ioThread.join(5000);
            engineThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SimulatedEndpoint[" + baseUrl + ", model=" + model + ", " + timing + "]";
    }

    void trace(Generation g, boolean done) {
        if (traceCapacity == 0) {
            return;
        }
        RequestTrace t = new RequestTrace(g.id, g.chat, g.stream, g.promptTokens, g.outputTokens, g.emitted,
                Optional.ofNullable(g.fault), g.receivedNanos, g.admittedNanos, g.firstTokenNanos, g.lastTokenNanos,
                g.prefillNanos / 1e6, g.decodeNanos / 1e6, done);
        synchronized (traces) {
            if (traces.size() == traceCapacity) {
                traces.poll();
            }
            traces.add(t);
        }
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    void parseLater(Connection c) {
        parseQueue.add(c);
        selector.wakeup();
    }

    // ---- the I/O loop ----

    @Override
    public void run() {
        try {
            while (!closed) {
                selector.select(1000);
                Connection p;
                while ((p = parseQueue.poll()) != null) {
                    if (!p.isClosed()) {
                        processInput(p);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept();
                            continue;
                        }
                        Connection c = (Connection) key.attachment();
                        if (key.isWritable()) {
                            c.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(c);
                        }
                    } catch (java.nio.channels.CancelledKeyException e) {
                        // closed by the engine meanwhile
                    }
                }
                selector.selectedKeys().clear();
                if (connections.size() > 1024 && connections.size() > 2 * open.get()) {
                    connections.removeIf(Connection::isClosed);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("simulated endpoint I/O loop failed", e);
            }
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        for (Connection c : connections) {
            c.close();
        }
        try {
            serverChannel.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the simulated endpoint", e);
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = serverChannel.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            Connection c = new Connection(ch, key, this);
            key.attach(c);
            connections.add(c);
            open.incrementAndGet();
        }
    }

    private void read(Connection c) {
        int n;
        try {
            c.ensureInputRoom();
            n = c.channel.read(ByteBuffer.wrap(c.in, c.inLength, c.in.length - c.inLength));
        } catch (IOException e) {
            c.close();
            return;
        }
        if (n < 0) {
            c.close();
            return;
        }
        c.inLength += n;
        if (c.inputArrived()) {
            processInput(c);
        }
    }

    /** Parses and handles every complete request in {@code c}'s input while no exchange is in progress. */
    private void processInput(Connection c) {
        while (c.inLength > 0 && !c.isClosed()) {
            HttpRequest.Parse p;
            try {
                p = HttpRequest.parse(c.in, c.inLength);
            } catch (HttpRequest.BadHttp e) {
                sendJson(c, e.status, "", Wire.errorBody(e.getMessage(), "invalid_request_error", null, null), false);
                rejected.increment();
                return;
            }
            if (p.request == null) {
                if (p.expectsContinue && !c.continueSent) {
                    c.continueSent = true;
                    c.send(ByteBuffer.wrap(Wire.ascii("HTTP/1.1 100 Continue\r\n\r\n")), true);
                }
                return;
            }
            c.continueSent = false;
            c.consume(p.consumed);
            if (handle(c, p.request) && (c.inLength == 0 || !c.inputArrived())) {
                return; // an exchange is in progress; input left is parsed when it finishes
            }
        }
    }

    private void sendJson(Connection c, int status, String headers, String body, boolean keepAlive) {
        ioOut.reset();
        Wire.json(ioOut, status, headers, body, keepAlive);
        c.send(ioOut.wrap(), false);
        if (!keepAlive) {
            c.closeAfterFlush();
        }
    }

    private void error(Connection c, HttpRequest r, int status, String message, String type, String param, String code) {
        rejected.increment();
        sendJson(c, status, "", Wire.errorBody(message, type, param, code), r.keepAlive);
    }

    /** Handles one request; returns true when an exchange is now in progress on {@code c}. */
    private boolean handle(Connection c, HttpRequest r) {
        if (authorization != null && !authorization.equals(r.header("authorization"))) {
            error(c, r, 401, "authorization must be 'Bearer <the endpoint's API key>', but was "
                    + (r.header("authorization") == null ? "missing" : "a different key"),
                    "invalid_request_error", null, "invalid_api_key");
            return false;
        }
        String path = r.path;
        boolean chat = path.equals("/v1/chat/completions");
        if (chat || path.equals("/v1/completions")) {
            if (!r.method.equals("POST")) {
                error(c, r, 405, "method of " + path + " must be POST, but was " + r.method, "invalid_request_error", null, null);
                return false;
            }
            return complete(c, r, chat);
        }
        if (path.equals("/v1/models") || path.equals("/health") || path.startsWith("/v1/models/")) {
            if (!r.method.equals("GET")) {
                error(c, r, 405, "method of " + path + " must be GET, but was " + r.method, "invalid_request_error", null, null);
                return false;
            }
            if (path.equals("/health")) {
                sendJson(c, 200, "", "{}", r.keepAlive);
            } else if (path.equals("/v1/models")) {
                sendJson(c, 200, "", wire.modelsBody(maxModelLen, startedSeconds), r.keepAlive);
            } else if (path.substring("/v1/models/".length()).equals(model)) {
                sendJson(c, 200, "", wire.modelBody(maxModelLen, startedSeconds), r.keepAlive);
            } else {
                error(c, r, 404, "model must be '" + model + "', but was '" + path.substring("/v1/models/".length()) + "'",
                        "invalid_request_error", "model", "model_not_found");
            }
            return false;
        }
        error(c, r, 404, "path must be /v1/chat/completions, /v1/completions, /v1/models or /health, but was "
                + path, "invalid_request_error", null, null);
        return false;
    }

    private boolean complete(Connection c, HttpRequest r, boolean chat) {
        received.increment();
        long receivedNanos = System.nanoTime();
        if (fixed != null) {
            boolean stream = FixedResponse.isStream(r.body);
            c.send(fixed.response(chat, stream, r.keepAlive), true);
            immediateChunks.add(stream ? fixed.events(chat) : 0);
            completed.increment();
            if (!r.keepAlive) {
                c.closeAfterFlush();
            }
            return false;
        }
        FaultPlan plan;
        try {
            plan = faultPlan(r.header("x-sim-fault"));
        } catch (IllegalArgumentException e) {
            error(c, r, 400, e.getMessage(), "invalid_request_error", FAULT_HEADER, null);
            return false;
        }
        CompletionRequest req;
        try {
            req = CompletionRequest.parse(r.body, chat, tokenizer);
        } catch (CompletionRequest.Rejected e) {
            error(c, r, e.status, e.getMessage(), "invalid_request_error", e.param, null);
            return false;
        }
        if (req.model != null && !req.model.equals(model)) {
            error(c, r, 404, "model must be '" + model + "', but was '" + req.model + "'",
                    "invalid_request_error", "model", "model_not_found");
            return false;
        }
        int room = maxModelLen - req.promptTokens;
        if (room < 1 || (req.maxTokens > 0 && req.maxTokens > room)) {
            error(c, r, 400, "prompt tokens plus max_tokens must be <= the maximum context length " + maxModelLen
                    + ", but were " + req.promptTokens + " + " + Math.max(req.maxTokens, 1), "invalid_request_error",
                    "max_tokens", null);
            return false;
        }
        long id = ids.incrementAndGet();
        if (engine.inSystem.get() >= capacity) {
            rejected.increment();
            sendJson(c, 429, "retry-after: " + retryAfterSeconds + "\r\n", Wire.errorBody(
                    "queue full: " + (capacity - timing.maxRunning()) + " requests already wait for one of "
                            + timing.maxRunning() + " running slots", "rate_limit_error", null, "queue_full"),
                    r.keepAlive);
            return false;
        }
        SimFault fault = plan == null ? drawFault() : plan.fault;
        if (fault != null) {
            faulted.increment();
        }
        if (fault == SimFault.RATE_LIMIT || fault == SimFault.SERVER_ERROR) {
            boolean limit = fault == SimFault.RATE_LIMIT;
            sendJson(c, limit ? 429 : 500, limit ? "retry-after: " + retryAfterSeconds + "\r\n" : "",
                    limit ? Wire.errorBody("simulated rate limit: retry after " + retryAfterSeconds + " s",
                            "rate_limit_error", null, "rate_limit_exceeded")
                            : Wire.errorBody("simulated internal server error", "server_error", null, null),
                    r.keepAlive);
            trace(new Generation(id, c, chat, req.stream, r.http11, r.keepAlive, false, req.promptTokens, 0, "", 0,
                    null, 0, receivedNanos, fault, 0, 0), false);
            return false;
        }
        // output length and text: a function of the seed and the request only
        long textSeed = mix(mix(mix(seed ^ req.promptDigest) ^ req.maxTokens) ^ req.requestSeed);
        SplittableRandom lengths = new SplittableRandom(textSeed ^ 0x1234567L);
        int natural = (int) Math.max(1, Math.min(room, Math.round(outputMean + outputStdev * lengths.nextGaussian())));
        int output;
        String finish;
        if (req.maxTokens > 0) {
            if (stopAtEos && !req.ignoreEos && natural < req.maxTokens) {
                output = Math.max(natural, req.minTokens);
            } else {
                output = req.maxTokens;
            }
            finish = output == req.maxTokens ? "length" : "stop";
        } else {
            output = Math.min(room, Math.max(natural, req.minTokens));
            finish = "stop";
        }
        int after = 0;
        long stall = stallNanos;
        if (fault != null) {
            after = plan != null && plan.after >= 0 ? plan.after : faultAfterTokens >= 0 ? faultAfterTokens : output / 2;
            after = Math.min(after, output);
            if (plan != null && plan.stallNanos != 0) {
                stall = plan.stallNanos;
            }
        }
        boolean keepAlive = r.keepAlive && (r.http11 || !req.stream);
        long created = System.currentTimeMillis() / 1000;
        Generation g = new Generation(id, c, chat, req.stream, r.http11, keepAlive, req.includeUsage,
                req.promptTokens, output, finish, textSeed, wire.chunkHead(id, chat, created), created, receivedNanos,
                fault, after, stall);
        if (req.stream) {
            ioOut.reset();
            Wire.streamHead(ioOut, r.http11, keepAlive);
            c.send(ioOut.wrap(), false);
        }
        c.begin(g);
        engine.inSystem.incrementAndGet();
        engine.submit(g);
        return true;
    }

    private SimFault drawFault() {
        if (faultKinds.length == 0) {
            return null;
        }
        double u = faultRandom.nextDouble();
        for (int i = 0; i < faultKinds.length; i++) {
            if (u < faultCumulative[i]) {
                return faultKinds[i];
            }
        }
        return null;
    }

    /** A fault asked for in the request header. {@code stallNanos}: 0 = the endpoint's default, -1 = forever. */
    private static final class FaultPlan {
        SimFault fault;
        int after = -1;
        long stallNanos;
    }

    /** Parses {@code kind[; after=N][; ms=N|forever]}; null when the header is absent. */
    static FaultPlan faultPlan(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] parts = header.split(";");
        FaultPlan plan = new FaultPlan();
        plan.fault = SimFault.fromToken(parts[0]).orElseThrow(() -> new IllegalArgumentException(
                FAULT_HEADER + " must start with one of 429, 500, disconnect, malformed, error, stall, but was '"
                        + parts[0].trim() + "'"));
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).trim();
            String value = eq < 0 ? "" : p.substring(eq + 1).trim();
            try {
                if (key.equals("after")) {
                    plan.after = Integer.parseInt(value);
                    if (plan.after < 0) {
                        throw new NumberFormatException();
                    }
                } else if (key.equals("ms")) {
                    if (value.equals("forever")) {
                        plan.stallNanos = -1;
                    } else {
                        long ms = Long.parseLong(value);
                        if (ms < 1) {
                            throw new NumberFormatException();
                        }
                        plan.stallNanos = ms * 1_000_000;
                    }
                } else {
                    throw new IllegalArgumentException(FAULT_HEADER + " parameters must be after=N or ms=N|forever, but was '" + p + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(FAULT_HEADER + " parameter " + key + " must be "
                        + (key.equals("after") ? "an integer >= 0" : "an integer >= 1 or 'forever'") + ", but was '" + value + "'");
            }
        }
        return plan;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Pre-encoded responses of fixed-response mode, shared by all requests. */
    static final class FixedResponse {
        private final byte[][] bodies = new byte[8][]; // [chat][stream][keepAlive]
        private final int chatEvents;
        private final int textEvents;

        FixedResponse(Wire wire, int chunks, int tokensPerChunk, long seed) {
            int tokens = chunks * tokensPerChunk;
            for (int chat = 0; chat < 2; chat++) {
                byte[] head = wire.chunkHead(0, chat == 1, System.currentTimeMillis() / 1000);
                for (int keep = 0; keep < 2; keep++) {
                    Bytes out = new Bytes(chunks * 200);
                    Wire.streamHead(out, true, keep == 1);
                    SplittableRandom text = new SplittableRandom(seed);
                    int prev = -1;
                    if (chat == 1) {
                        Wire.roleEvent(out, head, true);
                    }
                    for (int i = 0; i < chunks; i++) {
                        int mark = Wire.openContent(out, head, chat == 1);
                        for (int t = 0; t < tokensPerChunk; t++) {
                            prev = Vocabulary.next(text, prev);
                            out.add(Vocabulary.escaped(prev));
                        }
                        Wire.closeContent(out, mark, chat == 1, true);
                    }
                    Wire.finalEvent(out, head, chat == 1, "length", true);
                    Wire.usageEvent(out, head, 0, tokens, true);
                    Wire.doneEvent(out, true);
                    Wire.lastChunk(out);
                    bodies[chat * 4 + 2 + keep] = out.toArray();

                    Bytes body = new Bytes(tokens * 8 + 256);
                    wire.completionBody(body, 0, chat == 1, System.currentTimeMillis() / 1000, new SplittableRandom(seed),
                            tokens, "length", 0);
                    Bytes json = new Bytes(body.length() + 256);
                    Wire.response(json, 200, "", body.array(), body.length(), keep == 1);
                    bodies[chat * 4 + keep] = json.toArray();
                }
            }
            this.chatEvents = chunks + 4;
            this.textEvents = chunks + 3;
        }

        ByteBuffer response(boolean chat, boolean stream, boolean keepAlive) {
            return ByteBuffer.wrap(bodies[(chat ? 4 : 0) + (stream ? 2 : 0) + (keepAlive ? 1 : 0)]);
        }

        int events(boolean chat) {
            return chat ? chatEvents : textEvents;
        }

        /** Whether the JSON body has {@code "stream": true}, found without parsing it. */
        static boolean isStream(byte[] body) {
            byte[] key = STREAM_KEY;
            outer:
            for (int i = 0; i + key.length <= body.length; i++) {
                for (int j = 0; j < key.length; j++) {
                    if (body[i + j] != key[j]) {
                        continue outer;
                    }
                }
                int k = i + key.length;
                while (k < body.length && (body[k] == ' ' || body[k] == ':' || body[k] == '\t'
                        || body[k] == '\n' || body[k] == '\r')) {
                    k++;
                }
                return k < body.length && body[k] == 't';
            }
            return false;
        }

        private static final byte[] STREAM_KEY = "\"stream\"".getBytes(StandardCharsets.US_ASCII);
    }
}
