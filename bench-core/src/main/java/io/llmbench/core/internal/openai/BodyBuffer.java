package io.llmbench.core.internal.openai;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Collects a response body in memory up to a limit, counting what goes beyond it. Not thread-safe. */
final class BodyBuffer {
    byte[] bytes = new byte[1024];
    int length;
    long seen;

    /** Keeps up to {@code keep} bytes in all, counts the rest; the buffer's position moves to its limit. */
    void collect(ByteBuffer b, int keep) {
        int n = b.remaining();
        seen += n;
        int take = Math.min(n, keep - length);
        if (take > 0) {
            ensure(take, keep);
            b.get(bytes, length, take);
            length += take;
        }
        b.position(b.limit());
    }

    /** Room for {@code take} more bytes, growing towards at most {@code keep}. */
    byte[] ensure(int take, int keep) {
        if (length + take > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + take, Math.min(keep, bytes.length * 2)));
        }
        return bytes;
    }
}
