package io.llmbench.core;

import io.llmbench.core.workload.PromptInfo;
import java.util.Objects;

/**
 * One measured request. Immutable; the {@code itlMicros} array must not be modified.
 *
 * <p>All {@code *Nanos} durations after {@code t0} are relative to {@code t0}, the moment the
 * request was handed to the network; {@code -1} means "did not happen". {@code scheduledNanos}
 * and {@code sentNanos} are offsets from the run's time origin (the first scheduled send after
 * warm-up), so {@code sentNanos - scheduledNanos} is the client-side schedule lag.
 *
 * @param endpoint              the endpoint's name
 * @param sequence              the request's position in the run's request sequence (same prompt
 *                              across endpoints has the same sequence)
 * @param prompt                what was asked
 * @param startEpochMillis      wall-clock time at {@code t0}
 * @param scheduledNanos        when the request was scheduled, from the run origin
 * @param sentNanos             when it was handed to the network ({@code t0}), from the run origin
 * @param firstChunkNanos       first chunk with non-empty {@code choices}, or -1
 * @param ttftNanos             first content chunk, or -1
 * @param e2eNanos              last content chunk (non-streaming: response complete), or -1
 * @param endNanos              when the request ended for any reason (last byte, error, timeout)
 * @param contentChunks         number of content-carrying chunks
 * @param itlMicros             gaps between consecutive content chunks in microseconds
 * @param inputTokens           prompt tokens, or -1 when unknown
 * @param inputSource           where {@code inputTokens} came from
 * @param outputTokens          generated tokens, or -1 when unknown
 * @param outputSource          where {@code outputTokens} came from
 * @param tokenizerOutputTokens the count of the generated text taken here (as
 *                              {@link TokenSource#TOKENIZER} describes), when it was taken: the
 *                              output count itself without usage, or besides the server's usage
 *                              with {@code countTokensLocally}; -1 otherwise
 * @param streamed              whether the response was streamed
 * @param failure               why the request failed; null when it succeeded
 * @param error                 a human-readable failure message (never contains an API key); null on success
 * @param httpStatus            the HTTP status, or 0 when none was received
 * @param responseSample        the start of the generated text when sampling is on; may be null
 * @param writtenNanos          when the request's bytes (headers and body) were fully written, from
 *                              {@code t0}: the client-side send delay (connection set-up, TLS, a
 *                              busy writer); -1 when the client does not report it
 */
