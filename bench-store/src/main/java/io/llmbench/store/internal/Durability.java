package io.llmbench.store.internal;

import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store does so that a write it reports as done survives a crash: the statements run
 * inside each writing transaction and after its commit. Thread-safe.
 *
 * <ul>
 * <li>H2 (a file, or a server): H2 keeps committed changes in memory for up to
 *     {@code WRITE_DELAY} ms (500 by default) and does not call fsync on commit. After every
 *     commit the store runs {@code CHECKPOINT SYNC}, which writes the changes to the file and
 *     forces them to the disk ({@code FileChannel.force}). It needs admin rights; a store opened
 *     through a caller's data source as a user without them falls back to H2's own setting and
 *     logs a warning once.</li>
 * <li>H2 in memory: nothing to make durable.</li>
 * <li>PostgreSQL: a commit waits for its WAL flush unless {@code synchronous_commit} is
 *     {@code off}; in that case the store turns it {@code on} for its own transactions
 *     ({@code SET LOCAL}), leaving other values (stricter, or {@code local}/{@code remote_write},
 *     which flush locally too) alone.</li>
 * </ul>
 */
abstract class Durability {
    private static final Logger LOG = LoggerFactory.getLogger(Durability.class);
    /** H2's error code for a statement that needs admin rights. */
    private static final String H2_ADMIN_RIGHTS_REQUIRED = "90040";

    /** Runs inside a writing transaction, before its statements. */
    void beginWrite(Handle transaction) {
    }

    /** Runs after a writing transaction committed, on the same handle. */
    void committed(Handle handle) {
    }

    /** Nothing to do: an in-memory database. */
    static final Durability NONE = new Durability() {
        @Override
        public String toString() {
            return "none (in memory)";
        }
    };

    /** The durability measures for the database behind {@code jdbi}. */
    static Durability of(Dialect dialect, Jdbi jdbi) {
        if (dialect == Dialect.POSTGRESQL) {
            warnWhenPostgresDoesNotSync(jdbi);
            return new Postgres();
        }
        String url = jdbi.withHandle(h -> {
            try {
                return h.getConnection().getMetaData().getURL();
            } catch (SQLException e) {
                return null;
            }
        });
        if (url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")) {
            return NONE;
        }
        return new H2Sync();
    }

    private static void warnWhenPostgresDoesNotSync(Jdbi jdbi) {
        try {
            String fsync = jdbi.withHandle(h -> h.createQuery("SELECT current_setting('fsync')").mapTo(String.class).one());
            if ("off".equalsIgnoreCase(fsync)) {
                LOG.warn("the PostgreSQL server runs with fsync=off: runs the store reports as saved may be lost "
                        + "if the server's machine crashes");
            }
        } catch (JdbiException e) {
            LOG.debug("could not read the PostgreSQL fsync setting", e);
        }
    }

    /** {@code CHECKPOINT SYNC} after each commit. */
    private static final class H2Sync extends Durability {
        private final AtomicBoolean unavailable = new AtomicBoolean();

        @Override
        void committed(Handle handle) {
            if (unavailable.get()) {
                return;
            }
            try {
                handle.execute("CHECKPOINT SYNC");
            } catch (JdbiException e) {
                if (!adminRightsMissing(e)) {
                    throw e;
                }
                if (unavailable.compareAndSet(false, true)) {
                    LOG.warn("the H2 user of this store has no admin rights, so the store cannot force its saves to the disk "
                            + "(CHECKPOINT SYNC); H2's WRITE_DELAY applies instead: a crash may lose the last saves");
                }
            }
        }

        private static boolean adminRightsMissing(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && H2_ADMIN_RIGHTS_REQUIRED.equals(s.getSQLState())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "CHECKPOINT SYNC after each commit";
        }
    }

    /** {@code synchronous_commit} on for the store's transactions when the session has it off. */
    private static final class Postgres extends Durability {
        @Override
        void beginWrite(Handle transaction) {
            transaction.createQuery("SELECT set_config('synchronous_commit', 'on', true) "
                    + "WHERE current_setting('synchronous_commit') = 'off'").mapTo(String.class).findOne();
        }

        @Override
        public String toString() {
            return "synchronous_commit at least local";
        }
    }
}
