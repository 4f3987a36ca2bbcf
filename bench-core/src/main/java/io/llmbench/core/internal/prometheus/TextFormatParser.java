package io.llmbench.core.internal.prometheus;

import io.llmbench.core.server.FamilyType;
import java.util.HashMap;
import java.util.Map;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4, what vLLM, SGLang, TGI and
 * the DCGM exporter serve), written here because the Prometheus Java client only writes it.
 *
 * <p>The rules it applies, each with a test in {@code TextFormatParserTest}:
 * <ul>
 * <li>lines end with {@code \n} (a {@code \r} before it is dropped); empty and blank lines are skipped;</li>
 * <li>{@code # HELP name text} keeps the text with {@code \\} and {@code \n} unescaped;
 *     {@code # TYPE name counter|gauge|histogram|summary|untyped} sets the family's type, once
 *     per name; any other line starting with {@code #} is a comment;</li>
 * <li>a sample is {@code name[{labels}] value [timestamp]}, tokens separated by spaces or tabs;</li>
 * <li>a metric name matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, a label name {@code [a-zA-Z_][a-zA-Z0-9_]*};</li>
 * <li>labels are {@code name="value"} separated by commas, a trailing comma allowed, spaces
 *     allowed around the tokens; a label name appears at most once; values unescape
 *     {@code \\}, {@code \"} and {@code \n};</li>
 * <li>values are floating point numbers, {@code NaN}, {@code +Inf}, {@code -Inf} or {@code Inf};</li>
 * <li>the optional timestamp is an integer of milliseconds since the epoch;</li>
 * <li>{@code name_bucket}, {@code name_sum}, {@code name_count} (and {@code name_created}) of a
 *     histogram, {@code name_sum}, {@code name_count} of a summary and {@code name_total} of a
 *     counter (OpenMetrics style) belong to the family {@code name}; samples of a family without
 *     a TYPE line are untyped;</li>
 * <li>an OpenMetrics exemplar ({@code # {...} value} after the sample) is ignored.</li>
 * </ul>
 * A line that breaks a rule fails the whole text with a {@link ExpositionFormatException} naming
 * the line, the rule and what was found, as Prometheus fails such a scrape.
 *
 * <p>The static methods are thread-safe. An instance keeps the names, label values and series
 * texts it has seen, so that parsing the next scrape of the same server allocates almost no new
 * strings; an instance is not thread-safe.
 */
public final class TextFormatParser {
    private static final String[] NO_LABELS = new String[0];
    private static final String[] SUFFIXES = {"_bucket", "_sum", "_count", "_total", "_created"};
    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18};

    private final Strings strings = new Strings();

    /** A parser for repeated scrapes of one source. */
    public TextFormatParser() {
    }

    /**
     * Parses a text, handing every sample to {@code sink}, with this instance's strings.
     *
     * @throws ExpositionFormatException when a line breaks a rule of the format
     */
    public Map<String, String[]> read(CharSequence text, SampleSink sink) {
        return new Run(text, sink, strings).all();
    }

    /** Receives the samples of one text in order. */
    @FunctionalInterface
    public interface SampleSink {
        /**
         * One sample.
         *
         * @param family    the family the sample belongs to (its name without {@code _bucket} etc.)
         * @param type      the family's type
         * @param name      the sample's metric name as written
         * @param labels    label names and values alternating, in the order written; do not modify
         * @param value     the value
         * @param timestamp milliseconds since the epoch, or {@link Long#MIN_VALUE} when absent
         * @param series    the sample's name and labels as written, one String instance per distinct
         *                  text for the parser's lifetime: a key for the series
         */
        void sample(String family, FamilyType type, String name, String[] labels, double value, long timestamp, String series);
    }

    /**
     * Parses a whole text into families and samples.
     *
     * @throws ExpositionFormatException when a line breaks a rule of the format
     */
    public static Exposition parse(CharSequence text) {
        Exposition.Builder b = new Exposition.Builder();
        Map<String, String[]> meta = parse(text, (family, type, name, labels, value, timestamp, series) ->
                b.add(family, type, name, labels, value, timestamp));
        b.families(meta);
        return b.build();
    }

    /**
     * Parses a text, handing every sample to {@code sink}.
     *
     * @return help and type by family name: {@code [type name or null, help text or null]}
     * @throws ExpositionFormatException when a line breaks a rule of the format
     */
    public static Map<String, String[]> parse(CharSequence text, SampleSink sink) {
        return new TextFormatParser().read(text, sink);
    }

    /** One parse: a cursor over the text. */
    private static final class Run {
        private final CharSequence s;
        private final SampleSink sink;
        private final int n;
        private final Map<String, FamilyType> types = new HashMap<>();
        private final Map<String, String[]> meta = new HashMap<>();
        private final Map<String, String> families = new HashMap<>();
        private final Strings strings;
        private final StringBuilder buf = new StringBuilder();
        private String[] scratch = new String[16];
        private int line;
        private int pos;
        private int end;   // end of the current line (exclusive, before \r\n)

        Run(CharSequence text, SampleSink sink, Strings strings) {
            this.s = text;
            this.sink = sink;
            this.n = text.length();
            this.strings = strings;
        }

        Map<String, String[]> all() {
            int start = 0;
            while (start < n) {
                line++;
                int nl = start;
                while (nl < n && s.charAt(nl) != '\n') {
                    nl++;
                }
                end = nl > start && s.charAt(nl - 1) == '\r' ? nl - 1 : nl;
                pos = start;
                skipBlanks();
                if (pos < end) {
                    if (s.charAt(pos) == '#') {
                        comment();
                    } else {
                        sample();
                    }
                }
                start = nl + 1;
            }
            return meta;
        }

        private void comment() {
            pos++;
            skipBlanks();
            int word = pos;
            while (pos < end && !blank(s.charAt(pos))) {
                pos++;
            }
            String keyword = s.subSequence(word, pos).toString();
            boolean help = keyword.equals("HELP");
            if (!help && !keyword.equals("TYPE")) {
                return; // a comment (or OpenMetrics' # UNIT / # EOF)
            }
            skipBlanks();
            String name = metricName(keyword + " line");
            if (help) {
                if (pos < end && !blank(s.charAt(pos))) {
                    throw fail("a blank after the metric name of a HELP line", "'" + s.charAt(pos) + "'");
                }
                skipBlanks();
                meta.computeIfAbsent(name, k -> new String[2])[1] = helpText();
                return;
            }
            skipBlanks();
            int t = pos;
            while (pos < end && !blank(s.charAt(pos))) {
                pos++;
            }
            String typeName = s.subSequence(t, pos).toString();
            FamilyType type = FamilyType.of(typeName);
            if (type == null) {
                throw fail("a type of counter, gauge, histogram, summary or untyped", "'" + typeName + "'");
            }
            skipBlanks();
            if (pos < end) {
                throw fail("the end of the line after the type", "'" + s.subSequence(pos, end) + "'");
            }
            if (types.putIfAbsent(name, type) != null) {
                throw fail("at most one TYPE line per metric name", "a second one for " + name);
            }
            families.clear();
            meta.computeIfAbsent(name, k -> new String[2])[0] = type.text();
        }

        private String helpText() {
            buf.setLength(0);
            while (pos < end) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < end) {
                    char e = s.charAt(pos);
                    if (e == 'n') {
                        buf.append('\n');
                        pos++;
                        continue;
                    }
                    if (e == '\\') {
                        buf.append('\\');
                        pos++;
                        continue;
                    }
                }
                buf.append(c);
            }
            return buf.toString();
        }

        private void sample() {
            int seriesStart = pos;
            String name = metricName("sample");
            String[] labels = NO_LABELS;
            String series = null;
            skipBlanks();
            if (pos < end && s.charAt(pos) == '{') {
                // a series seen before (same text) was checked then: take its labels, skip the parse
                int close = labelsEnd(pos);
                int slot = close < 0 ? -1 : strings.slot(s, seriesStart, close);
                if (slot >= 0 && strings.value(slot) != null) {
                    series = strings.key(slot);
                    labels = (String[]) strings.value(slot);
                    pos = close;
                } else {
                    labels = labels();
                    if (slot >= 0 && pos == close) {
                        slot = strings.slot(s, seriesStart, close); // the table may have grown while the labels were read
                        series = strings.key(slot);
                        strings.value(slot, labels);
                    }
                }
                skipBlanks();
            } else if (pos > 0 && pos < end && !blank(s.charAt(pos - 1))) {
                throw fail("'{', a blank or the end of the metric name", "'" + s.charAt(pos) + "'");
            }
            int seriesEnd = pos;
            while (seriesEnd > seriesStart && blank(s.charAt(seriesEnd - 1))) {
                seriesEnd--;
            }
            int v = pos;
            while (pos < end && !blank(s.charAt(pos))) {
                pos++;
            }
            if (v == pos) {
                throw fail("a value after " + name, "the end of the line");
            }
            double value = value(v, pos);
            long timestamp = Long.MIN_VALUE;
            skipBlanks();
            if (pos < end && s.charAt(pos) != '#') {
                int t = pos;
                while (pos < end && !blank(s.charAt(pos))) {
                    pos++;
                }
                timestamp = timestamp(t, pos);
                skipBlanks();
            }
            if (pos < end && s.charAt(pos) != '#') {
                throw fail("the end of the line after the timestamp", "'" + s.subSequence(pos, end) + "'");
            }
            String family = families.computeIfAbsent(name, this::family);
            FamilyType type = types.get(family);
            if (series == null) {
                series = labels.length == 0 ? name : intern(seriesStart, seriesEnd);
            }
            sink.sample(family, type == null ? FamilyType.UNTYPED : type, name, labels, value, timestamp, series);
        }

        /** The index just after the '}' closing the labels opened at {@code open}, skipping quoted values; -1 when none. */
        private int labelsEnd(int open) {
            boolean quoted = false;
            for (int i = open + 1; i < end; i++) {
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '}') {
                    return i + 1;
                }
            }
            return -1;
        }

        /** The family of a sample name: histogram and summary parts map to their base name. */
        private String family(String name) {
            if (types.containsKey(name)) {
                return name;
            }
            for (String suffix : SUFFIXES) {
                if (name.endsWith(suffix)) {
                    String base = name.substring(0, name.length() - suffix.length());
                    FamilyType t = types.get(base);
                    if (t == null) {
                        continue;
                    }
                    boolean part = switch (t) {
                        case HISTOGRAM -> !suffix.equals("_total");
                        case SUMMARY -> !suffix.equals("_total") && !suffix.equals("_bucket");
                        case COUNTER -> suffix.equals("_total") || suffix.equals("_created");
                        default -> false;
                    };
                    if (part) {
                        return base;
                    }
                }
            }
            return name;
        }

        private String metricName(String where) {
            int start = pos;
            if (pos >= end || !nameStart(s.charAt(pos), true)) {
                throw fail("a metric name in a " + where + " matching [a-zA-Z_:][a-zA-Z0-9_:]*",
                        pos >= end ? "the end of the line" : "'" + s.charAt(pos) + "'");
            }
            pos++;
            while (pos < end && namePart(s.charAt(pos), true)) {
                pos++;
            }
            return intern(start, pos);
        }

        private String[] labels() {
            pos++; // '{'
            String[] out = scratch;
            int count = 0;
            while (true) {
                skipBlanks();
                if (pos >= end) {
                    throw fail("'}' closing the labels", "the end of the line");
                }
                if (s.charAt(pos) == '}') {
                    pos++;
                    break;
                }
                int start = pos;
                if (!nameStart(s.charAt(pos), false)) {
                    throw fail("a label name matching [a-zA-Z_][a-zA-Z0-9_]*", "'" + s.charAt(pos) + "'");
                }
                pos++;
                while (pos < end && namePart(s.charAt(pos), false)) {
                    pos++;
                }
                String label = intern(start, pos);
                for (int i = 0; i < count; i += 2) {
                    if (out[i].equals(label)) {
                        throw fail("each label name at most once per sample", "label " + label + " twice");
                    }
                }
                skipBlanks();
                if (pos >= end || s.charAt(pos) != '=') {
                    throw fail("'=' after label name " + label, pos >= end ? "the end of the line" : "'" + s.charAt(pos) + "'");
                }
                pos++;
                skipBlanks();
                if (pos >= end || s.charAt(pos) != '"') {
                    throw fail("a quoted value for label " + label, pos >= end ? "the end of the line" : "'" + s.charAt(pos) + "'");
                }
                pos++;
                String value = labelValue(label);
                if (count + 2 > out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                    scratch = out;
                }
                out[count++] = label;
                out[count++] = value;
                skipBlanks();
                if (pos < end && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos >= end || s.charAt(pos) != '}') {
                    throw fail("',' or '}' after the value of label " + label, pos >= end ? "the end of the line" : "'" + s.charAt(pos) + "'");
                }
            }
            return java.util.Arrays.copyOf(out, count);
        }

        private String labelValue(String label) {
            int start = pos;
            while (pos < end) {
                char c = s.charAt(pos);
                if (c == '"') {
                    String v = intern(start, pos);
                    pos++;
                    return v;
                }
                if (c == '\\') {
                    return escapedLabelValue(start, label);
                }
                pos++;
            }
            throw fail("a closing '\"' for the value of label " + label, "the end of the line");
        }

        private String escapedLabelValue(int start, String label) {
            buf.setLength(0);
            buf.append(s, start, pos);
            while (pos < end) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return buf.toString();
                }
                if (c == '\\') {
                    if (pos >= end) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '\\' -> buf.append('\\');
                        case '"' -> buf.append('"');
                        case 'n' -> buf.append('\n');
                        default -> throw fail("an escape of \\\\, \\\" or \\n in the value of label " + label, "'\\" + e + "'");
                    }
                } else {
                    buf.append(c);
                }
            }
            throw fail("a closing '\"' for the value of label " + label, "the end of the line");
        }

        private double value(int from, int to) {
            int len = to - from;
            char c = s.charAt(from);
            if (c == 'N' && len == 3 && s.charAt(from + 1) == 'a' && s.charAt(from + 2) == 'N') {
                return Double.NaN;
            }
            int i = c == '+' || c == '-' ? from + 1 : from;
            if (to - i == 3 && (s.charAt(i) == 'I' || s.charAt(i) == 'i') && s.charAt(i + 1) == 'n' && s.charAt(i + 2) == 'f') {
                return c == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            long whole = 0;
            boolean integer = len <= 18;
            for (int k = i; k < to && integer; k++) {
                char d = s.charAt(k);
                if (d < '0' || d > '9') {
                    integer = false;
                } else {
                    whole = whole * 10 + (d - '0');
                }
            }
            if (integer && to > i) {
                return c == '-' ? -whole : whole;
            }
            double decimal = decimal(i, to);
            if (!Double.isNaN(decimal)) {
                return c == '-' ? -decimal : decimal;
            }
            String text = s.subSequence(from, to).toString();
            for (int k = 0; k < text.length(); k++) {
                char d = text.charAt(k);
                // Java also reads "Infinity", hex floats and a trailing d/f: not the format's numbers
                if (!(d >= '0' && d <= '9' || d == '.' || d == 'e' || d == 'E' || d == '+' || d == '-')) {
                    throw fail("a value that is a number, NaN, +Inf or -Inf", "'" + text + "'");
                }
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw fail("a value that is a number, NaN, +Inf or -Inf", "'" + text + "'");
            }
        }

        /**
         * {@code digits.digits} with at most 15 significant digits, exactly as Double.parseDouble
         * reads it (one correctly rounded division of two exact doubles); NaN for anything else.
         */
        private double decimal(int from, int to) {
            long mantissa = 0;
            int digits = 0;
            int scale = -1;
            for (int k = from; k < to; k++) {
                char d = s.charAt(k);
                if (d == '.' && scale < 0) {
                    scale = 0;
                } else if (d >= '0' && d <= '9') {
                    mantissa = mantissa * 10 + (d - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    if (scale >= 0) {
                        scale++;
                    }
                } else {
                    return Double.NaN;
                }
            }
            if (scale <= 0 || digits > 15 || scale >= POWERS.length) {
                return Double.NaN;
            }
            return mantissa / POWERS[scale];
        }

        private long timestamp(int from, int to) {
            int i = from;
            boolean negative = s.charAt(i) == '-';
            if (negative || s.charAt(i) == '+') {
                i++;
            }
            if (i == to || to - i > 18) {
                throw fail("a timestamp of integer milliseconds", "'" + s.subSequence(from, to) + "'");
            }
            long t = 0;
            for (; i < to; i++) {
                char d = s.charAt(i);
                if (d < '0' || d > '9') {
                    throw fail("a timestamp of integer milliseconds", "'" + s.subSequence(from, to) + "'");
                }
                t = t * 10 + (d - '0');
            }
            return negative ? -t : t;
        }

        /** One String per distinct name or value, so repeated labels share it and most need no new String. */
        private String intern(int from, int to) {
            return strings.intern(s, from, to);
        }

        private void skipBlanks() {
            while (pos < end && blank(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean blank(char c) {
            return c == ' ' || c == '\t';
        }

        private static boolean nameStart(char c, boolean colon) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || colon && c == ':';
        }

        private static boolean namePart(char c, boolean colon) {
            return nameStart(c, colon) || c >= '0' && c <= '9';
        }

        private ExpositionFormatException fail(String expected, String found) {
            return new ExpositionFormatException(line, "line " + line + " must have " + expected + ", but had " + found);
        }
    }

    /**
     * Strings seen by one parser: an open-addressing table looked up by a range of the text, so a
     * string seen before costs a hash and a comparison, no allocation. Cleared when it grows past
     * {@value #MAX}.
     */
    private static final class Strings {
        private static final int MAX = 1 << 16;
        private String[] table = new String[1024];
        private Object[] values = new Object[1024];
        private int size;

        String intern(CharSequence s, int from, int to) {
            int slot = slot(s, from, to); // first: it may replace the table
            return table[slot];
        }

        /** The slot of the string equal to {@code s[from, to)}, added when new. */
        int slot(CharSequence s, int from, int to) {
            int h = 0;
            for (int i = from; i < to; i++) {
                h = 31 * h + s.charAt(i);
            }
            int mask = table.length - 1;
            int i = mix(h) & mask;
            int len = to - from;
            while (true) {
                String t = table[i];
                if (t == null) {
                    break;
                }
                if (t.length() == len && t.hashCode() == h && same(t, s, from)) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            String created = s.subSequence(from, to).toString();
            if (size >= MAX) {
                table = new String[1024];
                values = new Object[1024];
                size = 0;
            } else if (2 * (size + 1) > table.length) {
                grow();
            }
            return put(created, null);
        }

        String key(int slot) {
            return table[slot];
        }

        Object value(int slot) {
            return values[slot];
        }

        void value(int slot, Object value) {
            values[slot] = value;
        }

        private static boolean same(String t, CharSequence s, int from) {
            for (int k = 0; k < t.length(); k++) {
                if (t.charAt(k) != s.charAt(from + k)) {
                    return false;
                }
            }
            return true;
        }

        private void grow() {
            String[] old = table;
            Object[] oldValues = values;
            table = new String[old.length * 2];
            values = new Object[old.length * 2];
            size = 0;
            for (int i = 0; i < old.length; i++) {
                if (old[i] != null) {
                    put(old[i], oldValues[i]);
                }
            }
        }

        private int put(String t, Object value) {
            int mask = table.length - 1;
            int i = mix(t.hashCode()) & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = t;
            values[i] = value;
            size++;
            return i;
        }

        private static int mix(int h) {
            return h ^ (h >>> 16);
        }
    }
}
