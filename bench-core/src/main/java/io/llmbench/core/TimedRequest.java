package io.llmbench.core;

import io.llmbench.core.internal.Timeouts;
import io.llmbench.core.spi.InferenceClient;
import io.llmbench.core.spi.ResponseListener;
import io.llmbench.core.workload.Prompt;
import java.util.Arrays;

/**
 * One request's life: the engine's {@link ResponseListener}. It applies the metric definitions of
 * {@link Metric} to the arrival times the client stamped (the forms without a timestamp read the
 * engine's clock). Methods are synchronized: a client delivers events on its own thread while the
 * watchdog may time the request out.
 */
final class TimedRequest implements ResponseListener {
    private final EndpointRun.Phase phase;
    private final Clock clock;
    final long sequence;
    private final Prompt prompt;
    private final long scheduledAbs;
    private final long createdAbs;
    private final boolean streamed;

    private volatile long t0 = -1;
    private long writtenAbs = -1;
    private volatile long lastEvent;
    private volatile long ttftAbs = -1;
    private volatile boolean done;
    private boolean aborted;
    private long startWall;
    private long firstChunkAbs = -1;
    private long lastContentAbs = -1;
    private int contentChunks;
    private int[] gaps = new int[16];
    private int gapCount;
    private final StringBuilder text = new StringBuilder();
    /** Whether the last content chunk ended in whitespace after other text (e.g. {@code "word "}). */
    private boolean lastChunkEndsInAttachedSpace;
    private int usagePrompt = -1;
    private int usageCompletion = -1;
    private InferenceClient.InFlight handle;

    TimedRequest(EndpointRun.Phase phase, long sequence, Prompt prompt, long scheduledAbs) {
        this.phase = phase;
        this.clock = phase.run().clock();
        this.sequence = sequence;
        this.prompt = prompt;
        this.scheduledAbs = scheduledAbs;
        this.createdAbs = clock.monotonicNanos();
        this.lastEvent = createdAbs;
        this.streamed = phase.run().endpoint().stream();
    }

    synchronized void attach(InferenceClient.InFlight handle) {
        this.handle = handle;
        // only a request the watchdog or a cancellation ended before its handle arrived is aborted
        // here; one the client already finished (a fast server answers before send() returns) is
        // left alone: aborting it could disturb a connection the client has already reused
        if (aborted && handle != null) {
            handle.cancel();
        }
    }

    // ---- the timestamped events (the client's clock reading: ClientOptions.clock() is ours)

    @Override
    public synchronized void onSent(long sentNanos) {
        if (done || t0 >= 0) {
            return;
        }
        t0 = sentNanos;
        lastEvent = sentNanos;
        startWall = clock.wallMillis();
    }

    @Override
    public synchronized void onWritten(long writtenNanos) {
        if (done || writtenAbs >= 0) {
            return;
        }
        writtenAbs = writtenNanos;
    }

