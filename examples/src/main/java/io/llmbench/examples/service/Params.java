package io.llmbench.examples.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of a request: a JSON object body, or the query string (whose values are text and
 * are read as numbers where numbers are asked for). Every accessor validates and throws an
 * {@link ApiException} (400) whose message names the field, the rule and the value; unknown fields
 * are refused so that a misspelt option is not silently ignored. Not thread-safe (one per request).
 */
final class Params {
    private static final int SHOWN_VALUE_CHARS = 60;
    /** Longest number a JSON body may hold, in characters. */
    static final int MAX_NUMBER_CHARS = 100;
    /** Deepest nesting of arrays and objects a JSON body may have. */
    static final int MAX_DEPTH = 32;
    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_CHARS).maxNestingDepth(MAX_DEPTH).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()).enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectNode node;
    private final String prefix;

    private Params(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /**
     * Parses a JSON object body; {@code allowed} are the field names the endpoint knows. Any JSON the
     * parser refuses (bad syntax, a number of more than {@value #MAX_NUMBER_CHARS} characters, nesting
     * deeper than {@value #MAX_DEPTH}) is a 400 naming the field where it stopped.
     */
    static Params json(byte[] body, Set<String> allowed) {
        JsonNode n;
        try (JsonParser parser = READER.createParser(body)) {
            try {
                n = body.length == 0 ? null : READER.readTree(parser);
            } catch (JsonProcessingException e) {
                String field = fieldAt(parser.getParsingContext());
                JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw ApiException.badRequest(field, "request body must be a JSON object, but could not be parsed at line "
                        + at.getLineNr() + ", column " + at.getColumnNr() + (field == null ? "" : " (field " + field + ")")
                        + ": " + shorten(String.valueOf(e.getOriginalMessage())));
            }
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(null, "request body could not be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw ApiException.badRequest(null, "request body must be a JSON object, but was "
                    + (n == null ? "empty" : n.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        Params p = new Params((ObjectNode) n, "");
        p.checkKnown(allowed);
        return p;
    }

    /** The dotted path of the field the parser was in, e.g. {@code slos[0].threshold}, or null at the top. */
    private static String fieldAt(JsonStreamContext c) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext x = c; x != null && !x.inRoot(); x = x.getParent()) {
            if (x.inObject() && x.getCurrentName() != null) {
                parts.add(0, x.getCurrentName());
            } else if (x.inArray()) {
                parts.add(0, "[" + Math.max(0, x.getCurrentIndex()) + "]");
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return String.join(".", parts).replace(".[", "[");
    }

    /** The query parameters (each at most once); {@code allowed} are the names the endpoint knows. */
    static Params query(Map<String, List<String>> query, Set<String> allowed) {
        ObjectNode n = READER.createObjectNode();
        query.forEach((name, values) -> {
            if (values.size() > 1) {
                throw ApiException.badRequest(name, "query parameter " + name + " must be given at most once, but was repeated");
            }
            n.put(name, values.isEmpty() ? "" : values.get(0));
        });
        Params p = new Params(n, "");
        p.checkKnown(allowed);
        return p;
    }

    private void checkKnown(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest(prefix + f, "field " + prefix + f + " is not known here; known fields are "
                        + new TreeSet<>(allowed) + ", but got '" + shorten(prefix + f) + "'");
            }
        }
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** A required number >= min. */
    double number(String field, double min) {
        if (!has(field)) {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be a number >= " + fmt(min) + ", but was missing");
        }
        return optionalNumber(field, min).getAsDouble();
    }

    /** An optional number >= min. */
    OptionalDouble optionalNumber(String field, double min) {
        if (!has(field)) {
            return OptionalDouble.empty();
        }
        JsonNode v = node.get(field);
        double d = Double.NaN;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
        }
        if (!(d >= min) || Double.isInfinite(d)) {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be a number >= " + fmt(min) + ", but was " + show(v));
        }
        return OptionalDouble.of(d);
    }

    /** An optional whole number in [min, max]. */
    long integer(String field, long defaultValue, long min, long max) {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode v = node.get(field);
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(v.asText().trim());
        } else {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be a whole number in [" + min + ", " + max + "], but was " + show(v));
        }
        if (n < min || n > max) {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be a whole number in [" + min + ", " + max + "], but was " + n);
        }
        return n;
    }

    /** A required non-blank text. */
    String text(String field) {
        return optionalText(field).orElseThrow(() -> ApiException.badRequest(prefix + field,
                prefix + field + " must be a non-blank text, but was missing"));
    }

    /** An optional non-blank text. */
    Optional<String> optionalText(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be a non-blank text, but was " + show(v));
        }
        return Optional.of(v.asText());
    }

    /** An optional text that must be one of {@code choices} (case-insensitive); returns it in lower case. */
    String choice(String field, String defaultValue, Set<String> choices) {
        Optional<String> v = optionalText(field);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String c = v.get().trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(c)) {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be one of " + new TreeSet<>(choices)
                    + ", but was " + show(node.get(field)));
        }
        return c;
    }

    /** An optional array of non-blank texts. */
    List<String> texts(String field) {
        List<String> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be an array of texts, but was " + show(v));
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                throw ApiException.badRequest(prefix + field, prefix + field + "[" + i + "] must be a non-blank text, but was " + show(e));
            }
            out.add(e.asText());
        }
        return out;
    }

    /** An optional array of objects, each with only the allowed fields. */
    List<Params> objects(String field, Set<String> allowed) {
        List<Params> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be an array of objects, but was " + show(v));
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(object(v.get(i), prefix + field + "[" + i + "]", allowed));
        }
        return out;
    }

    /** An optional object whose field names are free (e.g. by model) and whose values are objects with the allowed fields. */
    List<Named> namedObjects(String field, Set<String> allowed) {
        List<Named> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode v = node.get(field);
        if (!v.isObject()) {
            throw ApiException.badRequest(prefix + field, prefix + field + " must be an object, but was " + show(v));
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            out.add(new Named(name, object(v.get(name), prefix + field + "." + name, allowed)));
        }
        return out;
    }

    record Named(String name, Params params) {
    }

    private static Params object(JsonNode e, String path, Set<String> allowed) {
        if (!e.isObject()) {
            throw ApiException.badRequest(path, path + " must be an object, but was " + show(e));
        }
        Params p = new Params((ObjectNode) e, path + ".");
        p.checkKnown(allowed);
        return p;
    }

    /** The value as the client sent it, shortened: strings quoted, other JSON as written. */
    private static String show(JsonNode v) {
        String s = v.isTextual() ? "'" + v.asText() + "'" : v.isNumber() ? v.asText() : v.toString();
        return shorten(s);
    }

    private static String shorten(String s) {
        return s.length() <= SHOWN_VALUE_CHARS ? s : s.substring(0, SHOWN_VALUE_CHARS - 3) + "...";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
