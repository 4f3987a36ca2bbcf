package io.llmbench.core.internal.openai;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** Turns server text and exception messages into short, single-line, redacted message parts. */
final class Texts {
    /** The longest server text quoted in a failure message, in characters. */
    static final int MAX_QUOTE_CHARS = 300;
    /** How many bytes of server data are decoded (and redacted) before a quote is cut to size. */
    static final int QUOTE_WINDOW_BYTES = 4096;

    private Texts() {
    }

    /**
     * Redacts first, then flattens line breaks and control characters to spaces and cuts the text to
     * {@code maxChars}. Redacting before cutting means a cut can never leave part of a secret.
     */
    static String quote(String text, int maxChars, UnaryOperator<String> redact) {
        if (text == null) {
            return "";
        }
        String r = redact.apply(text);
        StringBuilder sb = new StringBuilder(Math.min(r.length(), maxChars + 3));
        boolean space = false;
        int i = 0;
        for (; i < r.length() && sb.length() < maxChars; i++) {
            char c = r.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        if (i < r.length() && !r.substring(i).isBlank()) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** Decodes at most {@link #QUOTE_WINDOW_BYTES} bytes as UTF-8 and {@linkplain #quote quotes} them. */
    static String quote(byte[] buf, int off, int len, int maxChars, UnaryOperator<String> redact) {
        String s = new String(buf, off, Math.min(len, QUOTE_WINDOW_BYTES), StandardCharsets.UTF_8);
        return quote(s, maxChars, redact);
    }

    /** The first non-null message in an exception's cause chain, else its class's simple name. */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank()) {
                return c == t ? m : m + " (" + t.getClass().getSimpleName() + ")";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return t.getClass().getSimpleName();
    }
}
