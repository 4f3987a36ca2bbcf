package io.llmbench.core.matrix;

import io.llmbench.core.Traffic;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The frozen text format of matrix cell keys (see {@code MatrixCell.key()}). Changing anything
 * here changes stored keys and breaks resume: don't. Thread-safe. Not API.
 */
final class CellKeys {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CellKeys() {
    }

    /** Appends a value with {@code %}, {@code ,}, {@code =} and control characters percent-encoded as UTF-8. */
    static void escape(StringBuilder sb, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' || c == ',' || c == '=' || c < 0x20 || c == 0x7F) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            } else {
                sb.append(c);
            }
        }
    }

    /** The shortest plain decimal: {@code 4}, {@code 0.5}, {@code 12.25}. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** The key's dimension name for a traffic mode: {@code concurrency}, {@code rate} or {@code sequential}. */
    static String trafficDimension(Traffic.Mode mode) {
        switch (mode) {
            case CONCURRENCY: return "concurrency";
            case RATE: return "rate";
            default: return "sequential";
        }
    }
}
