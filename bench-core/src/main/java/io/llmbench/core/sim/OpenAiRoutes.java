package io.llmbench.core.sim;

import static io.llmbench.core.sim.SimulatedEndpoint.FAULT_HEADER;

import com.knuddels.jtokkit.api.Encoding;
import io.llmbench.core.internal.Tokenizers;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated endpoint's OpenAI routes: {@code /v1/chat/completions}, {@code /v1/completions},
 * {@code /v1/models}, {@code /health}. Validates each framed request, answers what needs no
 * timing (errors, 429/500 faults, models, fixed responses) and hands timed completions to the
 * {@link Engine}. Runs on the transport's I/O thread only.
 */
final class OpenAiRoutes {
    private final SimServer server;
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
    private final long capacity;   // maxRunning + maxWaiting, or Long.MAX_VALUE
    private final Wire wire;
    private final FixedResponse fixed;
    private final SplittableRandom faultRandom;
    private final Bytes ioOut = new Bytes(16 * 1024);
    private final long startedSeconds = System.currentTimeMillis() / 1000;
    private final AtomicLong ids = new AtomicLong();

    OpenAiRoutes(SimServer server, SimulatedEndpoint.Builder b, Wire wire) {
        this.server = server;
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
        this.capacity = b.maxWaiting < 0 ? Long.MAX_VALUE : (long) b.timing.maxRunning() + b.maxWaiting;
        this.faultRandom = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        this.wire = wire;
        this.fixed = b.fixedChunks > 0 ? new FixedResponse(wire, b.fixedChunks, b.fixedTokensPerChunk, seed) : null;
    }

    private void error(Connection c, HttpRequest r, int status, String message, String type, String param, String code) {
        server.rejected.increment();
        SimTransport.sendJson(ioOut, c, status, "", Wire.errorBody(message, type, param, code), r.keepAlive);
    }

    /** Handles one request; returns true when an exchange is now in progress on {@code c}. */
    boolean handle(Connection c, HttpRequest r) {
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
                SimTransport.sendJson(ioOut, c, 200, "", "{}", r.keepAlive);
            } else if (path.equals("/v1/models")) {
                SimTransport.sendJson(ioOut, c, 200, "", wire.modelsBody(maxModelLen, startedSeconds), r.keepAlive);
            } else if (path.substring("/v1/models/".length()).equals(model)) {
                SimTransport.sendJson(ioOut, c, 200, "", wire.modelBody(maxModelLen, startedSeconds), r.keepAlive);
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
        server.received.increment();
        long receivedNanos = System.nanoTime();
        if (fixed != null) {
            boolean stream = FixedResponse.isStream(r.body);
            c.send(fixed.response(chat, stream, r.keepAlive), true);
            server.immediateChunks.add(stream ? fixed.events(chat) : 0);
            server.completed.increment();
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
        if (server.engine().inSystem.get() >= capacity) {
            server.rejected.increment();
            SimTransport.sendJson(ioOut, c, 429, "retry-after: " + retryAfterSeconds + "\r\n", Wire.errorBody(
                    "queue full: " + (capacity - timing.maxRunning()) + " requests already wait for one of "
                            + timing.maxRunning() + " running slots", "rate_limit_error", null, "queue_full"),
                    r.keepAlive);
            return false;
        }
        SimFault fault = plan == null ? drawFault() : plan.fault;
        if (fault != null) {
            server.faulted.increment();
        }
        if (fault == SimFault.RATE_LIMIT || fault == SimFault.SERVER_ERROR) {
            boolean limit = fault == SimFault.RATE_LIMIT;
            SimTransport.sendJson(ioOut, c, limit ? 429 : 500, limit ? "retry-after: " + retryAfterSeconds + "\r\n" : "",
                    limit ? Wire.errorBody("simulated rate limit: retry after " + retryAfterSeconds + " s",
                            "rate_limit_error", null, "rate_limit_exceeded")
                            : Wire.errorBody("simulated internal server error", "server_error", null, null),
                    r.keepAlive);
            server.trace(new Generation(id, c, chat, req.stream, r.http11, r.keepAlive, false, req.promptTokens, 0, "", 0,
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
        server.engine().inSystem.incrementAndGet();
        server.engine().submit(g);
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
}
