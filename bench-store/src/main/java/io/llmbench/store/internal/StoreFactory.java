package io.llmbench.store.internal;

import io.llmbench.store.ResultStore;
import io.llmbench.store.StoreException;
import io.llmbench.store.StoreMigrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Opens stores: builds the H2 URLs and pools, detects the database, migrates. Not API. */
public final class StoreFactory {
    /** Connections an H2 store keeps at most (open record streams each hold one). */
    static final int H2_MAX_CONNECTIONS = 32;
    /** Attempts to open an H2 file that another process is opening at the same moment (about 10 s). */
    static final int H2_OPEN_ATTEMPTS = 50;
    private static final Pattern MEMORY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final String H2_SUFFIX = ".mv.db";

    private StoreFactory() {
    }

    /** Opens a store from the builder's settings; exactly one of the four locations must be set. */
    public static ResultStore open(Path h2File, String h2Memory, DataSource dataSource, Jdbi jdbi, String schema,
                                   boolean multiProcess, boolean requirePostgres) {
        int set = (h2File == null ? 0 : 1) + (h2Memory == null ? 0 : 1) + (dataSource == null ? 0 : 1) + (jdbi == null ? 0 : 1);
        if (set != 1) {
            throw new IllegalStateException("exactly one of h2File, h2InMemory, dataSource and jdbi must be set, but " + set + " were");
        }
        if (schema != null) {
            Tables.checkSchema(schema);
        }
        if (h2File != null) {
            return openH2(fileUrl(h2File, multiProcess), false, schema, requirePostgres);
        }
        if (h2Memory != null) {
            if (!MEMORY_NAME.matcher(h2Memory).matches()) {
                throw new IllegalArgumentException("in-memory database name must be 1 to 100 letters, digits, _ or -, but was '"
                        + h2Memory + "'");
            }
            return openH2("jdbc:h2:mem:" + h2Memory, true, schema, requirePostgres);
        }
        if (dataSource != null) {
            return openJdbi(Jdbi.create(dataSource), dataSource, schema, requirePostgres, false, () -> { });
        }
        return openJdbi(jdbi, new JdbiDataSource(jdbi), schema, requirePostgres, false, () -> { });
    }

    /** Reads an export without a database; see {@link ResultStore#checkImport}. */
    public static long checkImport(java.io.InputStream in) {
        return JdbiResultStore.readExport(in, run -> { });
    }

    /**
     * The JDBC URL of an H2 file store: absolute, without H2's {@code .mv.db} suffix, and in
     * automatic mixed mode (with reconnection) when several processes may open it.
     */
    static final String H2_BIND_ADDRESS = "h2.bindAddress";

    static {
        // H2 reads this property once, when its classes load: set it before the store touches H2
        keepAutoServerOnLoopback();
    }

    static String fileUrl(Path file, boolean multiProcess) {
        Path abs = file.toAbsolutePath().normalize();
        String path = abs.toString();
        if (path.endsWith(H2_SUFFIX)) {
            path = path.substring(0, path.length() - H2_SUFFIX.length());
        }
        if (path.indexOf(';') >= 0 || path.isEmpty()) {
            throw new IllegalArgumentException("H2 file path must not contain ';', but was '" + file + "'");
        }
        try {
            Path parent = abs.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreMigrationException("could not create the directory of the H2 file " + abs, e);
        }
        return "jdbc:h2:file:" + path + (multiProcess ? ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE" : "");
    }

    /**
     * H2's AUTO_SERVER mode opens a TCP server that other processes use to reach the file; by
     * default it listens on every interface. Unless the application chose an address itself,
     * keep it on loopback: the store is for processes on this machine. H2 reads the property only
     * when its classes first load, so an application that uses H2 before opening a store must set
     * {@code -Dh2.bindAddress} itself.
     */
    static void keepAutoServerOnLoopback() {
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
    }

    private static ResultStore openH2(String url, boolean inMemory, String schema, boolean requirePostgres) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(H2_MAX_CONNECTIONS);
        Connection keepAlive = null;
        try {
            if (inMemory) {
                // An in-memory database lives while a connection to it is open: keep one for the store's life.
                keepAlive = pool.getConnection();
            }
            Connection held = keepAlive;
            return openJdbi(Jdbi.create(pool), pool, schema, requirePostgres, true, () -> {
                try {
                    if (held != null) {
                        held.close();
                    }
                } catch (SQLException e) {
                    throw new StoreException("close", "could not close the in-memory database's connection", e);
                } finally {
                    pool.dispose();
                }
            });
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreMigrationException("could not open H2 database " + url, e);
        } catch (RuntimeException e) {
            closeQuietly(keepAlive);
            pool.dispose();
            throw e;
        }
    }

    private static ResultStore openJdbi(Jdbi jdbi, DataSource migrationSource, String schema, boolean requirePostgres,
                                        boolean retryOpen, Runnable onClose) {
        Dialect dialect;
        for (int attempt = 1; ; attempt++) {
            try {
                dialect = Dialect.of(productName(jdbi));
                break;
            } catch (JdbiException e) {
                // Another process may be creating or taking over the H2 file ("lock file recently modified").
                if (!retryOpen || attempt >= H2_OPEN_ATTEMPTS || !JdbiResultStore.isTransient(e)) {
                    throw new StoreMigrationException("could not connect to the database"
                            + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), e);
                }
                Migrations.sleep(100L + ThreadLocalRandom.current().nextInt(200));
            } catch (IllegalArgumentException e) {
                throw new StoreMigrationException(e.getMessage(), null);
            }
        }
        if (requirePostgres && dialect != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("dataSource must connect to PostgreSQL, but connects to " + dialect);
        }
        Migrations.migrate(migrationSource, dialect, schema);
        return new JdbiResultStore(jdbi, new Tables(schema), Durability.of(dialect, jdbi), onClose);
    }

    private static String productName(Jdbi jdbi) {
        return jdbi.withHandle(h -> {
            try {
                return h.getConnection().getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new StoreMigrationException("could not read the database's product name", e);
            }
        });
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the original exception says why
            }
        }
    }
}