    @Override
    public synchronized void onChunk(boolean hasChoices, String content, long now) {
        if (done) {
            return;
        }
        lastEvent = now;
        ensureSent(now);
        if (hasChoices && firstChunkAbs < 0 && streamed) {
            firstChunkAbs = now;
        }
        if (content == null || content.isEmpty()) {
            return;
        }
        text.append(content);
        contentChunks++;
        lastChunkEndsInAttachedSpace = Character.isWhitespace(content.charAt(content.length() - 1)) && !content.isBlank();
        if (!streamed) {
            lastContentAbs = now;
            return;
        }
        if (ttftAbs < 0) {
            ttftAbs = now;
        } else {
            if (gapCount == gaps.length) {
                gaps = Arrays.copyOf(gaps, gaps.length * 2);
            }
            gaps[gapCount++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, now - lastContentAbs) / 1_000);
        }
        lastContentAbs = now;
    }

    @Override
    public synchronized void onUsage(int promptTokens, int completionTokens) {
        if (done) {
            return;
        }
        // usage rides on the chunk reported just before it: that chunk already moved lastEvent
        if (promptTokens >= 0) {
            usagePrompt = promptTokens;
        }
        if (completionTokens >= 0) {
            usageCompletion = completionTokens;
        }
    }

    @Override
    public void onComplete(long endNanos) {
        finish(null, null, 200, endNanos);
    }

    @Override
    public void onFailure(FailureKind kind, String message, int httpStatus, long endNanos) {
        finish(kind == null ? FailureKind.OTHER : kind, message, httpStatus, endNanos);
    }

    // ---- the same without a timestamp: stamped now on the engine's clock

    @Override
    public void onSent() {
        onSent(clock.monotonicNanos());
    }

    @Override
    public void onChunk(boolean hasChoices, String content) {
        onChunk(hasChoices, content, clock.monotonicNanos());
    }

    @Override
    public void onComplete() {
        onComplete(clock.monotonicNanos());
    }

    @Override
    public void onFailure(FailureKind kind, String message, int httpStatus) {
        onFailure(kind, message, httpStatus, clock.monotonicNanos());
    }

    /** Called by the watchdog: fails the request and aborts it. */
    void expire(FailureKind kind, String message) {
        InferenceClient.InFlight h;
        synchronized (this) {
            if (done) {
                return;
            }
            aborted = true;
            h = handle;
        }
        // abort first, so that when the run completes no client stream is left open
        if (h != null) {
            h.cancel();
        }
        finish(kind, message, 0, clock.monotonicNanos());
    }

    /**
     * Checks this request's timeouts against {@code now}, each extended by {@code grace} (the
     * safety net for a client that enforces them itself); returns true when it expired.
     */
    boolean checkTimeouts(long now, long requestTimeout, long ttftTimeout, long idleTimeout, long grace) {
        if (done) {
            return false;
        }
        FailureKind kind = Timeouts.expired(now, t0, createdAbs, ttftAbs, lastEvent,
                requestTimeout + grace, ttftTimeout + grace, idleTimeout + grace);
        if (kind == null) {
            return false;
        }
        expire(kind, Timeouts.message(kind, requestTimeout, ttftTimeout, idleTimeout));
        return true;
    }

    private void ensureSent(long now) {
        if (t0 < 0) {
            t0 = now;
            startWall = clock.wallMillis();
        }
    }

    /**
     * Ends the request once: builds its record and hands it to the phase. Whatever goes wrong
     * while the record is built (a token counter that throws) makes the request a failure of kind
     * {@link FailureKind#OTHER} instead of leaving it unfinished.
     */
    private void finish(FailureKind failure, String message, int httpStatus, long endNanos) {
        RequestRecord record;
        Throwable broken = null;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            long now = Math.max(endNanos, t0);
            ensureSent(now);
            if (!streamed && failure == null) {
                lastContentAbs = now;
            }
            try {
                record = toRecord(now, failure, message, httpStatus, true);
            } catch (Throwable t) {
                broken = t;
                String why = t instanceof CountFailure c ? c.getMessage() : "could not record the response: " + t;
                record = toRecord(now, FailureKind.OTHER, why, httpStatus, false);
            }
        }
        phase.finished(this, record);
        if (broken instanceof OutOfMemoryError e) {
            throw e;
        }
    }

    /** A token counter threw; the message names it. */
    private static final class CountFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CountFailure(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * The request's record.
     *
     * @param count whether the token counter may be used (false once it failed)
     */
    private RequestRecord toRecord(long now, FailureKind failure, String message, int httpStatus, boolean count) {
        Endpoint endpoint = phase.run().endpoint();
        boolean ok = failure == null;
        if (ok && contentChunks == 0 && usageCompletion <= 0) {
            failure = FailureKind.MALFORMED;
            message = "response ended without any generated content";
            ok = false;
        }
        int input;
        TokenSource inputSource;
        if (usagePrompt >= 0) {
            input = usagePrompt;
            inputSource = TokenSource.USAGE;
        } else if (prompt.declaredInputTokens() >= 0) {
            input = prompt.declaredInputTokens();
            inputSource = TokenSource.DECLARED;
        } else if (ok && count) {
            input = countTokens(endpoint, prompt.text());
            inputSource = TokenSource.TOKENIZER;
        } else {
            input = -1;
            inputSource = TokenSource.NONE;
        }
        int output;
        TokenSource outputSource;
        int localOutput = -1;
        if (usageCompletion >= 0) {
            output = usageCompletion;
            outputSource = TokenSource.USAGE;
            if (ok && count && endpoint.countTokensLocally()) {
                localOutput = outputFromText(endpoint);
            }
        } else if (text.length() > 0 && count) {
            output = outputFromText(endpoint);
            outputSource = TokenSource.TOKENIZER;
            localOutput = output;
        } else {
            output = ok ? 0 : -1;
            outputSource = ok ? TokenSource.TOKENIZER : TokenSource.NONE;
        }
        long origin = phase.origin();
        long e2e = ok && lastContentAbs >= 0 ? lastContentAbs - t0 : -1;
        int sample = phase.run().responseSampleChars();
        String responseSample = null;
        if (sample > 0 && text.length() > 0) {
            String masked = endpoint.redact(text.toString());
            responseSample = masked.substring(0, Math.min(sample, masked.length()));
        }
        String error = ok ? null : endpoint.redact(message);
        return new RequestRecord(endpoint.name(), sequence, prompt.info(), startWall,
                scheduledAbs - origin, t0 - origin,
                firstChunkAbs < 0 ? -1 : firstChunkAbs - t0,
                ttftAbs < 0 ? -1 : ttftAbs - t0,
                e2e, now - t0, contentChunks, Arrays.copyOf(gaps, gapCount),
                input, inputSource, output, outputSource, localOutput, streamed,
                failure, error, httpStatus, responseSample, writtenAbs < 0 ? -1 : Math.max(0, writtenAbs - t0));
    }

    /**
     * The generated tokens as far as the text and the chunks tell, for a response without usage
     * (see {@link TokenSource#TOKENIZER}): the local tokenizer's count of the text, without the
     * whitespace that ends a streamed response's last chunk after other text (a server token such
     * as {@code "word "} carries it; re-tokenized at the end of the text it would count as a token
     * of its own), and never fewer than the content chunks, since a server sends at least one
     * token per chunk.
     */
    private int outputFromText(Endpoint endpoint) {
        String t = text.toString();
        if (streamed && lastChunkEndsInAttachedSpace) {
            t = t.stripTrailing();
        }
        return Math.max(countTokens(endpoint, t), contentChunks);
    }

    private static int countTokens(Endpoint endpoint, String s) {
        int n;
        try {
            n = endpoint.tokenCounter().count(s);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            throw new CountFailure("token counter " + endpoint.tokenizer() + " failed on " + s.length() + " characters: " + e, e);
        }
        if (n < 0) {
            throw new CountFailure("token counter " + endpoint.tokenizer() + " must count >= 0 tokens, but counted " + n, null);
        }
        return n;
    }
}
