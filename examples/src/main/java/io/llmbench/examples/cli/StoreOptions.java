package io.llmbench.examples.cli;

import io.llmbench.store.ResultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --store}: where runs are kept. An H2 file by default; any H2 or PostgreSQL JDBC URL. */
final class StoreOptions {
    /** The default store: an H2 file under {@code ./llmbench-out/} ({@code llmbench.mv.db}). */
    static final String DEFAULT_STORE = "llmbench-out/llmbench";
    /** Where {@code llmbench demo} keeps its runs unless given {@code --store}. */
    static final String DEMO_STORE = "llmbench-out/demo/llmbench";

    @Option(names = "--store", paramLabel = "PATH|JDBC-URL", defaultValue = DEFAULT_STORE,
            description = {"Where runs are kept: an H2 file path (H2 adds .mv.db), or a JDBC URL such as "
                    + "jdbc:postgresql://db:5432/bench. Default: ${DEFAULT-VALUE}."})
    String store = DEFAULT_STORE;

    @Option(names = "--store-user", paramLabel = "USER", description = "Database user for a JDBC URL.")
    String user;

    @Option(names = "--store-password-env", paramLabel = "VAR",
            description = "Environment variable holding the database password for a JDBC URL.")
    String passwordEnv;

    @Option(names = "--store-schema", paramLabel = "SCHEMA",
            description = "Keep the store's tables in this schema (created when missing).")
    String schema;

    boolean isJdbc() {
        return store.regionMatches(true, 0, "jdbc:", 0, 5);
    }

    /** The location for messages, passwords masked. */
    String describe() {
        if (isJdbc()) {
            return Errors.redactPasswords(store);
        }
        return h2File().toString();
    }

    /** The H2 file H2 will write, with its {@code .mv.db} suffix. */
    Path h2File() {
        Path p = Path.of(store);
        return p.getFileName().toString().endsWith(".mv.db") ? p : p.resolveSibling(p.getFileName() + ".mv.db");
    }

    /** Opens the store, creating an H2 file when it does not exist. */
    ResultStore open(CliContext ctx) {
        return open(ctx, true);
    }

    /**
     * Opens the store.
     *
     * @param create whether a missing H2 file may be created (false for commands that only read)
     */
    ResultStore open(CliContext ctx, boolean create) {
        String previous = ctx.onInterrupt("interrupted while opening the store " + describe()
                + ": nothing was written, and it opens as before next time");
        try {
            return openStore(ctx, create);
        } catch (RuntimeException e) {
            // the database closes under a Ctrl-C: that failure is the interrupt's, whose line is printed
            throw ctx.interrupted() ? CliException.afterInterrupt(e) : e;
        } finally {
            ctx.onInterrupt(previous);
        }
    }

    private ResultStore openStore(CliContext ctx, boolean create) {
        ResultStore.Builder b = ResultStore.builder();
        if (schema != null) {
            b.schema(schema);
        }
        if (!isJdbc()) {
            if (store.isBlank()) {
                throw CliException.badFlag("--store", "must be a file path or a JDBC URL, but was empty");
            }
            if (!create && !Files.exists(h2File()) && store.equals(DEFAULT_STORE) && Files.exists(Path.of(DEMO_STORE + ".mv.db"))) {
                // after 'llmbench demo', the read commands find its runs without being told
                ctx.err().println("no store at " + h2File() + "; reading the demo's store " + DEMO_STORE + ".mv.db (--store chooses another)");
                store = DEMO_STORE;
            }
            if (!create && !Files.exists(h2File())) {
                throw new CliException("store " + h2File() + " does not exist: run a benchmark or import results first, "
                        + "or point --store at an existing one");
            }
            return b.h2File(Path.of(store)).open();
        }
        String lower = store.toLowerCase(Locale.ROOT);
        String password = null;
        if (passwordEnv != null) {
            password = ctx.env().apply(passwordEnv);
            if (password == null) {
                throw CliException.badFlag("--store-password-env", "environment variable " + passwordEnv + " is not set");
            }
            ctx.secret(password);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setURL(store);
            if (user != null) {
                ds.setUser(user);
            }
            if (password != null) {
                ds.setPassword(password);
            }
            return b.dataSource(ds).open();
        }
        if (lower.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL(store);
            ds.setUser(user == null ? "sa" : user);
            ds.setPassword(password == null ? "" : password);
            return b.dataSource(ds).open();
        }
        throw CliException.badFlag("--store", "must be a file path or a jdbc:h2: or jdbc:postgresql: URL, but was '"
                + describe() + "'");
    }
}
