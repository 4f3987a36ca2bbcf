package io.llmbench.report.internal;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Escaping for HTML text and attributes, and JSON safe to embed in a {@code <script>} element.
 * Stateless and thread-safe. Not API.
 */
public final class Html {
    private static final ObjectMapper SCRIPT_JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    static {
        SCRIPT_JSON.getFactory().setCharacterEscapes(new ScriptEscapes());
    }

    private Html() {
    }

    /**
     * Escapes text for an HTML element body or a quoted attribute value: {@code & < > " '}.
     * Null becomes the empty string.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(rep != null ? rep : "\uFFFD");
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * JSON for a {@code <script type="application/json">} element: {@code <}, {@code >},
     * {@code &}, {@code '} and the line separators U+2028/U+2029 are written as {@code \}{@code uXXXX}
     * escapes, so no {@code </script>}, {@code <!--} or {@code ]]>} can appear in the text.
     */
    public static String scriptJson(Object value) {
        try {
            return SCRIPT_JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode report data: " + e.getMessage(), e);
        }
    }

    private static final class ScriptEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        ScriptEscapes() {
            ascii = CharacterEscapes.standardAsciiEscapesForJSON();
            for (char c : new char[] {'<', '>', '&', '\''}) {
                ascii[c] = CharacterEscapes.ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            if (ch == 0x2029) {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }

    /** What separates a name from the load, workload or id that tell runs of one endpoint apart. */
    public static final String QUALIFIER = " · ";

    /**
     * Text shortened to {@code max} characters by cutting out its middle, where names that share
     * a prefix differ least: {@code graphon/graphon-Q…-30B-A3B-Instruct}. What follows the first
     * {@link #QUALIFIER} ({@code · 0.6 req/s}) is kept whole while the name before it can shrink
     * to 12 characters. report.js shortens chart labels the same way.
     */
    public static String middle(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int q = s.indexOf(QUALIFIER);
        if (q > 0) {
            String tail = s.substring(q);
            int room = max - tail.length();
            if (room >= 12) {
                return middle(s.substring(0, q), room) + tail;
            }
        }
        int keep = max - 1;
        int head = (keep + 1) / 2;
        return s.substring(0, head) + "…" + s.substring(s.length() - (keep - head));
    }
}
