package io.llmbench.store.internal;

import java.util.Arrays;

/**
 * Packs inter-token gaps (microseconds) into bytes: each value zig-zag encoded as an unsigned
 * LEB128 varint, so typical gaps (under 16 ms) take two bytes instead of four. Stateless.
 */
final class ItlCodec {
    private static final int[] NONE = new int[0];

    private ItlCodec() {
    }

    /** The packed gaps, or null when there are none. */
    static byte[] encode(int[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        byte[] out = new byte[values.length * 5];
        int p = 0;
        for (int v : values) {
            int z = (v << 1) ^ (v >> 31);
            while ((z & ~0x7F) != 0) {
                out[p++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            out[p++] = (byte) z;
        }
        return Arrays.copyOf(out, p);
    }

    /**
     * Unpacks what {@link #encode} wrote; null gives no gaps.
     *
     * @throws IllegalArgumentException when the bytes end inside a value or a value is too long
     */
    static int[] decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return NONE;
        }
        int n = 0;
        for (byte b : bytes) {
            if (b >= 0) {
                n++;
            }
        }
        if (bytes[bytes.length - 1] < 0) {
            throw new IllegalArgumentException("itl bytes must end with a complete varint, but the last of "
                    + bytes.length + " bytes continues");
        }
        int[] out = new int[n];
        int p = 0;
        for (int i = 0; i < n; i++) {
            int z = 0;
            int shift = 0;
            byte b;
            do {
                if (shift > 28) {
                    throw new IllegalArgumentException("itl varint must fit 5 bytes, but value " + i + " is longer");
                }
                b = bytes[p++];
                z |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            out[i] = (z >>> 1) ^ -(z & 1);
        }
        return out;
    }
}
