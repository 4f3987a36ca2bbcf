package io.llmbench.store.internal;

import java.util.Arrays;

/**
 * Packs inter-token gaps (microseconds) into bytes: each value zig-zag encoded as an unsigned
 * LEB128 varint, so typical gaps (under 16 ms) take two bytes instead of four, and the gaps of
 * consecutive records are concatenated into one block.
 */
final class ItlCodec {
    private static final int[] NONE = new int[0];

    private ItlCodec() {
    }

    /** Bytes the values take when packed. */
    static int packedSize(int[] values) {
        int n = 0;
        for (int v : values) {
            int z = (v << 1) ^ (v >> 31);
            n += z >>> 7 == 0 ? 1 : z >>> 14 == 0 ? 2 : z >>> 21 == 0 ? 3 : z >>> 28 == 0 ? 4 : 5;
        }
        return n;
    }

    /** A growable buffer of packed gaps. Not thread-safe. */
    static final class Packer {
        private byte[] buf = new byte[1 << 16];
        private int size;

        void add(int[] values) {
            if (size + values.length * 5 > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + values.length * 5));
            }
            int p = size;
            for (int v : values) {
                int z = (v << 1) ^ (v >> 31);
                while ((z & ~0x7F) != 0) {
                    buf[p++] = (byte) ((z & 0x7F) | 0x80);
                    z >>>= 7;
                }
                buf[p++] = (byte) z;
            }
            size = p;
        }

        int size() {
            return size;
        }

        /** The packed bytes so far; empties the buffer. */
        byte[] take() {
            byte[] out = Arrays.copyOf(buf, size);
            size = 0;
            return out;
        }
    }

    /** Reads packed gaps in order. Not thread-safe. */
    static final class Unpacker {
        private final byte[] bytes;
        private int pos;

        Unpacker(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * The next {@code count} values.
         *
         * @throws IllegalArgumentException when the bytes end first or hold a value longer than 5 bytes
         */
        int[] next(int count) {
            if (count == 0) {
                return NONE;
            }
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                int z = 0;
                int shift = 0;
                byte b;
                do {
                    if (pos >= bytes.length) {
                        throw new IllegalArgumentException("packed gaps must hold " + count + " more values, but the block of "
                                + bytes.length + " bytes ended after " + i);
                    }
                    if (shift > 28) {
                        throw new IllegalArgumentException("packed gap must fit 5 bytes, but the one at byte " + pos + " is longer");
                    }
                    b = bytes[pos++];
                    z |= (b & 0x7F) << shift;
                    shift += 7;
                } while (b < 0);
                out[i] = (z >>> 1) ^ -(z & 1);
            }
            return out;
        }

        boolean exhausted() {
            return pos == bytes.length;
        }
    }
}
