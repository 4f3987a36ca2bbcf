package io.llmbench.store.internal;

import java.util.Locale;
import java.util.Map;

/** The databases the store supports, and what differs between them in the migrations. */
enum Dialect {
    H2("VARBINARY"),
    POSTGRESQL("BYTEA");

    private final String bytesType;

    Dialect(String bytesType) {
        this.bytesType = bytesType;
    }

    /** Flyway placeholders for the migration scripts: {@code ${bytes}} is the variable-length binary type. */
    Map<String, String> placeholders() {
        return Map.of("bytes", bytesType);
    }

    /**
     * The dialect of a JDBC product name.
     *
     * @throws IllegalArgumentException for databases other than H2 and PostgreSQL
     */
    static Dialect of(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.equals("h2")) {
            return H2;
        }
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("database must be H2 or PostgreSQL, but was '" + productName + "'");
    }
}
