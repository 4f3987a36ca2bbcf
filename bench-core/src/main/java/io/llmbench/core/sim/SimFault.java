package io.llmbench.core.sim;

import java.util.Locale;
import java.util.Optional;

/**
 * A fault a {@link SimulatedEndpoint} can inject into a request, either with a seeded probability
 * ({@link SimulatedEndpoint.Builder#fault}) or for one request through the request header
 * {@value SimulatedEndpoint#FAULT_HEADER}, whose value is the fault's {@link #token()} optionally
 * followed by parameters: {@code stall; after=0; ms=2000}, {@code disconnect; after=5}.
 * {@code after=N} is the number of tokens sent before the fault (default: half the output),
 * {@code ms=N|forever} the length of a stall. Thread-safe (an enum).
 */
public enum SimFault {
    /** HTTP 429 with an OpenAI-style JSON error body and a {@code Retry-After} header, at once. */
    RATE_LIMIT("429"),
    /** HTTP 500 with a JSON error body, at once. */
    SERVER_ERROR("500"),
    /**
     * The connection is closed after {@code after} tokens: a stream ends without its final chunk
     * and {@code [DONE]}, a non-streaming request gets no response at all.
     */
    DISCONNECT("disconnect"),
    /**
     * After {@code after} tokens a stream carries one {@code data:} line that is not JSON, then
     * goes on normally; a non-streaming request gets a truncated JSON body with status 200.
     */
    MALFORMED("malformed"),
    /**
     * After {@code after} tokens a stream carries {@code data: {"error": {...}}} and then
     * {@code data: [DONE]}; a non-streaming request gets HTTP 500 with a JSON error body.
     */
    ERROR_EVENT("error"),
    /**
     * After {@code after} tokens (0 = before the first token) nothing is sent for the stall time
     * (default forever) while the connection stays open; then the response goes on. A stalled
     * request keeps its running slot but leaves the decode batch.
     */
    STALL("stall");

    private final String token;

    SimFault(String token) {
        this.token = token;
    }

    /** The name used in the fault header and on the command line, e.g. {@code 429} or {@code stall}. */
    public String token() {
        return token;
    }

    /** The fault whose {@link #token()} or enum name is {@code text} (case-insensitive). */
    public static Optional<SimFault> fromToken(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (SimFault f : values()) {
            if (f.token.equals(t) || f.name().toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
