package io.llmbench.core.internal;

/**
 * Derives independent, reproducible random seeds and stable hashes. The functions are fixed: the
 * same inputs give the same outputs in every process and version, because workloads and matrix
 * shards depend on them. Thread-safe. Not API.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix. */
    public static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for stream {@code index} of a generator seeded by {@code seed}. */
    public static long mix(long seed, long index) {
        return splitMix(splitMix(seed + 0x9E3779B97F4A7C15L) ^ splitMix(index * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
    }

    /** A stable 64-bit hash of a string's UTF-8 bytes (FNV-1a followed by the SplitMix64 finaliser). */
    public static long hash(String s) {
        long h = 0xCBF29CE484222325L;
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return splitMix(h);
    }
}
