package io.llmbench.core.internal.openai;

import io.llmbench.core.FailureKind;
import io.llmbench.core.internal.sse.SseParser;
import io.llmbench.core.spi.ResponseListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns the bytes of one OpenAI-compatible SSE response into {@link ResponseListener} events:
 * {@link SseParser} splits lines, {@link ChunkDecoder} decodes each {@code data} payload, and this
 * class applies the stream rules. It calls {@code onChunk} (then {@code onUsage} when the chunk
 * carries usage) as soon as a chunk's last byte is parsed, and at most one final call.
 *
 * <p><b>When a chunk is dispatched.</b> The SSE rule is to join an event's {@code data} lines with
 * newlines and dispatch at the blank line. Servers differ: most send one JSON object per event, some
 * send one JSON object per {@code data} line with no blank lines between, a few split one object
 * over several {@code data} lines. So a {@code data} line is decoded as soon as it arrives: when the
 * data gathered for the current event is a complete JSON object, it is reported at once (the
 * earliest moment, which is what the timing needs) and the gathering starts afresh; while it is only
 * the valid start of an object, the next {@code data} line is joined to it with a newline, as the
 * specification says. A blank line with an unfinished object pending is {@link FailureKind#MALFORMED}.
 *
 * <p><b>Stream rules.</b>
 * <ul>
 *   <li>{@code data: [DONE]} completes the response; anything after it is read and ignored (so the
 *       connection can be reused), up to {@value #MAX_BYTES_AFTER_DONE} bytes, then reading stops.</li>
 *   <li>Comment lines, {@code id} and {@code retry} fields and unknown fields are ignored; an
 *       {@code event: error} makes the event's data a {@link FailureKind#STREAM_ERROR}.</li>
 *   <li>A JSON object with an {@code error} (or vLLM's {@code "object": "error"}) is a
 *       {@link FailureKind#STREAM_ERROR} with the server's message; data that is not a JSON object
 *       is {@link FailureKind#MALFORMED}. Both stop reading.</li>
 *   <li>The body ending without {@code [DONE]} is {@link FailureKind#DISCONNECT}, unless a
 *       {@code finish_reason} was already seen: then the response is complete (the generation
 *       ended; only the trailer is missing). The same holds for a connection lost mid-stream. A body
 *       with no {@code data} line at all but other text is {@link FailureKind#MALFORMED} ("not an
 *       SSE stream").</li>
 *   <li>A usage-only chunk ({@code "choices": []} with {@code usage}) is reported as
 *       {@code onChunk(false, "")} followed by {@code onUsage}.</li>
 * </ul>
 *
 * <p>Usage: one decoder per response; {@link #feed} the bytes as they arrive with the time they
 * were read (every event a feed completes carries that time), then {@link #end} or {@link #fail}. Check {@link #wantsMore()} after each feed and stop reading when it is false. Not
 * thread-safe. Messages pass through {@code redact}, so they never show the API key.
 */
public final class StreamDecoder implements SseParser.Handler {
    /** How much is read after {@code [DONE]} before reading stops. */
    public static final int MAX_BYTES_AFTER_DONE = 64 * 1024;

    private static final byte[] NEWLINE = {'\n'};

    private final ResponseListener listener;
    private final int httpStatus;
    private final String source;
    private final UnaryOperator<String> redact;
    private final SseParser parser;
    private final ChunkDecoder decoder = new ChunkDecoder();

    private byte[] pending = new byte[0];
    private int pendingLen;
    private boolean errorEvent;
    private boolean finishSeen;
    private int chunks;
    private int dataLines;
    private String firstOtherLine;
    private boolean finished;
    private boolean done;
    private long bytesAfterDone;
    private long now;

    /**
     * @param listener receives the events
     * @param source   names the response in messages, e.g. the request URI
     * @param redact   applied to every message built from server text or exceptions
     */
    public StreamDecoder(ResponseListener listener, String source, UnaryOperator<String> redact) {
        this(listener, source, redact, 0);
    }

    /**
     * @param httpStatus the response's HTTP status, passed on with failures (0 when there is none)
     */
    public StreamDecoder(ResponseListener listener, String source, UnaryOperator<String> redact, int httpStatus) {
        this.httpStatus = httpStatus;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.source = Objects.requireNonNull(source, "source");
        this.redact = Objects.requireNonNull(redact, "redact");
        this.parser = new SseParser(this);
    }

    /**
     * Feeds the next bytes of the body.
     *
     * @param arrivalNanos when these bytes were read: the timestamp of every event they complete
     */
    public void feed(byte[] buf, int off, int len, long arrivalNanos) {
        now = arrivalNanos;
        if (done) {
            drain(len);
            return;
        }
        parser.feed(buf, off, len);
    }

    /** Feeds the remaining bytes of a buffer (its position moves to its limit); see {@link #feed(byte[], int, int, long)}. */
    public void feed(ByteBuffer buffer, long arrivalNanos) {
        now = arrivalNanos;
        if (done) {
            drain(buffer.remaining());
            buffer.position(buffer.limit());
            return;
        }
        parser.feed(buffer);
    }

    /** The body ended normally at {@code endNanos}. Makes the final call if none was made yet. */
    public void end(long endNanos) {
        if (finished) {
            return;
        }
        now = endNanos;
        parser.end();
        if (finished) {
            return;
        }
        if (finishSeen) {
            complete();
        } else if (pendingLen > 0) {
            failure(FailureKind.DISCONNECT, "stream from " + source + " ended inside a chunk after " + chunks
                    + " chunks: " + Texts.quote(pending, 0, pendingLen, Texts.MAX_QUOTE_CHARS, redact));
        } else if (dataLines == 0 && firstOtherLine != null) {
            failure(FailureKind.MALFORMED, "response from " + source + " is not an SSE stream (no data: lines); it starts with: "
                    + firstOtherLine);
        } else {
            failure(FailureKind.DISCONNECT, "stream from " + source + " ended without [DONE] or finish_reason after "
                    + chunks + " chunks");
        }
    }

    /** Reading the body failed (connection reset, closed early) at {@code endNanos}. Makes the final call if none was made yet. */
    public void fail(Throwable cause, long endNanos) {
        if (finished) {
            return;
        }
        now = endNanos;
        parser.stop();
        if (finishSeen) {
            complete();
            return;
        }
        failure(FailureKind.DISCONNECT, "connection to " + source + " lost after " + chunks + " chunks: "
                + Texts.quote(Texts.describe(cause), Texts.MAX_QUOTE_CHARS, redact));
    }

    /** False once reading should stop: a failure was reported or too much came after {@code [DONE]}. */
    public boolean wantsMore() {
        return !parser.isStopped();
    }

    /** How many JSON chunks were reported so far. */
    public int chunks() {
        return chunks;
    }

    // ---- SseParser.Handler

    @Override
    public void onData(byte[] buf, int off, int len) {
        if (finished) {
            return;
        }
        dataLines++;
        if (pendingLen == 0) {
            int s = off;
            int e = off + len;
            while (s < e && isBlank(buf[s])) {
                s++;
            }
            while (e > s && isBlank(buf[e - 1])) {
                e--;
            }
            if (s == e) {
                return; // an empty data line adds nothing we could decode
            }
            if (isDone(buf, s, e - s)) {
                done();
                return;
            }
            if (decode(buf, s, e - s) == ChunkDecoder.Result.INCOMPLETE) {
                hold(buf, s, e - s);
            }
            return;
        }
        // a continuation line: join with a newline, as the SSE specification does
        if (!hold(NEWLINE, 0, 1) || !hold(buf, off, len)) {
            return;
        }
        // only ask Jackson once the brackets balance: an unfinished object costs it an exception
        if (closesAValue(pending, 0, pendingLen) && decode(pending, 0, pendingLen) != ChunkDecoder.Result.INCOMPLETE) {
            pendingLen = 0;
        }
    }

    /** Whether the bytes hold a complete top-level object or array (strings and escapes respected). */
    static boolean closesAValue(byte[] b, int off, int len) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = off, end = off + len; i < end; i++) {
            byte c = b[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth <= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onBlankLine() {
        if (finished) {
            return;
        }
        if (pendingLen > 0) {
            malformed("an event ended inside a JSON value", pending, 0, pendingLen);
            return;
        }
        errorEvent = false;
    }

    @Override
    public void onOtherField(String name, byte[] line, int off, int len, int value) {
        if (finished) {
            return;
        }
        if ("event".equals(name)) {
            int n = off + len - value;
            errorEvent = n == 5 && line[value] == 'e' && line[value + 1] == 'r' && line[value + 2] == 'r'
                    && line[value + 3] == 'o' && line[value + 4] == 'r';
        } else if (name == null && firstOtherLine == null) {
            firstOtherLine = Texts.quote(line, off, len, 120, redact);
        }
    }

    @Override
    public void onLineTooLong(int limit) {
        if (!finished) {
            failure(FailureKind.MALFORMED, "stream from " + source + " has a line longer than " + limit + " bytes after "
                    + chunks + " chunks");
        }
    }

    // ---- internals

    private ChunkDecoder.Result decode(byte[] buf, int off, int len) {
        ChunkDecoder.Result r = decoder.decode(buf, off, len);
        switch (r) {
            case CHUNK -> {
                String error = decoder.error();
                if (error == null && errorEvent) {
                    error = new String(buf, off, Math.min(len, Texts.QUOTE_WINDOW_BYTES), StandardCharsets.UTF_8);
                }
                if (error != null) {
                    failure(FailureKind.STREAM_ERROR, "error in stream from " + source + " after " + chunks + " chunks: "
                            + Texts.quote(error, Texts.MAX_QUOTE_CHARS, redact));
                    return r;
                }
                chunks++;
                listener.onChunk(decoder.hasChoices(), decoder.content(), now);
                if (decoder.hasUsage()) {
                    listener.onUsage(decoder.promptTokens(), decoder.completionTokens());
                }
                if (decoder.finished()) {
                    finishSeen = true;
                }
            }
            case MALFORMED -> {
                if (errorEvent) {
                    failure(FailureKind.STREAM_ERROR, "error in stream from " + source + " after " + chunks + " chunks: "
                            + Texts.quote(buf, off, len, Texts.MAX_QUOTE_CHARS, redact));
                } else {
                    malformed(decoder.problem(), buf, off, len);
                }
            }
            case INCOMPLETE -> {
                // wait for the next data line
            }
        }
        return r;
    }

    private void malformed(String problem, byte[] buf, int off, int len) {
        failure(FailureKind.MALFORMED, "malformed data in stream from " + source + " after " + chunks + " chunks: "
                + Texts.quote(problem, 160, redact) + "; data: " + Texts.quote(buf, off, len, 200, redact));
    }

    private boolean hold(byte[] buf, int off, int len) {
        int need = pendingLen + len;
        if (need > SseParser.DEFAULT_MAX_LINE_BYTES) {
            pendingLen = 0;
            parser.stop();
            onLineTooLong(SseParser.DEFAULT_MAX_LINE_BYTES);
            return false;
        }
        if (need > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(need, Math.max(256, pending.length * 2)));
        }
        System.arraycopy(buf, off, pending, pendingLen, len);
        pendingLen = need;
        return true;
    }

    private void done() {
        complete();
        done = true;
    }

    private void drain(long n) {
        bytesAfterDone += n;
        if (bytesAfterDone > MAX_BYTES_AFTER_DONE) {
            parser.stop();
        }
    }

    private void complete() {
        finished = true;
        listener.onComplete(now);
    }

    private void failure(FailureKind kind, String message) {
        finished = true;
        parser.stop();
        listener.onFailure(kind, redact.apply(message), httpStatus, now);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isDone(byte[] b, int off, int len) {
        return len == 6 && b[off] == '[' && b[off + 1] == 'D' && b[off + 2] == 'O' && b[off + 3] == 'N'
                && b[off + 4] == 'E' && b[off + 5] == ']';
    }
}
