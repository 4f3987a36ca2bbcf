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
            String url = fileUrl(h2File, multiProcess);
            createH2FileAtomically(h2File, schema);
            return openH2(url, false, schema, requirePostgres);
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

    /** See {@link ResultStore#checkFits}. */
    public static void checkFits(io.llmbench.core.EndpointResult result) {
        RunWriter.validate(result);
    }

    /** See {@link ResultStore#contentKey}. */
    public static String contentKey(io.llmbench.core.EndpointResult result) {
        return RunJson.contentKey(result);
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

    /** Marks the name of a store file still being created: {@code .NAME.creating-RANDOM.mv.db}. */
    static final String CREATING = ".creating-";
    /** Files of interrupted creations older than this are deleted when a store is next created beside them. */
    static final java.time.Duration STALE_CREATION = java.time.Duration.ofHours(1);

    /**
     * Creates a missing H2 store file as a whole: its tables are made in a hidden file beside it,
     * which then takes the store's name in one step (a hard link, which fails when the name is
     * taken). A first-time setup that is interrupted (Ctrl-C, a crash) leaves no store behind, so
     * the next open starts afresh, instead of a file holding half the tables, which H2 commits one
     * by one and a migration cannot run again over. Two processes creating one store at once each
     * build a file and the second link fails: it opens the first one's.
     */
    static void createH2FileAtomically(Path file, String schema) {
        Path abs = file.toAbsolutePath().normalize();
        String base = abs.toString().endsWith(H2_SUFFIX) ? abs.toString().substring(0, abs.toString().length() - H2_SUFFIX.length())
                : abs.toString();
        Path target = Path.of(base + H2_SUFFIX);
        if (Files.exists(target)) {
            return;
        }
        Path dir = target.getParent();
        String name = Path.of(base).getFileName().toString();
        deleteStaleCreations(dir, name);
        String tmpBase = dir.resolve("." + name + CREATING + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
                .toString();
        Path tmp = Path.of(tmpBase + H2_SUFFIX);
        Path tmpTrace = Path.of(tmpBase + ".trace.db");
        tmp.toFile().deleteOnExit();
        tmpTrace.toFile().deleteOnExit();
        // not closed by H2 at JVM exit: an interrupted creation is abandoned as it is, never half-closed under the migration
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + tmpBase + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        try {
            Migrations.migrate(pool, Dialect.H2, schema);
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("SHUTDOWN");
            }
        } catch (SQLException e) {
            throw new StoreMigrationException("could not create the H2 database " + target, e);
        } finally {
            pool.dispose();
        }
        try {
            try {
                Files.createLink(target, tmp);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (e instanceof java.nio.file.FileAlreadyExistsException) {
                    return;
                }
                // a file system without hard links: a rename, which could replace a store made meanwhile, so check first
                if (!Files.exists(target)) {
                    Files.move(tmp, target);
                }
            }
        } catch (IOException e) {
            throw new StoreMigrationException("could not move the new H2 database into place as " + target, e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(tmpTrace);
        }
    }

    private static void deleteStaleCreations(Path dir, String name) {
        String prefix = "." + name + CREATING;
        java.time.Instant cutoff = java.time.Instant.now().minus(STALE_CREATION);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix)).forEach(f -> {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException ignored) {
                    // another process's, or gone already
                }
            });
        } catch (IOException ignored) {
            // nothing to clean up then
        }
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // deleteOnExit tries again
        }
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
