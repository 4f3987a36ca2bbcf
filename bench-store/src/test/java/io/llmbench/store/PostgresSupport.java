package io.llmbench.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the tests use: 127.0.0.1:5432, database {@code test}, user
 * {@code postgres}, trust authentication. Tests skip when it is unreachable, unless
 * {@code LLMBENCH_REQUIRE_POSTGRES=1}, which makes them fail instead (CI sets it).
 */
final class PostgresSupport {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private PostgresSupport() {
    }

    static PGSimpleDataSource dataSource(String currentSchema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(URL);
        ds.setUser("postgres");
        ds.setConnectTimeout(5);
        if (currentSchema != null) {
            ds.setCurrentSchema(currentSchema);
        }
        return ds;
    }

    /** Skips (or, when required, fails) the calling test when the server cannot be reached. */
    static void assumeReachable() {
        try (Connection c = dataSource(null).getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + URL + " is unreachable: " + e.getMessage();
            if ("1".equals(System.getenv("LLMBENCH_REQUIRE_POSTGRES"))) {
                Assertions.fail(message + " (LLMBENCH_REQUIRE_POSTGRES=1 makes PostgreSQL tests mandatory)", e);
            }
            Assumptions.abort(message);
        }
    }

    /** A fresh schema name, {@code llmbench_test_<random>}. */
    static String freshSchema(String infix) {
        return "llmbench_test_" + infix + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
