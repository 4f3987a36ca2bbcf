package io.llmbench.core;

import io.llmbench.core.internal.Timeouts;
import io.llmbench.core.internal.Tokenizers;
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

    private void finish(FailureKind failure, String message, int httpStatus, long endNanos) {
        RequestRecord record;
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
            record = toRecord(now, failure, message, httpStatus);
        }
        phase.finished(this, record);
    }

    private RequestRecord toRecord(long now, FailureKind failure, String message, int httpStatus) {
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
        } else if (ok) {
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
            if (ok && endpoint.countTokensLocally()) {
                localOutput = countTokens(endpoint, text.toString());
            }
        } else if (text.length() > 0) {
            output = countTokens(endpoint, text.toString());
            outputSource = TokenSource.TOKENIZER;
            localOutput = output;
        } else {
            output = ok ? 0 : -1;
            outputSource = ok ? TokenSource.TOKENIZER : TokenSource.NONE;
        }
        long origin = phase.origin();
        long e2e = ok && lastContentAbs >= 0 ? lastContentAbs - t0 : -1;
        int sample = phase.run().responseSampleChars();
        String responseSample = sample > 0 && text.length() > 0 ? text.substring(0, Math.min(sample, text.length())) : null;
        String error = null;
        if (!ok) {
            error = endpoint.apiKey().isPresent() ? endpoint.apiKey().get().redact(message) : message;
        }
        return new RequestRecord(endpoint.name(), sequence, prompt.info(), startWall,
                scheduledAbs - origin, t0 - origin,
                firstChunkAbs < 0 ? -1 : firstChunkAbs - t0,
                ttftAbs < 0 ? -1 : ttftAbs - t0,
                e2e, now - t0, contentChunks, Arrays.copyOf(gaps, gapCount),
                input, inputSource, output, outputSource, localOutput, streamed,
                failure, error, httpStatus, responseSample, writtenAbs < 0 ? -1 : Math.max(0, writtenAbs - t0));
    }

    private static int countTokens(Endpoint endpoint, String s) {
        return Tokenizers.count(endpoint.tokenizer(), s);
    }
}