public record RequestRecord(
        String endpoint,
        long sequence,
        PromptInfo prompt,
        long startEpochMillis,
        long scheduledNanos,
        long sentNanos,
        long firstChunkNanos,
        long ttftNanos,
        long e2eNanos,
        long endNanos,
        int contentChunks,
        int[] itlMicros,
        int inputTokens,
        TokenSource inputSource,
        int outputTokens,
        TokenSource outputSource,
        int tokenizerOutputTokens,
        boolean streamed,
        FailureKind failure,
        String error,
        int httpStatus,
        String responseSample,
        long writtenNanos) {

    private static final int[] NO_GAPS = new int[0];

    /** A record without the write time ({@code writtenNanos} -1). */
    public RequestRecord(String endpoint, long sequence, PromptInfo prompt, long startEpochMillis, long scheduledNanos,
                         long sentNanos, long firstChunkNanos, long ttftNanos, long e2eNanos, long endNanos,
                         int contentChunks, int[] itlMicros, int inputTokens, TokenSource inputSource, int outputTokens,
                         TokenSource outputSource, int tokenizerOutputTokens, boolean streamed, FailureKind failure,
                         String error, int httpStatus, String responseSample) {
        this(endpoint, sequence, prompt, startEpochMillis, scheduledNanos, sentNanos, firstChunkNanos, ttftNanos, e2eNanos,
                endNanos, contentChunks, itlMicros, inputTokens, inputSource, outputTokens, outputSource,
                tokenizerOutputTokens, streamed, failure, error, httpStatus, responseSample, -1);
    }

    public RequestRecord {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(inputSource, "inputSource");
        Objects.requireNonNull(outputSource, "outputSource");
        itlMicros = itlMicros == null ? NO_GAPS : itlMicros;
        if (failure != null && error == null) {
            error = failure.name();
        }
        if (writtenNanos < -1) {
            throw new IllegalArgumentException("writtenNanos must be >= 0 or -1 (not reported), but was " + writtenNanos);
        }
    }

    /** The client-side send delay, {@code t0} to the request fully written, in milliseconds; NaN when not reported. */
    public double writtenMillis() {
        return writtenNanos < 0 ? Double.NaN : writtenNanos / 1e6;
    }

    /** Whether the request succeeded. */
    public boolean ok() {
        return failure == null;
    }

    /** Client-side wait between the scheduled and the actual send, in milliseconds. */
    public double scheduleLagMillis() {
        return Math.max(0, sentNanos - scheduledNanos) / 1e6;
    }

    /** TTFT in milliseconds, or NaN when no content arrived. */
    public double ttftMillis() {
        return ttftNanos < 0 ? Double.NaN : ttftNanos / 1e6;
    }

    /** Time to first chunk in milliseconds, or NaN. */
    public double firstChunkMillis() {
        return firstChunkNanos < 0 ? Double.NaN : firstChunkNanos / 1e6;
    }

    /** End-to-end latency in milliseconds, or NaN. */
    public double e2eMillis() {
        return e2eNanos < 0 ? Double.NaN : e2eNanos / 1e6;
    }

    /** Time per output token in milliseconds: (E2E − TTFT) / (output − 1); NaN unless streamed with more than one token. */
    public double tpotMillis() {
        if (!streamed || ttftNanos < 0 || e2eNanos < 0 || outputTokens <= 1) {
            return Double.NaN;
        }
        return (e2eNanos - ttftNanos) / 1e6 / (outputTokens - 1);
    }

    /** Decode speed in tokens per second: output / (E2E − TTFT); NaN when undefined. */
    public double userTps() {
        if (!streamed || ttftNanos < 0 || e2eNanos <= ttftNanos || outputTokens <= 0) {
            return Double.NaN;
        }
        return outputTokens / ((e2eNanos - ttftNanos) / 1e9);
    }

    /**
     * This request's value of a metric in the metric's unit, or NaN when it has none. For
     * {@link Metric#ITL} this is the mean of the request's gaps.
     */
    public double value(Metric metric) {
        switch (metric) {
            case TTFT: return ttftMillis();
            case TIME_TO_FIRST_CHUNK: return firstChunkMillis();
            case ITL: return meanItlMillis();
            case TPOT: return tpotMillis();
            case E2E: return e2eMillis();
            case USER_TPS: return userTps();
            case INPUT_TOKENS: return inputTokens < 0 ? Double.NaN : inputTokens;
            case OUTPUT_TOKENS: return outputTokens < 0 ? Double.NaN : outputTokens;
            case TOKENS_PER_CHUNK: return tokensPerChunk();
            case SCHEDULE_LAG: return scheduleLagMillis();
            case TTFT_FROM_SCHEDULED: return ttftNanos < 0 ? Double.NaN : (ttftNanos + lagNanos()) / 1e6;
            case E2E_FROM_SCHEDULED: return e2eNanos < 0 ? Double.NaN : (e2eNanos + lagNanos()) / 1e6;
            default: throw new IllegalArgumentException("unknown metric " + metric);
        }
    }

    private long lagNanos() {
        return Math.max(0, sentNanos - scheduledNanos);
    }

    /** Mean gap between content chunks in milliseconds, or NaN with fewer than two chunks. */
    public double meanItlMillis() {
        if (itlMicros.length == 0) {
            return Double.NaN;
        }
        long sum = 0;
        for (int g : itlMicros) {
            sum += g;
        }
        return sum / 1e3 / itlMicros.length;
    }

    /** Output tokens per content chunk; NaN when there were none. */
    public double tokensPerChunk() {
        return contentChunks <= 0 || outputTokens < 0 ? Double.NaN : (double) outputTokens / contentChunks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestRecord r
                && sequence == r.sequence && startEpochMillis == r.startEpochMillis
                && scheduledNanos == r.scheduledNanos && sentNanos == r.sentNanos
                && firstChunkNanos == r.firstChunkNanos && ttftNanos == r.ttftNanos && e2eNanos == r.e2eNanos && endNanos == r.endNanos
                && contentChunks == r.contentChunks && java.util.Arrays.equals(itlMicros, r.itlMicros)
                && inputTokens == r.inputTokens && inputSource == r.inputSource
                && outputTokens == r.outputTokens && outputSource == r.outputSource
                && tokenizerOutputTokens == r.tokenizerOutputTokens && streamed == r.streamed
                && failure == r.failure && Objects.equals(error, r.error) && httpStatus == r.httpStatus
                && endpoint.equals(r.endpoint) && prompt.equals(r.prompt)
                && Objects.equals(responseSample, r.responseSample) && writtenNanos == r.writtenNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, sequence, sentNanos, ttftNanos, e2eNanos, outputTokens, failure);
    }

    @Override
    public String toString() {
        return "RequestRecord[" + endpoint + " #" + sequence + (ok() ? " ok" : " " + failure + ": " + error)
                + ", ttft=" + ttftMillis() + "ms, e2e=" + e2eMillis() + "ms, in=" + inputTokens
                + ", out=" + outputTokens + "]";
    }
}
