package io.llmbench.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmbench.core.FailureKind;
import io.llmbench.core.TokenSource;
import io.llmbench.core.internal.TextLimits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.argument.Argument;

/** Conversions between Java values and column values shared by the writer and the reader. Stateless. */
final class Columns {
    /** Longest text a {@code VARCHAR} column without a length holds (H2's limit). */
    static final int MAX_TEXT = TextLimits.TEXT;
    /** Longest text of a {@code VARCHAR(1000)} column. */
    static final int MAX_NAME = TextLimits.NAME;
    /** Longest text of a {@code VARCHAR(4000)} column. */
    static final int MAX_LONG_NAME = TextLimits.LONG_NAME;

    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private Columns() {
    }

    /** Instants are kept to the microsecond, the finest both H2 and PostgreSQL store. */
    static Instant truncate(Instant i) {
        return i.truncatedTo(ChronoUnit.MICROS);
    }

    /** Binds an instant as a UTC {@code TIMESTAMP WITH TIME ZONE}. */
    static Argument timestamp(Instant instant) {
        OffsetDateTime value = truncate(instant).atOffset(ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, value);
    }

    /** Binds a double; NaN becomes SQL NULL. */
    static Argument real(double value) {
        return (position, statement, ctx) -> {
            if (Double.isNaN(value)) {
                statement.setNull(position, Types.DOUBLE);
            } else {
                statement.setDouble(position, value);
            }
        };
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A double column; NULL reads as NaN. */
    static double real(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : d;
    }

    static String failures(Map<FailureKind, Long> failures) {
        return write(failures);
    }

    static String tokenSources(Map<TokenSource, Long> sources) {
        return write(sources);
    }

    static String warnings(List<String> warnings) {
        return write(warnings);
    }

    static Map<FailureKind, Long> failures(String json) {
        Map<FailureKind, Long> out = new EnumMap<>(FailureKind.class);
        read(json, COUNTS).forEach((k, v) -> out.put(FailureKind.valueOf(k), v));
        return out;
    }

    static Map<TokenSource, Long> tokenSources(String json) {
        Map<TokenSource, Long> out = new EnumMap<>(TokenSource.class);
        read(json, COUNTS).forEach((k, v) -> out.put(TokenSource.valueOf(k), v));
        return out;
    }

    static List<String> warnings(String json) {
        return read(json, STRINGS);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write " + value + " as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column must hold " + type.getType() + ", but was '" + json + "'", e);
        }
    }

    /**
     * Checks a text value fits its column.
     *
     * @throws IllegalArgumentException naming the field, the limit and the actual length
     */
    static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, but was "
                    + value.length() + " characters");
        }
    }
}
