package io.llmbench.examples;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The test PostgreSQL server at 127.0.0.1:5432 (database {@code test}, user {@code postgres}, trust
 * auth). Tests that need it skip when it is unreachable, unless {@code LLMBENCH_REQUIRE_POSTGRES=1}
 * makes that a failure (CI). Each test uses a schema of its own and drops it afterwards.
 */
final class Postgres {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private Postgres() {
    }

    static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL + "?connectTimeout=3", USER, "")) {
            return c.isValid(3);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("LLMBENCH_REQUIRE_POSTGRES"))) {
                fail("PostgreSQL at " + URL + " must be reachable when LLMBENCH_REQUIRE_POSTGRES=1, but: " + e.getMessage());
            }
            return false;
        }
    }

    /** Skips the test when PostgreSQL is unreachable (fails instead when it is required). */
    static void assumeReachable() {
        Assumptions.assumeTrue(reachable(), "PostgreSQL at " + URL + " is not reachable");
    }

    /** A fresh schema name, lower case, unique to this call. */
    static String newSchema(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
    }

    static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }
}
