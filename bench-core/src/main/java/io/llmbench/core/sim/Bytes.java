package io.llmbench.core.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for building responses; one per thread, reused. Not thread-safe. */
final class Bytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf;
    private int len;

    Bytes(int capacity) {
        buf = new byte[capacity];
    }

    int length() {
        return len;
    }

    void reset() {
        len = 0;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    Bytes add(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    Bytes add(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    Bytes add(Bytes other) {
        return add(other.buf, 0, other.len);
    }

    /** Appends ASCII text (no check: callers pass ASCII only). */
    Bytes ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    Bytes utf8(String s) {
        return add(s.getBytes(StandardCharsets.UTF_8));
    }

    Bytes num(long v) {
        return ascii(Long.toString(v));
    }

    Bytes hex(int v) {
        ensure(8);
        int shift = 28;
        while (shift > 0 && ((v >>> shift) & 0xf) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            buf[len++] = HEX[(v >>> shift) & 0xf];
        }
        return this;
    }

    void set(int at, byte b) {
        buf[at] = b;
    }

    byte[] array() {
        return buf;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    ByteBuffer wrap() {
        return ByteBuffer.wrap(buf, 0, len);
    }

    /** Moves the bytes from {@code from} on to the end, {@code n} bytes later, leaving a gap. */
    void shift(int from, int n) {
        ensure(n);
        System.arraycopy(buf, from, buf, from + n, len - from);
        len += n;
    }

    void setAscii(int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[at + i] = (byte) s.charAt(i);
        }
    }
}
