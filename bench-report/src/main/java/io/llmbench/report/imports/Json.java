package io.llmbench.report.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reading fields of one file's JSON with errors that name the file, the field's path, the rule and
 * the value. Numbers may be JSON numbers or numeric strings (LLMPerf writes some as strings);
 * {@code null} and absent fields are "not there". Not thread-safe (one per file read).
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    final Path file;

    Json(Path file) {
        this.file = file;
    }

    PeerFormatException fail(String path, String rule, JsonNode value) {
        return new PeerFormatException(file, "field " + path + " " + rule + ", but was " + shown(value));
    }

    PeerFormatException fail(String path, String rule) {
        return new PeerFormatException(file, "field " + path + " " + rule);
    }

    static String shown(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "missing";
        }
        String s = v.toString();
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    static boolean present(JsonNode parent, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        return v != null && !v.isNull();
    }

    /** A number, or NaN when the field is absent or null. */
    double number(JsonNode parent, String parentPath, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        return number(v, path(parentPath, field));
    }

    /** A node that must be a finite number or a numeric string. */
    double number(JsonNode v, String path) {
        if (v.isNumber()) {
            return finite(v.doubleValue(), v, path);
        }
        if (v.isTextual()) {
            String t = v.asText().trim();
            if ("inf".equalsIgnoreCase(t) || "infinity".equalsIgnoreCase(t)) {
                return Double.POSITIVE_INFINITY;
            }
            try {
                return finite(Double.parseDouble(t), v, path);
            } catch (NumberFormatException e) {
                throw fail(path, "must be a number", v);
            }
        }
        throw fail(path, "must be a number", v);
    }

    private double finite(double d, JsonNode v, String path) {
        if (Double.isNaN(d)) {
            return d;
        }
        if (Double.isInfinite(d)) {
            throw fail(path, "must be a finite number", v);
        }
        return d;
    }

    /** A number that must be there. */
    double required(JsonNode parent, String parentPath, String field) {
        double d = number(parent, parentPath, field);
        if (Double.isNaN(d)) {
            throw fail(path(parentPath, field), "must be a number", parent == null ? null : parent.get(field));
        }
        return d;
    }

    /** A whole number >= 0, or -1 when absent. */
    long count(JsonNode parent, String parentPath, String field) {
        double d = number(parent, parentPath, field);
        if (Double.isNaN(d)) {
            return -1;
        }
        if (d < 0 || d != Math.rint(d)) {
            throw fail(path(parentPath, field), "must be a whole number >= 0", parent.get(field));
        }
        return (long) d;
    }

    /** Text, or null when absent or null. */
    static String text(JsonNode parent, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String t = v.isTextual() ? v.asText() : v.toString();
        return t.isBlank() ? null : t;
    }

    /** An object field, or null when absent or null; an error when it is something else. */
    JsonNode object(JsonNode parent, String parentPath, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw fail(path(parentPath, field), "must be an object", v);
        }
        return v;
    }

    /** An array field, or null when absent or null; an error when it is something else. */
    JsonNode array(JsonNode parent, String parentPath, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw fail(path(parentPath, field), "must be an array", v);
        }
        return v;
    }

    /**
     * An ISO-8601 time: with an offset, or without one (tools write local time without a zone),
     * read as UTC. Null when absent.
     */
    Instant time(JsonNode parent, String parentPath, String field) {
        String t = text(parent, field);
        if (t == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw fail(path(parentPath, field), "must be an ISO-8601 time", parent.get(field));
            }
        }
    }
}
