package io.llmbench.core.internal.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a server-sent-events byte stream into lines and fields, as the
 * <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream">SSE
 * specification</a> describes, without decoding bytes into strings: a field's value is handed to the
 * {@link Handler} as a slice of a byte array.
 *
 * <p>Handled: lines ending in LF, CRLF or CR (also a CRLF split between two feeds), lines split across
 * any number of feeds, a leading UTF-8 byte-order mark, comment lines ({@code : ping}), fields with or
 * without a space after the colon ({@code data:x} and {@code data: x} both give {@code x}), and a line
 * with no colon (a field with an empty value). What a field means, and what to do at a blank line, is
 * the handler's business.
 *
 * <p>Usage: create one parser per stream, call {@link #feed} with the bytes as they arrive and
 * {@link #end()} when the stream ends. Not thread-safe: one stream, one thread at a time.
 *
 * <p>Slices passed to the handler are only valid during the call: the array may be the caller's
 * buffer or the parser's own, reused for the next line.
 */
public final class SseParser {
    /** The longest line accepted by default: 8 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 << 20;

    /** Receives the parsed lines of one stream. */
    public interface Handler {
        /** A {@code data} field; the slice is its value (one leading space removed). */
        void onData(byte[] buf, int off, int len);

        /** A blank line: the end of an event. */
        void onBlankLine();

        /**
         * Any other field ({@code event}, {@code id}, {@code retry} or unknown); {@code name} is the
         * field name decoded as UTF-8 only for the three known ones, the raw slice for others.
         *
         * @param name  the field name: {@code "event"}, {@code "id"}, {@code "retry"}, or null for others
         * @param line  the array holding the whole line
         * @param off   where the line starts
         * @param len   the line's length
         * @param value where the value starts (after the colon and one optional space); {@code off + len}
         *              when there is none
         */
        default void onOtherField(String name, byte[] line, int off, int len, int value) {
        }

        /** A comment line (starts with a colon), e.g. a keep-alive {@code : ping}. */
        default void onComment(byte[] buf, int off, int len) {
        }

        /** A line exceeded the size limit; the parser stops. */
        void onLineTooLong(int limit);
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final Handler handler;
    private final int maxLineBytes;
    private byte[] carry = new byte[256];
    private int carryLen;
    private boolean skipLf;
    private boolean started;
    private int bomMatched;
    private boolean stopped;
    private byte[] scratch;

    /** A parser with the {@link #DEFAULT_MAX_LINE_BYTES default line limit}. */
    public SseParser(Handler handler) {
        this(handler, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * @param maxLineBytes the longest line accepted; a longer one calls {@link Handler#onLineTooLong}
     *                     and stops the parser
     */
    public SseParser(Handler handler, int maxLineBytes) {
        this.handler = Objects.requireNonNull(handler, "handler");
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("maxLineBytes must be >= 16, but was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Stops the parser: later feeds are ignored. Handlers call it to stop reading. */
    public void stop() {
        stopped = true;
    }

    /** Whether {@link #stop()} was called or a line was too long. */
    public boolean isStopped() {
        return stopped;
    }

    /** Feeds the remaining bytes of a buffer (its position is advanced to its limit). */
    public void feed(ByteBuffer buffer) {
        int n = buffer.remaining();
        if (buffer.hasArray()) {
            int start = buffer.arrayOffset() + buffer.position();
            buffer.position(buffer.limit());
            feed(buffer.array(), start, n);
        } else {
            if (scratch == null || scratch.length < n) {
                scratch = new byte[Math.max(n, 4096)];
            }
            buffer.get(scratch, 0, n);
            feed(scratch, 0, n);
        }
    }

    /** Feeds bytes; a line that does not end in them is kept until a later feed completes it. */
    public void feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (stopped || len == 0) {
            return;
        }
        int i = off;
        int end = off + len;
        if (!started) {
            i = skipBom(buf, i, end);
            if (i < 0) {
                return; // all bytes so far are a BOM prefix
            }
        }
        if (skipLf && i < end) {
            skipLf = false;
            if (buf[i] == LF) {
                i++;
            }
        }
        int lineStart = i;
        while (i < end) {
            int eol = indexOfLineEnd(buf, i, end);
            if (eol < 0) {
                break;
            }
            byte c = buf[eol];
            if (carryLen > 0) {
                if (!append(buf, lineStart, eol - lineStart)) {
                    return;
                }
                int n = carryLen;
                carryLen = 0;
                line(carry, 0, n);
            } else {
                if (eol - lineStart > maxLineBytes) {
                    tooLong();
                    return;
                }
                line(buf, lineStart, eol - lineStart);
            }
            if (stopped) {
                return;
            }
            i = eol + 1;
            if (c == CR) {
                if (i < end) {
                    if (buf[i] == LF) {
                        i++;
                    }
                } else {
                    skipLf = true;
                }
            }
            lineStart = i;
        }
        if (lineStart < end) {
            append(buf, lineStart, end - lineStart);
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

    /**
     * The index of the first LF or CR in {@code buf[from, end)}, or -1. Looks at eight bytes at a time:
     * a byte equal to LF becomes zero after XOR with LFs, and the classic "has a zero byte" test
     * finds the lowest such byte exactly (bits above it may be false positives, which the lowest-bit
     * search ignores).
     */
    static int indexOfLineEnd(byte[] buf, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(buf, i);
            long lf = w ^ LFS;
            long cr = w ^ CRS;
            long hit = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; i < end; i++) {
            byte c = buf[i];
            if (c == LF || c == CR) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Ends the stream. A last line without a line end is still processed (the specification drops
     * it, but a truncated stream is easier to diagnose with it); no blank line is implied.
     */
    public void end() {
        if (stopped) {
            return;
        }
        if (!started && bomMatched > 0) {
            append(BOM, 0, bomMatched);
        }
        if (carryLen > 0) {
            int n = carryLen;
            carryLen = 0;
            line(carry, 0, n);
        }
        stopped = true;
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Drops a UTF-8 byte-order mark at the very start (it may be split across feeds). */
    private int skipBom(byte[] buf, int i, int end) {
        while (i < end) {
            if (buf[i] != BOM[bomMatched]) {
                started = true;
                append(BOM, 0, bomMatched); // what looked like a BOM start is line content
                return i;
            }
            i++;
            if (++bomMatched == BOM.length) {
                started = true;
                return i;
            }
        }
        return -1;
    }

    private boolean append(byte[] buf, int off, int len) {
        int need = carryLen + len;
        if (need > maxLineBytes) {
            tooLong();
            return false;
        }
        if (need > carry.length) {
            carry = Arrays.copyOf(carry, Math.min(Math.max(need, carry.length * 2), maxLineBytes));
        }
        System.arraycopy(buf, off, carry, carryLen, len);
        carryLen = need;
        return true;
    }

    private void tooLong() {
        stopped = true;
        carryLen = 0;
        handler.onLineTooLong(maxLineBytes);
    }

    private void line(byte[] b, int off, int len) {
        if (len == 0) {
            handler.onBlankLine();
            return;
        }
        if (b[off] == ':') {
            handler.onComment(b, off, len);
            return;
        }
        int end = off + len;
        int colon = off;
        while (colon < end && b[colon] != ':') {
            colon++;
        }
        int value = colon;
        if (colon < end) {
            value = colon + 1;
            if (value < end && b[value] == ' ') {
                value++;
            }
        }
        int nameLen = colon - off;
        if (nameLen == 4 && b[off] == 'd' && b[off + 1] == 'a' && b[off + 2] == 't' && b[off + 3] == 'a') {
            handler.onData(b, value, end - value);
        } else {
            handler.onOtherField(knownName(b, off, nameLen), b, off, len, value);
        }
    }

    private static String knownName(byte[] b, int off, int len) {
        if (matches(b, off, len, "event")) {
            return "event";
        }
        if (matches(b, off, len, "id")) {
            return "id";
        }
        if (matches(b, off, len, "retry")) {
            return "retry";
        }
        return null;
    }

    private static boolean matches(byte[] b, int off, int len, String ascii) {
        if (len != ascii.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (b[off + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
