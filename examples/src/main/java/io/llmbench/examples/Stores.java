package io.llmbench.examples;

import io.llmbench.store.ResultStore;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens the store an example program is pointed at with {@code --store}:
 * <ul>
 *   <li>{@code h2:PATH}: an embedded H2 file ({@code PATH.mv.db}) that several processes may share;</li>
 *   <li>{@code jdbc:postgresql://HOST:PORT/DB}: PostgreSQL. The user comes from {@code --db-user},
 *       else the environment variable {@code PGUSER}, else {@code postgres}; the password only from
 *       the environment variable {@code PGPASSWORD}, so it never appears in a process list.
 *       {@code --schema} keeps the store's tables in their own schema.</li>
 * </ul>
 * Stateless and thread-safe. Shared by the example programs and the service.
 */
public final class Stores {
    /** The store used when none is given: an H2 file in the working directory. */
    public static final String DEFAULT_STORE = "h2:llmbench-results";

    private Stores() {
    }

    /**
     * Opens a store.
     *
     * @param spec   {@code h2:PATH} or a {@code jdbc:postgresql:} URL
     * @param schema a schema for the tables, or null for the connection's current schema
     * @param user   a PostgreSQL user, or null for {@code PGUSER} / {@code postgres}
     * @throws IllegalArgumentException when the spec is neither form
     */
    public static ResultStore open(String spec, String schema, String user) {
        if (spec.startsWith("h2:")) {
            String file = spec.substring(3);
            if (file.isBlank()) {
                throw new IllegalArgumentException("store h2:PATH must name a file, but was '" + spec + "'");
            }
            ResultStore.Builder b = ResultStore.builder().h2File(Path.of(file));
            if (schema != null) {
                b.schema(schema);
            }
            return b.open();
        }
        if (spec.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(spec);
            String u = user != null ? user : System.getenv().getOrDefault("PGUSER", "postgres");
            ds.setUser(u);
            String password = System.getenv("PGPASSWORD");
            if (password != null) {
                ds.setPassword(password);
            }
            ds.setConnectTimeout(10);
            ResultStore.Builder b = ResultStore.builder().dataSource(ds);
            if (schema != null) {
                b.schema(schema);
            }
            return b.open();
        }
        throw new IllegalArgumentException("store must be h2:PATH or jdbc:postgresql://HOST:PORT/DB, but was '" + redact(spec) + "'");
    }

    /** The spec without anything that looks like a password ({@code password=...} parameters). */
    public static String redact(String spec) {
        return spec.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}
